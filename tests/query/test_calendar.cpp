// England and Wales bank holidays (as published on gov.uk) and working-day counting.
#include "query/calendar.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace evidex::query;

namespace {

std::vector<std::string> holidays(int year) {
  std::vector<std::string> out;
  for (const auto& d : bank_holidays_england_wales(year)) {
    out.push_back(iso(d));
  }
  return out;
}

}  // namespace

TEST_CASE("calendar: bank holidays match the published lists", "[calendar]") {
  CHECK(holidays(2026) == std::vector<std::string>{"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04",
                                                   "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"});
  CHECK(holidays(2027) == std::vector<std::string>{"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03",
                                                   "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"});
  CHECK(holidays(2022) == std::vector<std::string>{"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02",
                                                   "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19",
                                                   "2022-12-26", "2022-12-27"});
  CHECK(holidays(2023) == std::vector<std::string>{"2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01",
                                                   "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25",
                                                   "2023-12-26"});
  CHECK(holidays(2020).at(3) == "2020-05-08");
}

TEST_CASE("calendar: working days skip weekends and bank holidays", "[calendar]") {
  // Thursday 9 April 2026: 7 working days earlier skips Easter (3 and 6 April) and two weekends.
  CHECK(iso(working_days_before(*parse_iso_day("2026-04-09"), 7)) == "2026-03-27");
  CHECK(iso(working_days_before(*parse_iso_day("2026-03-10"), 7)) == "2026-02-27");
  CHECK(is_working_day(*parse_iso_day("2026-03-10")));
  CHECK_FALSE(is_working_day(*parse_iso_day("2026-03-14")));  // Saturday
  CHECK_FALSE(is_working_day(*parse_iso_day("2026-12-28")));  // Boxing Day substitute
}

TEST_CASE("calendar: ISO dates", "[calendar]") {
  CHECK(iso(*parse_iso_day("2026-02-20T09:00:00Z")) == "2026-02-20");
  CHECK_FALSE(parse_iso_day("2026-02-30"));
  CHECK_FALSE(parse_iso_day("20/02/2026"));
  CHECK_FALSE(parse_iso_day("2026-2-20"));
}
