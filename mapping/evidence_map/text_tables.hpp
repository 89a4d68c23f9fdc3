/** @file
 * @brief The tables of a document's text. The office handlers write a DOCX/ODT table row as one
 * line with its cells separated by TAB (indexer/extract/office_common.cpp), and PDF text is being
 * given the same shape; a run of such lines is one table. An evidence map typed into a Word table
 * is read from here like a sheet.
 */
#pragma once

#include "mapping/evidence_map/table.hpp"

#include <string_view>
#include <vector>

namespace evidex::mapping {

/// Every run of consecutive lines holding a TAB (a form feed between pages does not end it: a table
/// goes on over a page break), named "table 1", "table 2", ... in document order. Row numbers
/// count the table's rows from 1, as a person counts them in the document.
std::vector<Table> read_text_tables(std::string_view text);

}  // namespace evidex::mapping
