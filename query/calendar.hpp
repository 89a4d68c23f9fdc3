/** @file
 * @brief Dates for the readiness check: ISO dates, England and Wales bank holidays, and counting
 * working days (Monday to Friday, not a bank holiday).
 */
#pragma once

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace evidex::query {

using Day = std::chrono::year_month_day;

/// "2026-03-10" (also the date part of "2026-03-10T09:00:00Z"); nullopt when it is not one.
std::optional<Day> parse_iso_day(std::string_view text);
std::string iso(const Day& day);

/// England and Wales bank holidays of a year: the rules of the Banking and Financial Dealings Act
/// 1971 and the royal proclamations that moved or added days (2020, 2022, 2023).
std::set<Day> bank_holidays_england_wales(int year);

bool is_working_day(const Day& day);

/// The day `n` working days before `day` (not counting `day` itself).
Day working_days_before(const Day& day, int n);

}  // namespace evidex::query
