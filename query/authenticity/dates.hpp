/** @file
 * @brief Dates as people write them on UK forms, read into ISO 8601 ("YYYY-MM-DD") so that they can
 * be compared with an assessment date. Used by the declaration check and the readiness check.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace evidex::query {

/// The date a person wrote, as "YYYY-MM-DD"; nullopt when it is not one, or not a real day
/// (31/02/2026). Day before month, as in the UK:
///   20/02/2026, 20-02-2026, 20.02.2026, 20/2/26 (a two-digit year is 20yy),
///   20 February 2026, 20th Feb 2026, 20-Feb-26, 20th of February, 2026, Friday 20 February 2026,
///   February 20, 2026 (a month written in words cannot be misread), 2026-02-20, 2026/02/20.
/// Surrounding blanks and a final full stop are ignored; anything else around the date is not
/// ("signed 20/02/2026" is nullopt). Years run from 1900 to 2099.
std::optional<std::string> parse_uk_date(std::string_view text);

/// A date given on the command line: exactly "YYYY-MM-DD" and a real day; nullopt otherwise.
std::optional<std::string> parse_iso_date(std::string_view text);

/// parse_iso_date, or UsageError "<option>: '<text>' is not a date (YYYY-MM-DD)".
std::string require_iso_date(std::string_view text, std::string_view option);

}  // namespace evidex::query
