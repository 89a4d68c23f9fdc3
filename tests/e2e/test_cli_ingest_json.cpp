// `ingest --format json`: what an upload did, for scripts, with everything the text summary says.
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace evidex::test;
using nlohmann::json;

TEST_CASE("ingest --format json reports items, errors, warnings, change and tags", "[e2e][manners]") {
  TempDir work;
  const auto store = work / "store";
  Run first = run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001", "--format",
                                 "json"});
  REQUIRE(first.exit_code == 0);
  const json r = json::parse(first.out);  // nothing but the JSON on stdout
  CHECK(r["apprentice"] == "A001");
  CHECK(r["path"] == fixture("sample-bundle.zip").string());
  CHECK(r["unchanged"] == false);
  CHECK(r["bundle"]["name"] == "sample-bundle.zip");
  CHECK(r["bundle"]["sha256"].get<std::string>().size() == 64);
  CHECK(r["bundle"]["bytes"] == std::filesystem::file_size(fixture("sample-bundle.zip")));
  CHECK(r["bundle"]["seconds"].is_number());
  CHECK(r["items"].get<int>() >= 13);
  CHECK(r["failed"] == r["errors"].size());
  CHECK(r["errors"].is_array());
  CHECK(r["warnings"].is_array());
  CHECK(r["index_problem"].is_null());
  CHECK(r["change"]["added"].size() == r["items"].get<std::size_t>());
  CHECK(r["change"]["dropped"].empty());
  CHECK(r["change"]["kept"] == 0);
  CHECK(r["change"]["bundles"] == 1);
  CHECK(r["tags"]["standard"] == "ST0072");
  CHECK(r["tags"]["explicit"].get<int>() > 0);
  CHECK(r["tags"]["map"].get<int>() > 0);
  CHECK(r["tags"]["maps"] == json::array({"Showcase/00 Evidence map.xlsx"}));
  CHECK(r["problems"].is_array());

  // The text says the same figures.
  Run text = run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "T1"});
  CHECK_THAT(text.out, Catch::Contains(": " + std::to_string(r["items"].get<int>()) + " items, " +
                                       std::to_string(r["failed"].get<int>()) + " could not be extracted"));
  CHECK_THAT(text.out, Catch::Contains(std::to_string(r["tags"]["explicit"].get<int>()) + " explicit, " +
                                       std::to_string(r["tags"]["map"].get<int>()) + " from the evidence map"));

  // The same bytes again: unchanged.
  const json again = json::parse(run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice",
                                                    "A001", "--format", "json"})
                                     .out);
  CHECK(again["unchanged"] == true);
  CHECK(again["items"] == r["items"]);
  CHECK(again["bundle"]["sha256"] == r["bundle"]["sha256"]);
}

TEST_CASE("ingest --format json: a failed item, a bundle warning and a new version's changes", "[e2e][manners]") {
  TempDir work;
  const auto store = work / "store";
  write_archive(work / "up.zip", {{"keep.txt", "kept words"}, {"gone.txt", "dropped words"}});
  REQUIRE(run_evidex(store, {"ingest", (work / "up.zip").string(), "--apprentice", "B1"}).exit_code == 0);
  // The new version: one item kept, one dropped, one broken PDF, a name given twice.
  write_archive(work / "up.zip", {{"keep.txt", "kept words"},
                                  {"broken.pdf", "%PDF-1.4\nnot really a pdf"},
                                  {"twice.txt", "one"},
                                  {"twice.txt", "two"}});
  Run run = run_evidex(store, {"ingest", (work / "up.zip").string(), "--apprentice", "B1", "--format", "json"});
  REQUIRE(run.exit_code == 0);
  const json r = json::parse(run.out);
  REQUIRE(r["errors"].size() == 1);
  CHECK(r["errors"][0]["path"] == "broken.pdf");
  CHECK_FALSE(r["errors"][0]["message"].get<std::string>().empty());
  CHECK(r["failed"] == 1);
  REQUIRE_FALSE(r["warnings"].empty());
  CHECK_THAT(r["warnings"].dump(), Catch::Contains("twice.txt"));
  CHECK(r["change"]["dropped"] == json::array({"gone.txt"}));
  CHECK(r["change"]["kept"] == 1);
  REQUIRE(r["change"]["replaced"].size() == 1);
  CHECK(r["change"]["replaced"][0]["name"] == "up.zip");
  CHECK(r["change"]["replaced"][0]["items"] == 2);
}
