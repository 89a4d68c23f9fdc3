#include "query/authenticity/dates.hpp"

#include "query/calendar/calendar.hpp"

#include "indexer/util/errors.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <regex>

namespace evidex::query {
namespace {

bool is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in(int year, int month) {
  static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[static_cast<std::size_t>(month - 1)];
}

/// "YYYY-MM-DD" when the parts make a real day in 1900-2099; a two-digit year is 20yy.
std::optional<std::string> make_date(int year, int month, int day, bool two_digit_year) {
  if (two_digit_year) {
    year += 2000;
  }
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 || day > days_in(year, month)) {
    return std::nullopt;
  }
  char buf[40];  // room for any int, which the checks above rule out
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return std::string(buf);
}

/// 1-12 for an English month name or its abbreviation ("feb", "sept"); 0 otherwise.
int month_number(const std::string& word) {
  static constexpr std::array<const char*, 12> names{"january",   "february", "march",    "april",
                                                     "may",       "june",     "july",     "august",
                                                     "september", "october",  "november", "december"};
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string full = names[i];
    if (word == full || (word.size() >= 3 && full.rfind(word, 0) == 0 && (word.size() == 3 || word == "sept"))) {
      return static_cast<int>(i) + 1;
    }
  }
  return 0;
}

int to_int(const std::string& digits) {
  return std::stoi(digits);  // callers pass 1-4 ASCII digits
}

}  // namespace

std::optional<std::string> parse_uk_date(std::string_view text) {
  std::string s;
  for (char c : text) {
    s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return std::nullopt;
  }
  auto last = s.find_last_not_of(" \t\r\n.");
  s = last == std::string::npos || last < first ? std::string() : s.substr(first, last - first + 1);
  // A weekday in front ("Friday 20 February 2026", "Fri, 20/02/2026") says nothing more.
  static const std::regex weekday(
      R"(^(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(day|sday|nesday|rsday|urday)?\.?,?\s+)");
  s = std::regex_replace(s, weekday, "", std::regex_constants::format_first_only);

  static const std::regex numeric(R"(^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})$)");
  static const std::regex iso(R"(^(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})$)");
  static const std::regex day_month(R"(^(\d{1,2})(?:st|nd|rd|th)?[\s\-]*(?:of\s+)?([a-z]+)\.?,?[\s\-]+(\d{4}|\d{2})$)");
  static const std::regex month_day(R"(^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$)");
  std::smatch m;
  if (std::regex_match(s, m, numeric)) {
    return make_date(to_int(m[4]), to_int(m[3]), to_int(m[1]), m[4].length() == 2);
  }
  if (std::regex_match(s, m, iso)) {
    return make_date(to_int(m[1]), to_int(m[3]), to_int(m[4]), false);
  }
  if (std::regex_match(s, m, day_month)) {
    int month = month_number(m[2]);
    return month ? make_date(to_int(m[3]), month, to_int(m[1]), m[3].length() == 2) : std::nullopt;
  }
  if (std::regex_match(s, m, month_day)) {
    int month = month_number(m[1]);
    return month ? make_date(to_int(m[3]), month, to_int(m[2]), false) : std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> parse_iso_date(std::string_view text) {
  auto day = text.size() == 10 ? parse_iso_day(text) : std::nullopt;
  return day ? std::optional<std::string>(iso(*day)) : std::nullopt;
}

std::string require_iso_date(std::string_view text, std::string_view option) {
  if (auto date = parse_iso_date(text)) {
    return *date;
  }
  throw UsageError(std::string(option) + ": '" + std::string(text) + "' is not a date (YYYY-MM-DD)");
}

}  // namespace evidex::query
