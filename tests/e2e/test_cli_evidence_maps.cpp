// Evidence maps in the layouts real showcases have (fixtures/maps/, made with LibreOffice), read
// through the evidex binary as an apprentice would: the coverage JSON says which criteria each
// file covers, and gaps stay gaps. Also: a file that only lists criteria covers none by itself.
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

using namespace evidex::test;
using nlohmann::json;

namespace {

const std::string k_account = "Complaint account.txt";
const std::string k_notes = "Call notes.txt";
const std::string k_terms = "Terms and conditions.txt";
const std::string k_log = "Team log & rota - March.txt";

/// A folder bundle: the evidence every map of fixtures/maps/ refers to (no criteria in its text,
/// so that only the map can cover anything), and the map under the name given.
struct MapBundle {
  TempDir work;
  std::filesystem::path folder = work / "showcase";
  Run ingest;

  MapBundle(const std::string& map_fixture, const std::string& map_name) {
    std::filesystem::create_directories(folder);
    write_file(folder / k_account, "How I handled a customer who rang about missed contractor visits.\n");
    write_file(folder / k_notes, "Notes of the call: greeting, listening, the options I explained.\n");
    write_file(folder / k_terms, "The company's terms and conditions for home insurance claims.\n");
    write_file(folder / k_log, "Who was on the phones each day in March, and the handovers.\n");
    std::filesystem::copy_file(fixture("maps/" + map_fixture), folder / map_name);
    ingest = run_evidex(work / "store", {"ingest", folder.string(), "--apprentice", "M1", "--quiet"});
    REQUIRE(ingest.exit_code == 0);
  }

