// An unexpected internal failure (not bad input, not a bad store) exits 4 with one 'evidex: internal
// error:' line, so that a script can tell it from check's "not ready" (1), and leaves the store as it
// was. EVIDEX_TEST_FAIL_AT throws at a named point of the writer (indexer/util/test_hooks.hpp).
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace evidex::test;
using nlohmann::json;

TEST_CASE("an internal failure during an ingest exits 4 and stores nothing", "[e2e][manners][fault]") {
  TempDir work;
  const auto store = work / "store";
  REQUIRE(run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001", "--quiet"})
              .exit_code == 0);
  const std::string items_before = run_evidex(store, {"items", "--apprentice", "A001", "--format", "json"}).out;

  ChildSetup failing;
  failing.env = {"EVIDEX_TEST_FAIL_AT=uncommitted-item-row#3"};
  Run run = run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "B002", "--quiet"},
                       failing);
  CHECK(run.exit_code == 4);
  CHECK(run.err == "evidex: internal error: injected failure at uncommitted-item-row#3\n");

  // Nothing of B002 went in; A001 is as it was; the next writer works.
  Run apprentices = run_evidex(store, {"apprentices", "--format", "json"});
  REQUIRE(apprentices.exit_code == 0);
  json list = json::parse(apprentices.out);
  REQUIRE(list.size() == 1);
  CHECK(list[0]["apprentice"] == "A001");
  CHECK(run_evidex(store, {"items", "--apprentice", "A001", "--format", "json"}).out == items_before);
  Run again = run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "B002", "--quiet"});
  CHECK(again.exit_code == 0);
  CHECK(json::parse(run_evidex(store, {"items", "--apprentice", "B002", "--format", "json"}).out) ==
        json::parse(items_before));
}
