// `evidex apprentices`: who is in the store, for people (a table) and for scripts (CSV is what the
// bash completion reads, JSON for the rest).
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace evidex::test;

TEST_CASE("apprentices lists every apprentice with standard, assessor, bundles and items", "[e2e][manners]") {
  TempDir work;
  const auto store = work / "store";
  write_archive(work / "one.zip", {{"a.txt", "first"}, {"b.txt", "second"}});
  write_archive(work / "two.zip", {{"c.txt", "third"}});
  REQUIRE(run_evidex(store, {"ingest", (work / "one.zip").string(), "--apprentice", "B2", "--name", "Bea Jones",
                             "--assessor", "AS7"})
              .exit_code == 0);
  REQUIRE(run_evidex(store, {"ingest", (work / "two.zip").string(), "--apprentice", "B2"}).exit_code == 0);
  REQUIRE(run_evidex(store, {"ingest", (work / "two.zip").string(), "--apprentice", "A1", "--standard", "ST0071"})
              .exit_code == 0);

  Run csv = run_evidex(store, {"apprentices", "--format", "csv"});
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out ==
        "apprentice,name,standard,assessor,bundles,items\r\n"
        "A1,,ST0071,,1,1\r\n"
        "B2,Bea Jones,ST0072,AS7,2,3\r\n");

  Run json = run_evidex(store, {"apprentices", "--format", "json"});
  REQUIRE(json.exit_code == 0);
  auto list = nlohmann::json::parse(json.out);
  REQUIRE(list.size() == 2);
  CHECK(list[1] == nlohmann::json{{"apprentice", "B2"}, {"name", "Bea Jones"}, {"standard", "ST0072"},
                                  {"assessor", "AS7"}, {"bundles", 2}, {"items", 3}});

  Run text = run_evidex(store, {"apprentices"});
  REQUIRE(text.exit_code == 0);
  CHECK(text.out ==
        "APPRENTICE  NAME       STANDARD  ASSESSOR  BUNDLES  ITEMS\n"
        "A1                     ST0071              1        1\n"
        "B2          Bea Jones  ST0072    AS7       2        3\n");

  // Forgotten apprentices are gone from the list.
  REQUIRE(run_evidex(store, {"forget", "--apprentice", "A1", "--yes"}).exit_code == 0);
  CHECK(run_evidex(store, {"apprentices", "--format", "csv"}).out ==
        "apprentice,name,standard,assessor,bundles,items\r\nB2,Bea Jones,ST0072,AS7,2,3\r\n");

  TempDir empty;
  Run none = run_evidex(empty / "store", {"apprentices"});
  CHECK(none.exit_code == 3);  // no store there: nothing to list, as for every query
}