  json coverage() const {
    Run run = run_evidex(work / "store", {"coverage", "--apprentice", "M1", "--format", "json"});
    REQUIRE(run.exit_code == 0);
    return json::parse(run.out);
  }
};

/// Criterion -> the items whose evidence counts for it, "path source" each.
std::map<std::string, std::set<std::string>> counted(const json& coverage) {
  std::map<std::string, std::set<std::string>> out;
  for (const auto& c : coverage["criteria"]) {
    auto& items = out[c["ref"].get<std::string>()];
    for (const auto& i : c["items"]) {
      if (i["counts"] == true) {
        items.insert(i["path"].get<std::string>() + " " + i["source"].get<std::string>());
      }
    }
  }
  return out;
}

std::set<std::string> mapped(std::initializer_list<std::string> paths) {
  std::set<std::string> out;
  for (const auto& p : paths) {
    out.insert(p + " map");
  }
  return out;
}

const json& criterion(const json& coverage, const std::string& ref) {
  for (const auto& c : coverage["criteria"]) {
    if (c["ref"] == ref) {
      return c;
    }
  }
  FAIL("no criterion " << ref);
  static json none;
  return none;
}

std::size_t lines_containing(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("a blank evidence cell in a per-criterion map is a gap, not the row above's file", "[e2e][maps]") {
  for (const char* fixture_name : {"per-criterion-blanks.xlsx", "per-criterion-blanks.ods"}) {
    INFO(fixture_name);
    MapBundle b(fixture_name, std::string("Evidence map.") + (std::string(fixture_name).substr(21)));
    auto c = counted(b.coverage());
    CHECK(c["12S1"] == mapped({k_account}));
    CHECK(c["12S2"].empty());  // "to do": the row above's file must not cover it
    CHECK(c["12S3"] == mapped({k_notes}));
    CHECK(c["12S4"].empty());
    CHECK(c["12S5"].empty());
    CHECK(c["12S6"] == mapped({k_terms}));
    CHECK(criterion(b.coverage(), "12S2")["covered"] == false);
    // The gap is said, once, with its row (the title is row 1, the header row 2).
    CHECK_THAT(b.ingest.out, Catch::Contains("row 4: no evidence given for 12S2: left uncovered"));
    CHECK(lines_containing(b.ingest.out, "no evidence given for") == 3);
  }
}

TEST_CASE("a map cell listing several files names each, only the parts naming no file are reported",
          "[e2e][maps]") {
  MapBundle b("several-per-cell.xlsx", "Evidence map.xlsx");
  auto c = counted(b.coverage());
  CHECK(c["12S1"] == mapped({k_account, k_notes}));  // "a; b"
  CHECK(c["12S2"] == mapped({k_account, k_notes}));  // "a, b"
  CHECK(c["12S3"] == mapped({k_account, k_log}));    // "a / b", b's name holding '&' and '-'
  CHECK(c["12S4"] == mapped({k_notes, k_terms}));    // "a and b", b's name holding " and "
  CHECK(c["12S5"] == mapped({k_account, k_notes}));  // a line break inside the cell
  CHECK(c["12S6"] == mapped({k_terms}));             // "b & a missing file"
  CHECK(c["12S7"] == mapped({k_log}));
  // One line for the one missing part, with the map and the row; nothing else.
  CHECK(lines_containing(b.ingest.out, "no item matches") == 1);
  CHECK_THAT(b.ingest.out, Catch::Contains("Evidence map.xlsx: row 7: no item matches 'Lost photo.png'"));
}

TEST_CASE("evidence numbers are looked up in the map's own index sheet, ranges included", "[e2e][maps]") {
  MapBundle b("evidence-index.xlsx", "KSB evidence.xlsx");
  json cov = b.coverage();
  auto c = counted(cov);
  CHECK(c["12S1"] == mapped({k_account, k_notes}));            // "E1, E2"
  CHECK(c["12S2"] == mapped({k_notes}));                       // "E2"
  CHECK(c["12S3"] == mapped({k_account, k_notes, k_terms}));   // "E1-E3"
  CHECK(c["12S4"].empty());
  CHECK(c["12S5"].empty());
  CHECK_THAT(b.ingest.out, Catch::Contains("KSB evidence.xlsx: row 6: no item matches 'E9'") &&
                               Catch::Contains("sheet 'KSB map'"));
}

TEST_CASE("tick grids: criteria down and evidence across, and the transpose", "[e2e][maps]") {
  // Named so that only the grid itself shows it is a map.
  for (const char* fixture_name : {"tick-grid.xlsx", "tick-grid.ods", "tick-grid-transposed.xlsx"}) {
    INFO(fixture_name);
    std::string ext = std::string(fixture_name).substr(std::string(fixture_name).rfind('.'));
    MapBundle b(fixture_name, "Portfolio" + ext);
    CHECK(b.ingest.out.find("not read as an evidence map") == std::string::npos);
    json cov = b.coverage();
    auto c = counted(cov);
    CHECK(c["12S1"] == mapped({k_account}));            // ✓
    CHECK(c["12S2"] == mapped({k_notes}));              // ✔; "n" is no
    CHECK(c["12S3"].empty());                           // x and X: crosses are no where ticks say yes
    CHECK(c["12S4"].empty());                           // "-" and "no" are no
    CHECK(c["12S5"] == mapped({k_account, k_terms}));   // Y and yes
    // The grid names every criterion, but it is the map, not evidence: nothing explicit from it.
    for (const auto& item : criterion(cov, "12S4")["items"]) {
      CHECK(item["path"] != "Portfolio" + ext);
    }
  }
}

TEST_CASE("a map typed as a DOCX or ODT table", "[e2e][maps]") {
  for (const char* ext : {"docx", "odt"}) {
    INFO(ext);
    MapBundle b(std::string("table-map.") + ext, std::string("Evidence map.") + ext);
    auto c = counted(b.coverage());
    CHECK(c["12S1"] == mapped({k_account}));
    CHECK(c["12S2"] == mapped({k_notes}));
    CHECK(c["12S3"] == mapped({k_account}));
    CHECK(c["12S4"].empty());
  }
}

TEST_CASE("a merged evidence cell covers every row it spans, a blank cell below it stays a gap", "[e2e][maps]") {
  // XLSX (mergeCells) and ODS (number-rows-spanned, covered-table-cell), both from LibreOffice.
  for (const char* ext : {"xlsx", "ods"}) {
    INFO(ext);
    MapBundle b(std::string("merged-cells.") + ext, std::string("Evidence map.") + ext);
    auto c = counted(b.coverage());
    CHECK(c["12S1"] == mapped({k_account}));
    CHECK(c["12S2"] == mapped({k_notes}));  // the range's own cell
    CHECK(c["12S3"] == mapped({k_notes}));  // covered by the range
    CHECK(c["12S4"] == mapped({k_notes}));
    CHECK(c["12S5"].empty());               // blank, under the range but not in it
    CHECK(c["12S6"] == mapped({k_terms}));
  }
}

TEST_CASE("a map typed as a DOCX table or exported to PDF, one row per criterion with blank cells", "[e2e][maps]") {
  // The evidence column says "Where the evidence is"; blank evidence cells (the last rows too) are
  // gaps, and must not end the table that the rows below them belong to.
  for (const char* ext : {"docx", "pdf"}) {
    INFO(ext);
    MapBundle b(std::string("table-map-per-criterion.") + ext, std::string("Evidence map.") + ext);
    CHECK(b.ingest.out.find("not read as an evidence map") == std::string::npos);
    auto c = counted(b.coverage());
    CHECK(c["12S1"] == mapped({k_account}));
    CHECK(c["12S2"].empty());
    CHECK(c["12S3"] == mapped({k_notes}));
    CHECK(c["12S4"] == mapped({k_terms}));
    CHECK(c["12S5"].empty());
    CHECK(c["12S6"].empty());
  }
}

TEST_CASE("a file that only lists criteria covers none of them by itself", "[e2e][maps][explicit]") {
  TempDir work;
  auto folder = work / "showcase";
  std::filesystem::create_directories(folder);
  // A tick grid whose columns name files that are not in the bundle: not read as a map, and it
  // names all 39 showcase criteria. Today's SPEC example of a list posing as evidence.
  std::string grid = "KSB,Reflective account.docx,Witness statement.pdf\n";
  for (const char* ref : {"2K1", "2K2", "2K3", "2K4", "2K5", "2K6", "3K1", "3K2", "3K3", "3K4", "4K1", "4K2", "7K1",
                          "7K2", "7K3", "10S1", "10S2", "10S3", "10S4", "11S1", "11S2", "11S3", "11S4", "12S1", "12S2",
                          "12S3", "12S4", "12S5", "12S6", "12S7", "13B1", "13B2", "13B3", "13B4", "15B1", "15B2",
                          "15B3", "15B4", "15B5"}) {
    grid += std::string(ref) + ",\u2713,\n";
  }
  write_file(folder / "Progress.csv", grid);
  // A checklist copied from the standard: one criterion per line with its wording.
  write_file(folder / "My checklist notes.txt",
             "Things to cover\n12S1 Listen actively\n12S2 Question to understand\n12S4 Escalate\n"
             "12S7 Hand over\n13B1 Self-assessment\n");
  // An account that claims one criterion in its name and one in a heading, mentions one as a gap.
  write_file(folder / "Complaint account (12S3).txt",
             "Handling a complaint about missed visits\n\nRecords (12S6)\n\n"
             "I logged the complaint and every call on the CRM the same day so the next adviser could see it. "
             "I still need evidence for 12S5 because the customer has not replied to my last letter yet.\n");
  Run ingest = run_evidex(work / "store", {"ingest", folder.string(), "--apprentice", "L1", "--quiet"});
  REQUIRE(ingest.exit_code == 0);
  CHECK_THAT(ingest.out, Catch::Contains("Progress.csv") && Catch::Contains("covers none by itself"));
  CHECK_THAT(ingest.out, Catch::Contains("My checklist notes.txt") && Catch::Contains("covers none by itself"));

  Run run = run_evidex(work / "store", {"coverage", "--apprentice", "L1", "--format", "json"});
  REQUIRE(run.exit_code == 0);
  json cov = json::parse(run.out);
  CHECK(cov["verdict"] == "not-ready");
  CHECK(criterion(cov, "12S3")["covered"] == true);  // the account's file name
  CHECK(criterion(cov, "12S6")["covered"] == true);  // its heading
  for (const char* ref : {"12S5", "2K1", "12S1", "15B5"}) {
    INFO(ref);
    const json& c = criterion(cov, ref);
    CHECK(c["covered"] == false);
    // Still listed, so the apprentice sees it, with the reason it does not count.
    REQUIRE(c["items"].size() >= 1);
    CHECK(c["items"][0]["source"] == "explicit");
    CHECK(c["items"][0]["counts"] == false);
    CHECK(c["items"][0]["why_not"].is_string());
  }
  CHECK(cov["pass"]["covered"] == 2);

  // A person's confirmation makes a listed criterion count.
  REQUIRE(run_evidex(work / "store", {"tag", "--apprentice", "L1", "My checklist notes.txt", "12S1"}).exit_code == 0);
  json after = json::parse(run_evidex(work / "store", {"coverage", "--apprentice", "L1", "--format", "json"}).out);
  CHECK(criterion(after, "12S1")["covered"] == true);
}

TEST_CASE("a document-table map whose cells list files on several lines keeps each row whole", "[e2e][maps]") {
  // A line break or a second paragraph inside a Word/Writer cell once ended the table row there: the
  // second file was read as a row of its own and the rows below it were lost.
  std::string map = GENERATE(as<std::string>{}, "cell-lines.docx", "cell-lines.odt");
  TempDir work;
  auto folder = work / "showcase";
  for (const char* name : {"E1 Company overview.txt", "E2 Brand promise notes.txt", "E3 Systems I use.txt",
                           "E4 Team rota.txt", "E5 Complaint email.txt"}) {
    write_file(folder / name, std::string("Some words about ") + name + ".\n");
  }
  std::filesystem::copy_file(fixture("maps/" + map), folder / ("Evidence map" + map.substr(map.rfind('.'))));
  Run ingest = run_evidex(work / "store", {"ingest", folder.string(), "--apprentice", "M1", "--quiet"});
  REQUIRE(ingest.exit_code == 0);
  CHECK_THAT(ingest.out, Catch::Contains("no evidence given for 3K1"));
  Run run = run_evidex(work / "store", {"coverage", "--apprentice", "M1", "--format", "json"});
  REQUIRE(run.exit_code == 0);
  auto by = counted(json::parse(run.out));
  CAPTURE(map);
  CHECK(by["2K1"] == std::set<std::string>{"E1 Company overview.txt map"});
  CHECK(by["2K2"] == std::set<std::string>{"E1 Company overview.txt map", "E2 Brand promise notes.txt map"});
  CHECK(by["3K1"].empty());
  CHECK(by["4K1"] == std::set<std::string>{"E3 Systems I use.txt map", "E4 Team rota.txt map"});
  CHECK(by["12S3"] == std::set<std::string>{"E5 Complaint email.txt map"});
}
