/** @file
 * @brief CSV and TSV text as a Table: RFC 4180 quoting (quoted delimiters, line breaks and doubled
 * quotes), read leniently as spreadsheet programs do, a UTF-8 byte order mark skipped, and the
 * delimiter (comma, semicolon or TAB) guessed from the text.
 */
#pragma once

#include "mapping/evidence_map/table.hpp"

#include <cstddef>
#include <limits>
#include <string_view>
#include <vector>

namespace evidex::mapping {

/// ',', ';' and '\t', the likeliest delimiter of `text` first: the one that splits most of the
/// first records into the same number (above one) of fields. Ties keep that order.
std::vector<char> csv_delimiters(std::string_view text);

/// The first max_records records of `text`. A record is a row, numbered as a spreadsheet program
/// shows it: a line break inside quotes does not start a new one, an empty line does.
Table parse_csv(std::string_view text, char delimiter,
                std::size_t max_records = std::numeric_limits<std::size_t>::max());

}  // namespace evidex::mapping
