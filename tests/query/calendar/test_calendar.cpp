// England and Wales bank holidays (the published list shipped as data, the rules as fallback) and
// working-day counting.
#include "query/calendar/calendar.hpp"

#include "indexer/util/errors.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace evidex::query;

namespace {

std::vector<std::string> as_iso(const std::set<Day>& days) {
  std::vector<std::string> out;
  for (const auto& d : days) {
    out.push_back(iso(d));
  }
  return out;
}

// The list the binary reads: bank-holidays.json beside the shipped standards.
const BankHolidays& shipped_list() { return shipped_bank_holidays(); }

Day day(const char* text) { return *parse_iso_day(text); }

}  // namespace

TEST_CASE("calendar: the shipped list holds the published bank holidays", "[calendar]") {
  const BankHolidays& list = shipped_list();
  REQUIRE(list.published_years() == std::pair{2018, 2028});
  CHECK(as_iso(list.of_year(2026)) == std::vector<std::string>{"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04",
                                                              "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"});
  CHECK(as_iso(list.of_year(2027)) == std::vector<std::string>{"2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03",
                                                              "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"});
  CHECK(as_iso(list.of_year(2022)) == std::vector<std::string>{"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02",
                                                              "2022-06-02", "2022-06-03", "2022-08-29", "2022-09-19",
                                                              "2022-12-26", "2022-12-27"});
  CHECK(as_iso(list.of_year(2023)) == std::vector<std::string>{"2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01",
                                                              "2023-05-08", "2023-05-29", "2023-08-28", "2023-12-25",
                                                              "2023-12-26"});
  CHECK(as_iso(list.of_year(2020)).at(3) == "2020-05-08");
}

TEST_CASE("calendar: the rules agree with every year of the published list", "[calendar]") {
  // Where they part, one of them is wrong: a typo in the data or a proclamation the rules lack.
  const BankHolidays& list = shipped_list();
  for (int year = 2018; year <= 2028; ++year) {
    INFO(year);
    CHECK(as_iso(bank_holidays_by_rule(year)) == as_iso(list.of_year(year)));
  }
}

TEST_CASE("calendar: the list decides the years it holds, the rules the others", "[calendar]") {
  // A proclamation the rules cannot know: an extra bank holiday on Tuesday 1 December 2026.
  BankHolidays list = BankHolidays::from_json(
      R"({"england-and-wales": {"division": "england-and-wales", "events": [
           {"title": "Christmas Day", "date": "2026-12-25", "notes": "", "bunting": true},
           {"title": "Extra bank holiday", "date": "2026-12-01", "notes": "Extra bank holiday", "bunting": true}]},
         "scotland": {"division": "scotland", "events": [{"title": "St Andrew’s Day", "date": "2026-11-30"}]}})",
      "test.json");
  CHECK(list.published(2026));
  CHECK_FALSE(list.published(2027));
  CHECK(as_iso(list.of_year(2026)) == std::vector<std::string>{"2026-12-01", "2026-12-25"});
  CHECK(list.of_year(2027) == bank_holidays_by_rule(2027));
  CHECK_FALSE(is_working_day(day("2026-12-01"), list));
  CHECK(is_working_day(day("2026-11-30"), list));  // Scotland's holiday is not England's
  CHECK(iso(working_days_before(day("2026-12-08"), 7, list)) == "2026-11-26");
  CHECK(iso(working_days_before(day("2026-12-08"), 7, shipped_list())) == "2026-11-27");
  CHECK(iso(working_days_before(day("2026-12-08"), 7, BankHolidays())) == "2026-11-27");
}

TEST_CASE("calendar: a list that is not the gov.uk shape is refused, naming the file", "[calendar]") {
  auto refused = [](const std::string& text) {
    try {
      BankHolidays::from_json(text, "/etc/evidex/holidays.json");
    } catch (const evidex::InputError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK_THAT(refused("<html>"), Catch::StartsWith("bank holidays: /etc/evidex/holidays.json: not JSON"));
  CHECK_THAT(refused(R"({"scotland": {"events": []}})"), Catch::Contains("no \"england-and-wales\" events"));
  CHECK_THAT(refused(R"({"england-and-wales": {"events": [{"date": "01/12/2026"}]}})"),
             Catch::Contains("an event without a date (YYYY-MM-DD)"));
  CHECK_THAT(refused(R"({"england-and-wales": {"events": [{"title": "x"}]}})"), Catch::Contains("without a date"));
  CHECK_THAT(refused(R"({"england-and-wales": {"events": []}})"), Catch::Contains("no events"));
  CHECK_THAT(refused("[]"), Catch::Contains("gov.uk/bank-holidays.json"));
  CHECK_THROWS_AS(BankHolidays::from_file("/nonexistent/bank-holidays.json"), evidex::InputError);
}

TEST_CASE("calendar: working days skip weekends and bank holidays", "[calendar]") {
  const BankHolidays& list = shipped_list();
  // Thursday 9 April 2026: 7 working days earlier skips Easter (3 and 6 April) and two weekends.
  CHECK(iso(working_days_before(day("2026-04-09"), 7, list)) == "2026-03-27");
  CHECK(iso(working_days_before(day("2026-03-10"), 7, list)) == "2026-02-27");
  CHECK(is_working_day(day("2026-03-10"), list));
  CHECK_FALSE(is_working_day(day("2026-03-14"), list));  // Saturday
  CHECK_FALSE(is_working_day(day("2026-12-28"), list));  // Boxing Day substitute
  // Years beyond the list: the rules (Christmas 2031 is a Thursday, Boxing Day a Friday).
  CHECK_FALSE(is_working_day(day("2031-12-26"), list));
  CHECK(is_working_day(day("2031-12-29"), list));
}

TEST_CASE("calendar: ISO dates", "[calendar]") {
  CHECK(iso(*parse_iso_day("2026-02-20T09:00:00Z")) == "2026-02-20");
  CHECK_FALSE(parse_iso_day("2026-02-30"));
  CHECK_FALSE(parse_iso_day("20/02/2026"));
  CHECK_FALSE(parse_iso_day("2026-2-20"));
}
