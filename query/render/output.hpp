/** @file
 * @brief Output formats shared by the query commands: text for people, JSON and CSV for programs.
 */
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace evidex::query {

enum class Format { text, json, csv };

/// "text" | "json" | "csv"; throws UsageError otherwise.
Format parse_format(std::string_view name);

/// JSON for programs: indented by two, invalid UTF-8 replaced (text comes from uploads), and a
/// final newline.
std::string json_text(const nlohmann::json& value);

/// One CSV record (RFC 4180 quoting), ending in "\r\n". A field that a spreadsheet would run as a
/// formula (starting with '=', '+', '-', '@', tab or CR, and not a plain number) gets a leading "'".
std::string csv_row(const std::vector<std::string>& fields);

/// "0 B", "812 B", "12.4 KB", "3.1 MB".
std::string human_bytes(std::uint64_t bytes);

/// Left-aligned columns, two spaces apart; the last column is not padded.
std::string format_table(const std::vector<std::vector<std::string>>& rows);

}  // namespace evidex::query
