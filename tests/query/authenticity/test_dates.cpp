// Dates as apprentices and employers write them on forms, read day-first as in the UK.
#include "indexer/util/errors.hpp"
#include "query/authenticity/dates.hpp"

#include <catch2/catch.hpp>

using evidex::query::parse_iso_date;
using evidex::query::parse_uk_date;

TEST_CASE("dates: the UK forms people write are read day first", "[declaration][dates]") {
  auto [text, iso] = GENERATE(table<std::string, std::string>({
      {"20/02/2026", "2026-02-20"},
      {"20-02-2026", "2026-02-20"},
      {"20.02.2026", "2026-02-20"},
      {"20.02.26", "2026-02-20"},
      {"5/3/26", "2026-03-05"},
      {"20 February 2026", "2026-02-20"},
      {"20th Feb 2026", "2026-02-20"},
      {"1st March 2026", "2026-03-01"},
      {"22nd Sept 2026", "2026-09-22"},
      {"20th of February, 2026", "2026-02-20"},
      {"20-Feb-26", "2026-02-20"},
      {"Friday 20 February 2026", "2026-02-20"},
      {"Fri, 20/02/2026", "2026-02-20"},
      {"February 20, 2026", "2026-02-20"},
      {"2026-02-20", "2026-02-20"},
      {"2026/2/20", "2026-02-20"},
      {"  20/02/2026. ", "2026-02-20"},
      {"29/02/2028", "2028-02-29"},
  }));
  CAPTURE(text);
  CHECK(parse_uk_date(text) == iso);
}

TEST_CASE("dates: what is not a real day, or not only a date, is not read", "[declaration][dates]") {
  auto text = GENERATE(as<std::string>{}, "31/02/2026", "29/02/2026", "02/20/2026", "32/01/2026", "00/01/2026",
                       "20/13/2026", "20/02-2026", "20 Febtober 2026", "signed 20/02/2026", "20/02/2026 at gateway",
                       "20/02", "2026", "", "   ", "tomorrow", "20/02/1850", "20/02/2150", "Sam Patel", "[image]");
  CAPTURE(text);
  CHECK_FALSE(parse_uk_date(text));
}

TEST_CASE("dates: the command line takes YYYY-MM-DD only", "[declaration][dates]") {
  CHECK(parse_iso_date("2026-03-01") == "2026-03-01");
  CHECK_FALSE(parse_iso_date("2026-02-30"));
  CHECK_FALSE(parse_iso_date("01/03/2026"));
  CHECK_FALSE(parse_iso_date("2026-3-1"));
  CHECK_THROWS_AS(evidex::query::require_iso_date("2026-13-01", "--assessment-date"), evidex::UsageError);
  CHECK_THROWS_WITH(evidex::query::require_iso_date("soon", "--assessment-date"),
                    "--assessment-date: 'soon' is not a date (YYYY-MM-DD)");
}
