/** @file
 * @brief Dates for the readiness check: ISO dates, England and Wales bank holidays, and counting
 * working days (Monday to Friday, not a bank holiday).
 */
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace evidex::query {

using Day = std::chrono::year_month_day;

/// "2026-03-10" (also the date part of "2026-03-10T09:00:00Z"); nullopt when it is not one.
std::optional<Day> parse_iso_day(std::string_view text);
std::string iso(const Day& day);

/// England and Wales bank holidays of a year by the rules of the Banking and Financial Dealings Act
/// 1971 and the royal proclamations that moved or added days (2020, 2022, 2023): the fallback for
/// years the published list does not hold, since a proclamation can move any future day.
std::set<Day> bank_holidays_by_rule(int year);

/// England and Wales bank holidays: the published list for the years it holds, the rules for others.
class BankHolidays {
public:
  /// No published list: every year by the rules.
  BankHolidays() = default;
  /// A document in the shape of https://www.gov.uk/bank-holidays.json (its "england-and-wales"
  /// events; other divisions are ignored). `source` names it in errors. Throws InputError.
  static BankHolidays from_json(std::string_view text, const std::string& source);
  static BankHolidays from_file(const std::filesystem::path& file);

  std::set<Day> of_year(int year) const;
  /// Whether the published list holds this year (else of_year() applies the rules).
  bool published(int year) const { return m_published.count(year) != 0; }
  /// The first and last year the list holds; nullopt when it holds none.
  std::optional<std::pair<int, int>> published_years() const;
  const std::string& source() const { return m_source; }

private:
  std::map<int, std::set<Day>> m_published;
  std::string m_source;
};

/// The list evidex ships (bank-holidays.json beside its standards), or $EVIDEX_BANK_HOLIDAYS: a
/// fresh download of gov.uk/bank-holidays.json, so that a new proclamation needs no new evidex.
/// Read once; throws InputError naming the file when it cannot be read.
const BankHolidays& shipped_bank_holidays();

bool is_working_day(const Day& day, const BankHolidays& holidays);

/// The day `n` working days before `day` (not counting `day` itself).
Day working_days_before(const Day& day, int n, const BankHolidays& holidays);

}  // namespace evidex::query
