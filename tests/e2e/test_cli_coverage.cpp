// Coverage of the sample showcase through the evidex binary: what an apprentice preparing for
// gateway, and an assessor checking their mapping, see.
#include "indexer/pipeline/ingest.hpp"
#include "indexer/store/store.hpp"
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace evidex::test;
using nlohmann::json;

namespace {

const std::string k_account = "Showcase/01 Reflective account - handling a complaint (12S3, 12S6).docx";

json criterion(const json& coverage, const std::string& ref) {
  for (const auto& c : coverage["criteria"]) {
    if (c["ref"] == ref) {
      return c;
    }
  }
  FAIL("no criterion " << ref);
  return {};
}

std::set<std::string> sources_of(const json& c) {
  std::set<std::string> out;
  for (const auto& i : c["items"]) {
    out.insert(i["source"].get<std::string>());
  }
  return out;
}

struct SampleStore {
  TempDir work;
  SampleStore() {
    Run ingest = run_evidex(work / "store", {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001",
                                             "--name", "Sam Patel"});
    REQUIRE(ingest.exit_code == 0);
    CHECK_THAT(ingest.out, Catch::Contains("Tagged against ST0072"));
  }
  json coverage(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"coverage", "--apprentice", "A001", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    Run run = run_evidex(work / "store", args);
    REQUIRE(run.exit_code == 0);
    return json::parse(run.out);
  }
};

}  // namespace

TEST_CASE("coverage of the sample showcase: evidence map, names and text", "[e2e][coverage]") {
  SampleStore s;
  json c = s.coverage();
  CHECK(c["apprentice"] == "A001");
  CHECK(c["standard"] == "ST0072");
  CHECK(c["method"] == "showcase");
  CHECK(c["criteria"].size() == 39);
  CHECK(c["pass"]["total"] == 29);
  CHECK(c["distinction"]["total"] == 10);
  CHECK(c["distinction"]["required"] == 7);

  // 12S3: named in the account's file name and text, and mapped by the evidence map.
  json s3 = criterion(c, "12S3");
  CHECK(s3["covered"] == true);
  CHECK(sources_of(s3).count("explicit"));
  CHECK(sources_of(s3).count("map"));
  // 13B1-13B4 come from the map's en-dash range and from the notes' file name "(13B1-13B4)".
  for (const char* ref : {"13B1", "13B2", "13B3", "13B4"}) {
    INFO(ref);
    CHECK(criterion(c, ref)["covered"] == true);
  }
  // The map names 2K2 only for the corrupt presentation: listed, but it does not cover.
  json k2 = criterion(c, "2K2");
  CHECK(k2["covered"] == false);
  REQUIRE(k2["items"].size() >= 1);
  CHECK(k2["items"][0]["path"] == "Showcase/10 Old presentation.pptx");
  CHECK(k2["items"][0]["counts"] == false);

  std::set<std::string> missing = c["missing"];
  CHECK(missing.count("2K2"));
  CHECK(missing.count("15B1"));
  CHECK_FALSE(missing.count("12S3"));
  CHECK(c["verdict"] == "not-ready");
  CHECK(c["pass"]["covered"].get<int>() + static_cast<int>(missing.size()) == 29);
}

TEST_CASE("coverage text is grouped by module with the gaps spelled out", "[e2e][coverage]") {
  SampleStore s;
  Run run = run_evidex(s.work / "store", {"coverage", "--apprentice", "A001"});
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("Verdict: NOT READY"));
  CHECK_THAT(run.out, Catch::Contains("Module 12  Dealing with customer conflict and challenge"));
  CHECK_THAT(run.out, Catch::Contains("✓ 12S3"));
  CHECK_THAT(run.out, Catch::Contains("✗ 2K2"));
  CHECK_THAT(run.out, Catch::Contains("Missing pass criteria ("));
  CHECK(run.out.find("\033[") == std::string::npos);  // no colour when not on a terminal

  Run csv = run_evidex(s.work / "store", {"coverage", "--apprentice", "A001", "--format", "csv"});
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out.rfind("ref,module,module_title,distinction,covered,", 0) == 0);
  CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 40);
}

