/** @file
 * @brief A workbook's stored text read back into its sheets. The office handlers write each sheet
 * as its name on one line, then one line per row with cells joined by TAB, an empty row above or
 * between rows as a line holding only a TAB, and a blank line after the sheet
 * (indexer/extract/sheet_text.hpp). Legacy .xls text comes from xls2csv instead: no sheet names,
 * one form feed after each sheet.
 */
#pragma once

#include "mapping/evidence_map/table.hpp"

#include <string_view>
#include <vector>

namespace evidex::mapping {

/// Sheets of an xlsx, xlsm or ods item's text, in order. Text after the last sheet (cell comments)
/// reads as one more sheet, which has no map header and so does no harm.
std::vector<Table> read_stored_workbook(std::string_view text);

/// Sheets of an xls item's text (xls2csv with TAB between cells), named "Sheet1", "Sheet2", ...
std::vector<Table> read_stored_xls(std::string_view text);

}  // namespace evidex::mapping
