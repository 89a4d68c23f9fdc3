// CSV opens in spreadsheets, and file names come from uploads: a cell that would run as a formula
// is neutralised with a leading quote (OWASP "CSV injection"); JSON keeps the exact value.
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace evidex::test;

TEST_CASE("CSV cells that a spreadsheet would run as formulas start with a quote", "[e2e][manners]") {
  TempDir work;
  const auto store = work / "store";
  const std::string link = "=HYPERLINK(\"evil.example?q=1\",\"click\").txt";
  write_archive(work / "b.zip", {{link, "quarterly zanzibar figures\n"},
                                 {"+cmd.txt", "zanzibar plus\n"},
                                 {"-2+3.txt", "zanzibar minus\n"},
                                 {"@SUM(A1).txt", "zanzibar at\n"},
                                 {"plain.txt", "zanzibar plain\n"}});
  REQUIRE(run_evidex(store, {"ingest", (work / "b.zip").string(), "--apprentice", "X1"}).exit_code == 0);

  Run items = run_evidex(store, {"items", "--apprentice", "X1", "--format", "csv"});
  REQUIRE(items.exit_code == 0);
  CHECK_THAT(items.out, Catch::Contains("\r\n\"'=HYPERLINK(\"\"evil.example?q=1\"\",\"\"click\"\").txt\","));
  CHECK_THAT(items.out, Catch::Contains("\r\n'+cmd.txt,"));
  CHECK_THAT(items.out, Catch::Contains("\r\n'-2+3.txt,"));
  CHECK_THAT(items.out, Catch::Contains("\r\n'@SUM(A1).txt,"));
  CHECK_THAT(items.out, Catch::Contains("\r\nplain.txt,"));
  CHECK_THAT(items.out, !Catch::Contains("\r\n=") && !Catch::Contains("\r\n\"="));

  Run search = run_evidex(store, {"search", "zanzibar", "--format", "csv"});
  REQUIRE(search.exit_code == 0);
  CHECK_THAT(search.out, Catch::Contains(",\"'=HYPERLINK(\"\"evil.example?q=1\"\",\"\"click\"\").txt\","));
  CHECK_THAT(search.out, Catch::Contains(",'@SUM(A1).txt,"));
  CHECK_THAT(search.out, !Catch::Contains(",=") && !Catch::Contains(",\"="));

  // JSON is for programs: the exact name.
  auto json = nlohmann::json::parse(run_evidex(store, {"items", "--apprentice", "X1", "--format", "json"}).out);
  bool found = false;
  for (const auto& item : json) {
    found = found || item["path"] == link;
  }
  CHECK(found);
}