TEST_CASE("manual decisions win over automatic tags and survive re-ingest", "[e2e][coverage]") {
  SampleStore s;
  // Reject the file-name tag of 12S6 on the account, confirm 15B1 on the meeting notes.
  Run untag = run_evidex(s.work / "store", {"untag", "--apprentice", "A001", k_account, "12s6", "--by", "IEA7"});
  REQUIRE(untag.exit_code == 0);
  CHECK_THAT(untag.out, Catch::Contains("Rejected 12S6"));
  const std::string notes = "Showcase/05 Team meeting notes (13B1-13B4).odt";
  REQUIRE(run_evidex(s.work / "store", {"tag", "--apprentice", "A001", notes, "15B1", "--by", "IEA7"}).exit_code == 0);

  auto check = [&](const json& c) {
    const json s6 = criterion(c, "12S6");
    for (const auto& i : s6["items"]) {
      CHECK(i["path"] != k_account);
    }
    json b1 = criterion(c, "15B1");
    CHECK(b1["covered"] == true);
    CHECK(sources_of(b1).count("manual"));
  };
  check(s.coverage());

  Run again = run_evidex(s.work / "store", {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001"});
  REQUIRE(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("unchanged"));
  check(s.coverage());

  // A new upload of the bundle (here: the same files as a folder) is re-tagged; decisions stay.
  TempDir folder;
  extract_archive(fixture("sample-bundle.zip"), folder.path());
  REQUIRE(run_evidex(s.work / "store", {"ingest", folder.path().string(), "--apprentice", "A001"}).exit_code == 0);
  check(s.coverage());
}

TEST_CASE("tag and untag refuse what is not there", "[e2e][coverage]") {
  SampleStore s;
  Run bad_ref = run_evidex(s.work / "store", {"tag", "--apprentice", "A001", k_account, "12S9"});
  CHECK(bad_ref.exit_code == 2);
  CHECK_THAT(bad_ref.err, Catch::Contains("'12S9' is not one criterion of ST0072"));
  Run bad_item = run_evidex(s.work / "store", {"tag", "--apprentice", "A001", "nope.docx", "12S3"});
  CHECK(bad_item.exit_code == 3);
  CHECK_THAT(bad_item.err, Catch::Contains("nope.docx: no such item"));
  Run bad_method = run_evidex(s.work / "store", {"coverage", "--apprentice", "A001", "--method", "exam"});
  CHECK(bad_method.exit_code == 2);
  CHECK_THAT(bad_method.err, Catch::Contains("has no method 'exam'"));
}

TEST_CASE("standards are listed and shown", "[e2e][standards]") {
  TempDir work;
  Run list = run_evidex(work / "store", {"standards"});
  REQUIRE(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::Contains("ST0072") && Catch::Contains("ST0071"));
  Run show = run_evidex(work / "store", {"standards", "show", "ST0072", "--method", "showcase"});
  REQUIRE(show.exit_code == 0);
  CHECK_THAT(show.out, Catch::Contains("Module 13  Developing self"));
  CHECK_THAT(show.out, Catch::Contains("13B4 (D)"));
  CHECK_THAT(show.out, Catch::Contains("29 pass and 10 distinction criteria"));
  CHECK(show.out.find("1K1 ") == std::string::npos);  // a discussion criterion

  // A malformed file in --standards is refused, naming file and place.
  TempDir extra;
  write_file(extra / "BAD.json", "{\"format\": 1, \"id\": \"BAD\",\n \"title\": }");
  Run bad = run_evidex(work / "store", {"--standards", extra.path().string(), "standards"});
  CHECK(bad.exit_code == 3);
  CHECK_THAT(bad.err, Catch::Contains("BAD.json: not valid JSON") && Catch::Contains("line 2"));
}

TEST_CASE("ingest refuses a standard it does not know, before any work", "[e2e][standards]") {
  TempDir work;
  Run run = run_evidex(work / "store", {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A1",
                                        "--standard", "ST9999"});
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.err, Catch::Contains("--standard: unknown standard 'ST9999'") && Catch::Contains("ST0072"));
  CHECK_FALSE(std::filesystem::exists(work / "store"));
}

TEST_CASE("a showcase with every pass criterion and 7 of 10 distinctions is distinction-ready", "[e2e][coverage]") {
  TempDir work;
  Run ingest = run_evidex(work / "store", {"ingest", fixture("bundles/distinction-showcase").string(), "--apprentice",
                                           "P7", "--name", "Priya Shah"});
  REQUIRE(ingest.exit_code == 0);
  // The map's problems are reported at ingest, one line each, naming the map and the row.
  CHECK_THAT(ingest.out, Catch::Contains("Evidence map.csv: row 15") && Catch::Contains("12S9"));
  CHECK_THAT(ingest.out, Catch::Contains("Evidence map.csv: row 16") &&
                             Catch::Contains("13 Mystery shopper report.pdf"));

  Run run = run_evidex(work / "store", {"coverage", "--apprentice", "P7", "--format", "json"});
  REQUIRE(run.exit_code == 0);
  json c = json::parse(run.out);
  CHECK(c["pass"] == json{{"covered", 29}, {"total", 29}});
  CHECK(c["distinction"] == json{{"covered", 7}, {"total", 10}, {"required", 7}});
  CHECK(c["missing"] == json::array());
  CHECK(c["missing_distinction"] == json{"10S4", "11S3", "15B5"});
  CHECK(c["verdict"] == "distinction-ready");
  // 12S5 is both mapped (the range 12S1-7) and written in the waiting-list note.
  std::set<std::string> s5_paths;
  const json s5 = criterion(c, "12S5");
  for (const auto& i : s5["items"]) {
    s5_paths.insert(i["path"].get<std::string>() + " " + i["source"].get<std::string>());
  }
  CHECK(s5_paths.count("08 Complaint case.txt map"));
  CHECK(s5_paths.count("12 Swimming lesson waiting list.txt explicit"));

  // Untagging one distinction drops the verdict to pass-ready: 6 of 10.
  REQUIRE(run_evidex(work / "store", {"untag", "--apprentice", "P7", "09 PDP and review.txt", "13B4"}).exit_code == 0);
  json after = json::parse(run_evidex(work / "store", {"coverage", "--apprentice", "P7", "--format", "json"}).out);
  CHECK(after["distinction"]["covered"] == 6);
  CHECK(after["verdict"] == "pass-ready");
}

TEST_CASE("a bundle stored but not yet tagged (an ingest stopped between commits) is tagged by the next query",
          "[e2e][coverage]") {
  TempDir work;
  {
    evidex::indexer::Store store(work / "store", evidex::indexer::Store::Mode::write);
    evidex::indexer::IngestOptions options;
    options.source = fixture("sample-bundle.zip");
    options.apprentice = {"A001", "Sam Patel", "ST0072", ""};
    evidex::indexer::ingest(store, options);  // the library's ingest stores items; it does not tag
    REQUIRE(store.tagging_pending() == std::vector<std::string>{"A001"});
  }
  json c = json::parse(run_evidex(work / "store", {"coverage", "--apprentice", "A001", "--format", "json"}).out);
  CHECK(criterion(c, "12S3")["covered"] == true);
  evidex::indexer::Store store(work / "store", evidex::indexer::Store::Mode::read);
  CHECK(store.tagging_pending().empty());

  // items lists each item's tags with their source and the text that produced them.
  json items = json::parse(run_evidex(work / "store", {"items", "--apprentice", "A001", "--format", "json"}).out);
  bool found = false;
  for (const auto& item : items) {
    if (item["path"] != k_account) {
      continue;
    }
    for (const auto& tag : item["tags"]) {
      if (tag["ref"] == "12S3" && tag["source"] == "explicit" && tag["place"] == "name") {
        found = true;
        CHECK(tag["span"] == "12S3, 12S6");
        CHECK(tag["score"].is_null());
      }
    }
  }
  CHECK(found);
}
