// `evidex search` through the binary, as an assessor uses it across showcases.
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

using namespace evidex::test;
using nlohmann::json;

TEST_CASE("search the sample showcase: ranked hits with snippet, path, tags and page", "[e2e][search]") {
  TempDir work;
  REQUIRE(run_evidex(work / "store", {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001",
                                      "--quiet"}).exit_code == 0);
  REQUIRE(run_evidex(work / "store", {"ingest", fixture("bundles/distinction-showcase").string(), "--apprentice",
                                      "P7", "--quiet"}).exit_code == 0);

  Run run = run_evidex(work / "store", {"search", "escalation", "--format", "json"});
  REQUIRE(run.exit_code == 0);
  json r = json::parse(run.out);
  REQUIRE(r["total"].get<int>() >= 3);
  const json& top = r["hits"][0];
  for (const char* field : {"apprentice", "path", "score", "snippet", "tags"}) {
    INFO(field);
    CHECK(top.contains(field));
  }
  CHECK(top["apprentice"] == "A001");
  CHECK_THAT(top["snippet"].get<std::string>(), Catch::Contains("<mark>"));

  // ksb: narrows to items tagged with the criterion, across apprentices.
  json s5 = json::parse(run_evidex(work / "store", {"search", "ksb:12S5", "--format", "json"}).out);
  std::set<std::string> who;
  for (const auto& h : s5["hits"]) {
    who.insert(h["apprentice"].get<std::string>());
    CHECK(std::find(h["tags"].begin(), h["tags"].end(), "12S5") != h["tags"].end());
  }
  CHECK(who == std::set<std::string>{"A001", "P7"});

  Run text = run_evidex(work / "store", {"search", "refund", "--apprentice", "P7"});
  REQUIRE(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("P7  08 Complaint case.txt") && Catch::Contains("[refund]"));
  CHECK(text.out.find("A001") == std::string::npos);

  Run none = run_evidex(work / "store", {"search", "xylophone"});
  CHECK(none.exit_code == 0);
  CHECK_THAT(none.out, Catch::Contains("No matches."));
  Run bad = run_evidex(work / "store", {"search", "boiler AND"});
  CHECK(bad.exit_code == 2);
  Run csv = run_evidex(work / "store", {"search", "complaint", "--format", "csv", "--limit", "2"});
  CHECK(csv.out.rfind("rank,apprentice,path,page,score,tags,snippet\r\n", 0) == 0);
  CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 3);
}
