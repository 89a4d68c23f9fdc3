// An apprentice's portfolio holds every bundle they uploaded: evidence arrives over time, coverage
// spans it all, a bundle with an earlier bundle's name is its new version, `--replace` replaces the
// whole portfolio, and nothing is replaced without a line saying so.
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

using namespace evidex::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

std::set<std::string> item_paths(const fs::path& store, const std::string& apprentice) {
  Run r = run_evidex(store, {"items", "--apprentice", apprentice, "--format", "json"});
  REQUIRE(r.exit_code == 0);
  std::set<std::string> out;
  for (const auto& item : json::parse(r.out)) {
    out.insert(item["path"].get<std::string>());
  }
  return out;
}

std::set<std::string> covered(const fs::path& store, const std::string& apprentice) {
  Run r = run_evidex(store, {"coverage", "--apprentice", apprentice, "--format", "json"});
  REQUIRE(r.exit_code == 0);
  std::set<std::string> out;
  json coverage = json::parse(r.out);
  for (const auto& c : coverage["criteria"]) {
    if (c["covered"].get<bool>()) {
      out.insert(c["ref"].get<std::string>());
    }
  }
  return out;
}

}  // namespace

TEST_CASE("a second upload joins the portfolio instead of replacing it", "[e2e][portfolio]") {
  TempDir work;
  fs::path showcase = work / "showcase";
  write(showcase / "01 Complaint letter (2K1).txt", "I answered Mrs Green's complaint about a late delivery.");
  write(showcase / "02 Team meeting (2K2).txt", "Notes from the weekly team meeting on service levels.");
  write(showcase / "03 Survey results (12S1).txt", "The customer survey scored our call handling at 4.6 of 5.");
  fs::path store = work / "store";
  REQUIRE(run_evidex(store, {"ingest", showcase.string(), "--apprentice", "A1", "-q"}).exit_code == 0);

  fs::path extra = work / "extra.txt";
  write(extra, "Evidence for 12S5: I followed up the refund the next day and confirmed it by e-mail.");
  Run second = run_evidex(store, {"ingest", extra.string(), "--apprentice", "A1", "-q"});
  REQUIRE(second.exit_code == 0);
  CHECK_THAT(second.out, Catch::Contains("1 items"));
  CHECK_THAT(second.out, Catch::Contains("2 bundles with 4 items"));

  CHECK(item_paths(store, "A1") == std::set<std::string>{"01 Complaint letter (2K1).txt", "02 Team meeting (2K2).txt",
                                                          "03 Survey results (12S1).txt", "extra.txt"});
  auto cov = covered(store, "A1");
  for (const char* ref : {"2K1", "2K2", "12S1", "12S5"}) {
    CHECK(cov.count(ref));
  }

  SECTION("the same bytes again change nothing") {
    Run again = run_evidex(store, {"ingest", extra.string(), "--apprentice", "A1", "-q"});
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.out, Catch::Contains("unchanged"));
    CHECK(item_paths(store, "A1").size() == 4);
  }

  SECTION("a bundle with an earlier bundle's name is its new version, and says what it added and dropped") {
    fs::remove(showcase / "02 Team meeting (2K2).txt");
    write(showcase / "04 Witness statement (13B1).txt", "My team leader saw me calm an upset caller.");
    Run v2 = run_evidex(store, {"ingest", showcase.string(), "--apprentice", "A1", "-q"});
    REQUIRE(v2.exit_code == 0);
    CHECK_THAT(v2.out, Catch::Contains("new version of 'showcase'"));
    CHECK_THAT(v2.out, Catch::Contains("1 added, 1 dropped, 2 kept"));
    CHECK_THAT(v2.out, Catch::Contains("dropped: 02 Team meeting (2K2).txt"));
    CHECK(item_paths(store, "A1") == std::set<std::string>{"01 Complaint letter (2K1).txt",
                                                            "03 Survey results (12S1).txt",
                                                            "04 Witness statement (13B1).txt", "extra.txt"});
    auto now = covered(store, "A1");
    CHECK_FALSE(now.count("2K2"));
    CHECK(now.count("13B1"));
    CHECK(now.count("12S5"));  // the other bundle is untouched
  }

  SECTION("an item of a later bundle with a path the portfolio has is qualified, not lost") {
    write_archive(work / "more.zip", {{"01 Complaint letter (2K1).txt", "A second, different complaint letter."},
                                      {"05 Call log (10S1).txt", "Call log for the week of 3 March."}});
    Run more = run_evidex(store, {"ingest", (work / "more.zip").string(), "--apprentice", "A1", "-q"});
    REQUIRE(more.exit_code == 0);
    CHECK_THAT(more.out, Catch::Contains("stored as 'more.zip/01 Complaint letter (2K1).txt'"));
    auto paths = item_paths(store, "A1");
    CHECK(paths.count("01 Complaint letter (2K1).txt"));
    CHECK(paths.count("more.zip/01 Complaint letter (2K1).txt"));
    CHECK(paths.count("05 Call log (10S1).txt"));
    Run text = run_evidex(store, {"text", "--apprentice", "A1", "more.zip/01 Complaint letter (2K1).txt"});
    CHECK_THAT(text.out, Catch::Contains("second, different"));
  }

  SECTION("--replace replaces the whole portfolio and names what it removed") {
    fs::path fresh = work / "fresh";
    write(fresh / "Final showcase (3K1).txt", "The Consumer Rights Act and how it shapes our refund policy.");
    Run r = run_evidex(store, {"ingest", fresh.string(), "--apprentice", "A1", "--replace", "-q"});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("replaced the whole portfolio"));
    CHECK_THAT(r.out, Catch::Contains("showcase, extra.txt"));
    CHECK(item_paths(store, "A1") == std::set<std::string>{"Final showcase (3K1).txt"});
    CHECK(covered(store, "A1") == std::set<std::string>{"3K1"});
  }
}

TEST_CASE("the global options --store and --standards are accepted before or after the subcommand", "[e2e][cli]") {
  TempDir work;
  fs::path bundle = work / "b";
  write(bundle / "Letter (2K1).txt", "A letter to a customer.");
  fs::path store = work / "store";
  // run_evidex puts --store first; here it comes after the subcommand and its arguments.
  Run after = run_evidex_raw({"ingest", bundle.string(), "--apprentice", "A1", "--store", store.string(), "-q"});
  CHECK(after.exit_code == 0);
  CHECK(fs::exists(store / "evidex.sqlite"));
  Run items = run_evidex_raw({"items", "--apprentice", "A1", "--store", store.string(), "--format", "json"});
  REQUIRE(items.exit_code == 0);
  CHECK(json::parse(items.out).size() == 1);
  fs::path standards = work / "standards";
  fs::create_directories(standards);
  Run listed = run_evidex_raw({"standards", "--standards", standards.string(), "--store", store.string()});
  CHECK(listed.exit_code == 0);
  CHECK_THAT(listed.out, Catch::Contains("ST0072"));
  Run nested = run_evidex_raw({"template", "list", "--store", store.string()});
  CHECK(nested.exit_code == 0);
  Run unknown = run_evidex_raw({"items", "--apprentice", "A1", "--stor", store.string()});
  CHECK(unknown.exit_code == 2);
}
