// Evidence maps: which items of a bundle are maps, how their rows are read (CSV dialects, workbook
// sheets, title rows, header variants), how a row finds its item, and that nothing a map says is
// dropped without a problem saying why.
#include "indexer/extract/handlers.hpp"
#include "mapping/evidence_map/csv_table.hpp"
#include "mapping/evidence_map/evidence_map.hpp"
#include "mapping/evidence_map/file_names.hpp"
#include "mapping/evidence_map/map_header.hpp"
#include "mapping/evidence_map/tick_grid.hpp"
#include "tests/support/archive_writer.hpp"
#include "tests/support/extract_helper.hpp"
#include "tests/support/standards.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace evidex;
using namespace evidex::mapping;
using evidex::test::shipped_standard;

namespace {

const Standard& st0072() {
  return shipped_standard("ST0072");
}

BundleItem item(std::string path, std::string type = "docx", std::string text = "some text") {
  return {std::move(path), std::move(type), std::move(text)};
}

std::set<std::string> refs_of(const EvidenceMaps& maps, const std::string& item_path) {
  std::set<std::string> refs;
  for (const auto& a : maps.assignments) {
    if (a.item_path == item_path) {
      refs.insert(a.ref);
    }
  }
  return refs;
}

const MapAssignment* assignment(const EvidenceMaps& maps, const std::string& item_path, const std::string& ref) {
  for (const auto& a : maps.assignments) {
    if (a.item_path == item_path && a.ref == ref) {
      return &a;
    }
  }
  return nullptr;
}

/// "row N: message" for each problem, as the tagger shows them.
std::vector<std::string> problems(const EvidenceMaps& maps) {
  std::vector<std::string> out;
  for (const auto& p : maps.problems) {
    out.push_back(p.row ? "row " + std::to_string(p.row) + ": " + p.message : p.message);
  }
  return out;
}

using Refs = std::set<std::string>;
using Messages = std::vector<std::string>;

// The members of fixtures/sample-bundle.zip, with the types the ingest gives them.
std::vector<BundleItem> sample_bundle_items() {
  return {item("Showcase/01 Reflective account - handling a complaint (12S3, 12S6).docx"),
          item("Showcase/02 Reflective account - handling a complaint.pdf", "pdf"),
          item("Showcase/03 Customer feedback.eml", "eml"),
          item("Showcase/03 Customer feedback.eml/feedback-survey.pdf", "pdf"),
          item("Showcase/04 Complaints log.csv", "csv"),
          item("Showcase/05 Team meeting notes (13B1-13B4).odt", "odt"),
          item("Showcase/06 Call recording 2026-02-10.wav", "audio", ""),
          item("Showcase/06 Call recording - time tags.txt", "text"),
          item("Showcase/07 Screenshot of CRM notes.png", "image", ""),
          item("Showcase/08 Declaration of Authenticity.docx"),
          item("Showcase/09 Product guide.pdf"),
          item("Showcase/10 Old presentation.pptx", "pptx", ""),
          item("Showcase/Supporting/archive of letters.zip", "zip", ""),
          item("Showcase/Supporting/archive of letters.zip/acknowledgement.txt", "text"),
          item("Showcase/Supporting/archive of letters.zip/final response.txt", "text")};
}

}  // namespace

TEST_CASE("evidence map: the sample bundle's xlsx map, as the extractor stores it", "[evidence-map]") {
  test::TempDir dir;
  test::extract_archive(test::fixture("sample-bundle.zip"), dir.path());
  auto xlsx = test::extract_with(*indexer::make_ooxml_extractor(), dir / "Showcase/00 Evidence map.xlsx", dir,
                                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  std::vector<BundleItem> items = sample_bundle_items();
  items.insert(items.begin(), item("Showcase/00 Evidence map.xlsx", "xlsx", xlsx.result.pages.at(0)));
  // The complaints log is a real CSV with a "reference" column, and not a map.
  items[5].text = test::read_file(dir / "Showcase/04 Complaints log.csv");

  EvidenceMaps maps = read_evidence_maps(items, st0072());
  CHECK(maps.maps == std::vector<std::string>{"Showcase/00 Evidence map.xlsx"});
  CHECK(problems(maps).empty());

  const std::string account = "Showcase/01 Reflective account - handling a complaint (12S3, 12S6).docx";
  CHECK(refs_of(maps, account) == Refs{"12S1", "12S2", "12S3", "12S4", "12S5", "12S6", "12S7", "3K1"});
  const MapAssignment* a = assignment(maps, account, "12S4");
  REQUIRE(a);
  CHECK(a->map_path == "Showcase/00 Evidence map.xlsx");
  CHECK(a->row == 2);  // the header is row 1
  CHECK(a->span == "12S1–12S7, 3K1");
  CHECK(a->sheet == "Evidence map");

  CHECK(refs_of(maps, "Showcase/02 Reflective account - handling a complaint.pdf") == Refs{"12S3", "12S6"});
  CHECK(refs_of(maps, "Showcase/05 Team meeting notes (13B1-13B4).odt") == Refs{"13B1", "13B2", "13B3", "13B4"});
  // Both E06 rows name their file; each file gets its row.
  CHECK(refs_of(maps, "Showcase/06 Call recording 2026-02-10.wav") == Refs{"10S1", "10S2", "12S2"});
  CHECK(assignment(maps, "Showcase/06 Call recording 2026-02-10.wav", "10S1")->row == 7);
  CHECK(assignment(maps, "Showcase/06 Call recording - time tags.txt", "10S1")->row == 8);
  // The map's "Supporting/..." is relative to its own folder; the archive itself gets the row.
  CHECK(refs_of(maps, "Showcase/Supporting/archive of letters.zip") == Refs{"12S5", "12S7"});
  CHECK(refs_of(maps, "Showcase/Supporting/archive of letters.zip/acknowledgement.txt").empty());
  // A corrupt item is still the item the map names.
  CHECK(refs_of(maps, "Showcase/10 Old presentation.pptx") == Refs{"2K1", "2K2"});
  // "n/a" for the declaration: nothing, and no problem.
  CHECK(refs_of(maps, "Showcase/08 Declaration of Authenticity.docx").empty());
  CHECK(refs_of(maps, "Showcase/00 Evidence map.xlsx").empty());
  CHECK(refs_of(maps, "Showcase/04 Complaints log.csv") == Refs{"12S6", "4K1"});
}

TEST_CASE("evidence map: rows keep the numbers a person sees in xlsx and ods", "[evidence-map]") {
  // Title row, an empty row, the header in row 3, an empty File cell in row 5, an empty row 6.
  for (const char* file : {"formats/xlsx/libreoffice-evidence-map-gaps.xlsx",
                           "formats/ods/libreoffice-evidence-map-gaps.ods"}) {
    INFO(file);
    test::TempDir scratch;
    bool ods = std::string(file).find(".ods") != std::string::npos;
    auto sheet = test::extract_with(ods ? *indexer::make_odf_extractor() : *indexer::make_ooxml_extractor(),
                                    test::fixture(file), scratch,
                                    ods ? "application/vnd.oasis.opendocument.spreadsheet"
                                        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    std::vector<BundleItem> items{item(ods ? "map.ods" : "map.xlsx", ods ? "ods" : "xlsx", sheet.result.pages.at(0)),
                                  item("01 Reflective account.docx"), item("06 Call recording.wav", "audio"),
                                  item("09 Product guide.pdf", "pdf")};
    EvidenceMaps maps = read_evidence_maps(items, st0072());
    CHECK(maps.maps.size() == 1);
    CHECK(problems(maps).empty());
    CHECK(assignment(maps, "01 Reflective account.docx", "12S7")->row == 4);
    CHECK(assignment(maps, "01 Reflective account.docx", "3K1")->row == 4);
    // No file name: the evidence number finds the recording; KSB stays in its column.
    CHECK(refs_of(maps, "06 Call recording.wav") == Refs{"10S1"});
    CHECK(assignment(maps, "06 Call recording.wav", "10S1")->row == 5);
    // A two-line cell ("7K1" / "7K2") in row 7.
    CHECK(refs_of(maps, "09 Product guide.pdf") == Refs{"7K1", "7K2"});
    CHECK(assignment(maps, "09 Product guide.pdf", "7K2")->row == 7);
  }
}

TEST_CASE("evidence map: CSV dialects", "[evidence-map]") {
  std::vector<BundleItem> bundle{item("Showcase/01 Reflective account - complaint (12S3, 12S6).docx"),
                                 item("Showcase/02 Team leader witness statement.pdf", "pdf"),
                                 item("Showcase/03 Customer feedback.eml", "eml")};

  SECTION("quoted commas, doubled quotes and a line break inside a cell") {
    bundle.push_back(item("Showcase/evidence map.csv", "csv",
                          "File,KSB\r\n"
                          "\"01 Reflective account - complaint (12S3, 12S6).docx\",\"12S3, 12S6,\n3K1\"\r\n"
                          "\"02 Team leader \"\"witness\"\" statement.pdf\",2K1\r\n"
                          "03 Customer feedback.eml,\"4K2\"\r\n"));
    EvidenceMaps maps = read_evidence_maps(bundle, st0072());
    CHECK(refs_of(maps, bundle[0].path) == Refs{"12S3", "12S6", "3K1"});
    CHECK(assignment(maps, bundle[0].path, "3K1")->span == "12S3, 12S6,\n3K1");
    // "Team leader "witness" statement" differs from the file name by punctuation only.
    CHECK(refs_of(maps, bundle[1].path) == Refs{"2K1"});
    // The quoted line break does not start a row: the e-mail is in row 4.
    CHECK(assignment(maps, bundle[2].path, "4K2")->row == 4);
    CHECK(problems(maps).empty());
  }

  SECTION("semicolons, a byte order mark, title rows and a reordered header with extra columns") {
    bundle.push_back(item("Showcase/tracker.csv", "csv",
                          "\xEF\xBB\xBF"
                          "Sam Patel - Customer Service Practitioner;;;\n"
                          "Showcase evidence, updated 20/02/2026;;;\n"
                          ";;;\n"
                          "Date;  KSBs Covered ;Notes;File Name\n"
                          "10/02/2026;12S3, 12S6;first draft;01 Reflective account - complaint (12S3, 12S6).docx\n"
                          "12/02/2026;2K1 & 2K3;;02 Team leader witness statement.pdf\n"));
    EvidenceMaps maps = read_evidence_maps(bundle, st0072());
    CHECK(maps.maps == std::vector<std::string>{"Showcase/tracker.csv"});
    CHECK(refs_of(maps, bundle[0].path) == Refs{"12S3", "12S6"});
    CHECK(refs_of(maps, bundle[1].path) == Refs{"2K1", "2K3"});
    CHECK(assignment(maps, bundle[1].path, "2K1")->row == 6);
    CHECK(problems(maps).empty());
  }

  SECTION("TAB-separated, as a .tsv text item") {
    bundle.push_back(item("Showcase/ksb list.tsv", "text",
                          "Evidence\tCriteria\n03 Customer feedback.eml\t4K2, 14B1\n"));
    EvidenceMaps maps = read_evidence_maps(bundle, st0072());
    CHECK(maps.maps == std::vector<std::string>{"Showcase/ksb list.tsv"});
    CHECK(refs_of(maps, bundle[2].path) == Refs{"4K2", "14B1"});
  }
}

TEST_CASE("evidence map: evidence numbers stand for file names", "[evidence-map]") {
  std::vector<BundleItem> bundle{
      item("Showcase/00 Evidence map.csv", "csv",
           "Evidence #,KSB\n"
           "E06,10S1\n"
           "6,10S2\n"
           "Evidence 1,3K1\n"
           "\"E03, E07\",4K1\n"
           "E09,2K1\n"),
      item("Showcase/01 Reflective account.docx"),
      item("Showcase/03 Customer feedback.eml", "eml"),
      item("Showcase/06 Call recording 2026-02-10.wav", "audio", ""),
      item("Showcase/06 Call recording - time tags.txt", "text"),
      item("Showcase/07 Screenshot of CRM notes.png", "image", ""),
      // Numbered items inside an archive are not the bundle's numbered evidence.
      item("Showcase/letters.zip", "zip", ""),
      item("Showcase/letters.zip/06 old letter.txt", "text"),
      // A date is not an evidence number.
      item("Showcase/2026-02-10 notes.txt", "text")};
  EvidenceMaps maps = read_evidence_maps(bundle, st0072());
  // One number, one piece of evidence: the recording and its time tags.
  CHECK(refs_of(maps, "Showcase/06 Call recording 2026-02-10.wav") == Refs{"10S1", "10S2"});
  CHECK(refs_of(maps, "Showcase/06 Call recording - time tags.txt") == Refs{"10S1", "10S2"});
  CHECK(refs_of(maps, "Showcase/letters.zip/06 old letter.txt").empty());
  CHECK(refs_of(maps, "Showcase/01 Reflective account.docx") == Refs{"3K1"});
  CHECK(refs_of(maps, "Showcase/03 Customer feedback.eml") == Refs{"4K1"});
  CHECK(refs_of(maps, "Showcase/07 Screenshot of CRM notes.png") == Refs{"4K1"});
  CHECK(problems(maps) == Messages{"row 6: no item matches 'E09'"});
}

TEST_CASE("evidence map: names that differ from the file's", "[evidence-map]") {
  std::vector<BundleItem> bundle{item("Showcase/Reflective account - handling a complaint.docx"),
                                 item("Showcase/Witness statement.pdf", "pdf"),
                                 item("Showcase/Supporting/letters.zip", "zip", ""),
                                 item("Showcase/05 Team meeting notes (13B1-13B4).odt", "odt"),
                                 item("Showcase/Product guide.docx"), item("Showcase/Product guide.pdf", "pdf")};
  bundle.push_back(item("Showcase/map.csv", "csv",
                        "File,KSB\n"
                        "reflective_account-handling a complaint,12S3\n"  // punctuation, no extension
                        "SHOWCASE/Witness Statement.docx,2K1\n"           // folder, case, other extension
                        "Supporting\\letters.zip,12S5\n"                  // Windows separator
                        "Team meeting notes,13B1\n"                       // inside the longer name
                        "Product guide,7K1\n"));                          // two formats of one document
  EvidenceMaps maps = read_evidence_maps(bundle, st0072());
  CHECK(refs_of(maps, "Showcase/Reflective account - handling a complaint.docx") == Refs{"12S3"});
  CHECK(refs_of(maps, "Showcase/Witness statement.pdf") == Refs{"2K1"});
  CHECK(refs_of(maps, "Showcase/Supporting/letters.zip") == Refs{"12S5"});
  CHECK(refs_of(maps, "Showcase/05 Team meeting notes (13B1-13B4).odt") == Refs{"13B1"});
  // Both formats get the row, and the map's reader is told.
  CHECK(refs_of(maps, "Showcase/Product guide.docx") == Refs{"7K1"});
  CHECK(refs_of(maps, "Showcase/Product guide.pdf") == Refs{"7K1"});
  CHECK(problems(maps) ==
        Messages{"row 6: 'Product guide' matches 2 items that differ only by extension (Showcase/Product guide.docx, "
                 "Showcase/Product guide.pdf): each is assigned"});
}

TEST_CASE("evidence map: an exact name wins, several different candidates are never guessed", "[evidence-map]") {
  std::vector<BundleItem> bundle{item("01 Reflective account - complaint.docx"),
                                 item("01 Reflective account - complaint.pdf", "pdf"),
                                 item("02 Reflective account - manager feedback.docx")};
  bundle.push_back(item("evidence map.csv", "csv",
                        "Evidence No,File,KSB\n"
                        ",01 Reflective account - complaint.pdf,12S3\n"  // exact: not the docx
                        ",Reflective account,12S4\n"                     // three candidates, two documents
                        "E02,Reflective account,12S5\n"));               // the number decides
  EvidenceMaps maps = read_evidence_maps(bundle, st0072());
  CHECK(refs_of(maps, "01 Reflective account - complaint.pdf") == Refs{"12S3"});
  CHECK(refs_of(maps, "01 Reflective account - complaint.docx").empty());
  CHECK(refs_of(maps, "02 Reflective account - manager feedback.docx") == Refs{"12S5"});
  CHECK(problems(maps) ==
        Messages{"row 3: 'Reflective account' could be any of 3 items (01 Reflective account - complaint.docx, "
                 "01 Reflective account - complaint.pdf, 02 Reflective account - manager feedback.docx): nothing "
                 "assigned; name one file"});
}

TEST_CASE("evidence map: unmatched rows and unknown criteria are reported, not dropped", "[evidence-map]") {
  std::vector<BundleItem> bundle{item("Showcase/00 KSB mapping.csv", "csv",
                                      "File,KSB,Notes\n"
                                      "01 Account.docx,\"12S3, 12S9\",\n"
                                      "Witness statement.docx,2K1,to follow\n"
                                      "01 Account.docx,19K1,\n"
                                      "01 Account.docx,customer complaints,\n"
                                      "01 Account.docx,K2,\n"
                                      "01 Account.docx,-,\n"
                                      ",,a remark with no evidence\n"
                                      "00 KSB mapping.csv,2K2,\n"),
                                 item("Showcase/01 Account.docx")};
  EvidenceMaps maps = read_evidence_maps(bundle, st0072());
  CHECK(refs_of(maps, "Showcase/01 Account.docx") == Refs{"12S3"});
  CHECK(refs_of(maps, "Showcase/00 KSB mapping.csv").empty());
  CHECK(problems(maps) == Messages{"row 2: 12S9 is not a criterion of ST0072",
                                   "row 3: no item matches 'Witness statement.docx'",
                                   "row 4: 19K1 is not a criterion of ST0072",
                                   "row 5: no criteria found in 'customer complaints'",
                                   "row 6: K2 is not a criterion of ST0072 (which module?)",
                                   "row 9: 'Showcase/00 KSB mapping.csv' is an evidence map: nothing is assigned "
                                   "to it"});
  REQUIRE(maps.problems.size() == 6);
  CHECK(maps.problems[0].map_path == "Showcase/00 KSB mapping.csv");
  CHECK(maps.problems[0].row == 2);
}

TEST_CASE("evidence map: criteria cells in the forms apprentices write them", "[evidence-map]") {
  std::vector<BundleItem> bundle{item("map.csv", "csv",
                                      "File,KSB\n"
                                      "a.docx,12S1–12S9\n"           // a range past the module's end
                                      "b.docx,K1 (module 2)\n"       // the module in words
                                      "c.docx,\"2K1, K3; 13b1-13b2\"\n"  // a module carried over; lower case
                                      "d.docx,N/A (declaration)\n"
                                      "e.docx,none\n"),
                                 item("a.docx"), item("b.docx"), item("c.docx"), item("d.docx"), item("e.docx")};
  EvidenceMaps maps = read_evidence_maps(bundle, st0072());
  CHECK(refs_of(maps, "a.docx") == Refs{"12S1", "12S2", "12S3", "12S4", "12S5", "12S6", "12S7"});
  CHECK(refs_of(maps, "b.docx") == Refs{"2K1"});
  CHECK(refs_of(maps, "c.docx") == Refs{"2K1", "2K3", "13B1", "13B2"});
  CHECK(problems(maps) == Messages{"row 2: 12S9 is not a criterion of ST0072"});
}

TEST_CASE("evidence map: spreadsheets that are not maps are left alone", "[evidence-map]") {
  std::vector<BundleItem> bundle{
      // A complaints log: a "reference" column, but no evidence column.
      item("Showcase/04 Complaints log.csv", "csv",
           "date,reference,summary,outcome\n2025-11-04,NHI-C-2025-0912,Customer unhappy,resolved on call\n"),
      // "Title" and "Reference" columns, but what they hold are not criteria.
      item("Showcase/Reading list.xlsx", "xlsx",
           "Books\nTitle\tReference\tAuthor\nCustomer service made simple\tISBN 978-0-00-000000-0\tA. Writer\n"),
      // A copy of the standard: criteria, no evidence column.
      item("Showcase/KSBs.xlsx", "xlsx", "Criteria\nKSB\tDescription\n2K1\tAims of own organisation\n"),
      item("Showcase/Notes.txt", "text", "File,KSB\nnot a csv item, 2K1\n"),
      // A development plan with an "Item" and a "KSB" column whose items are goals, not files.
      item("Showcase/PDP.xlsx", "xlsx", "Plan\nItem\tKSB\tAction\nProduct knowledge\t2K1\tread the guide\n"),
      // A team's skills matrix: the name suggests a map, but nothing in it is one.
      item("Showcase/Skills matrix.xlsx", "xlsx", "Team\nName\tPhones\tE-mail\nSam\tyes\tyes\n")};
  EvidenceMaps maps = read_evidence_maps(bundle, st0072());
  CHECK(maps.maps.empty());
  CHECK(maps.assignments.empty());
  CHECK(maps.problems.empty());

  // A name that says "map" without a map inside is said so.
  bundle.push_back(item("Showcase/Evidence map.xlsx", "xlsx", "Sheet1\nTo do: fill this in\n"));
  maps = read_evidence_maps(bundle, st0072());
  CHECK(maps.maps.empty());
  REQUIRE(maps.problems.size() == 1);
  CHECK(maps.problems[0].map_path == "Showcase/Evidence map.xlsx");
  CHECK(maps.problems[0].row == 0);
  CHECK_THAT(maps.problems[0].message, Catch::StartsWith("not read as an evidence map: no sheet has a header row"));
}

TEST_CASE("evidence map: every sheet of a workbook is read", "[evidence-map]") {
  // As the xlsx handler stores it: name line, rows, a blank line between sheets, an empty row as a tab.
  std::string text =
      "Instructions\nList each file and the KSBs it evidences.\n\n"
      "Term 1\nEvidence map - term 1\n\t\nFile\tKSBs\n01 Account.docx\t12S3\n02 Notes.docx\t12S8\n\n"
      "Term 2\nKnowledge, skills and behaviours\tEvidence\n2K1, 2K2\t02 Notes.docx\n\t03 Feedback.eml\n\n";
  std::vector<BundleItem> bundle{item("Showcase/Portfolio.xlsx", "xlsx", text), item("Showcase/01 Account.docx"),
                                 item("Showcase/02 Notes.docx"), item("Showcase/03 Feedback.eml", "eml")};
  EvidenceMaps maps = read_evidence_maps(bundle, st0072());
  CHECK(maps.maps == std::vector<std::string>{"Showcase/Portfolio.xlsx"});
  REQUIRE(assignment(maps, "Showcase/01 Account.docx", "12S3"));
  CHECK(assignment(maps, "Showcase/01 Account.docx", "12S3")->sheet == "Term 1");
  CHECK(assignment(maps, "Showcase/01 Account.docx", "12S3")->row == 4);
  REQUIRE(assignment(maps, "Showcase/02 Notes.docx", "2K2"));
  CHECK(assignment(maps, "Showcase/02 Notes.docx", "2K2")->sheet == "Term 2");
  CHECK(assignment(maps, "Showcase/02 Notes.docx", "2K2")->row == 2);
  // A row with evidence and no criteria is not an error.
  CHECK(refs_of(maps, "Showcase/03 Feedback.eml").empty());
  REQUIRE(maps.problems.size() == 1);
  CHECK(maps.problems[0].sheet == "Term 1");
  CHECK(problems(maps) == Messages{"row 5: 12S8 is not a criterion of ST0072 (sheet 'Term 1')"});
}

TEST_CASE("evidence map: a row without evidence is a gap, never the row above's evidence", "[evidence-map]") {
  // A blank evidence cell is a gap: reading it as the row above would call a gap covered. (A real
  // merged range reaches the map already spread: the stored sheet text repeats its value.)
  std::vector<BundleItem> bundle{item("map.xlsx", "xlsx",
                                      "Map\nKSB\tEvidence No\tDescription\n"
                                      "12S1\tE01\tListening\n12S2\t\tQuestioning\n"
                                      "12S3\tE02\t\n12S4\t\t\n"),
                                 item("01 Call notes.docx")};
  EvidenceMaps maps = read_evidence_maps(bundle, st0072());
  CHECK(refs_of(maps, "01 Call notes.docx") == Refs{"12S1"});
  const std::string gap = ": left uncovered (a blank evidence cell is a gap, never the row above's evidence)";
  CHECK(problems(maps) == Messages{"row 3: no evidence given for 12S2" + gap, "row 4: no item matches 'E02'",
                                   "row 5: no evidence given for 12S4" + gap});
}

TEST_CASE("evidence map: cells listing several files or evidence numbers", "[evidence-map]") {
  std::vector<BundleItem> bundle{
      item("Evidence map.csv", "csv",
           "KSB,Evidence\n"
           "12S1,\"a.txt; b.wav\"\n"
           "12S2,\"E3, E7\"\n"
           "12S3,E3-E5\n"
           "12S4,\"Terms and conditions.docx and a.txt\"\n"
           "12S5,\"Log & rota - March.xlsx\nb.wav\"\n"
           "12S6,\"a.txt, gone.pdf / E9\"\n"
           "12S7,\"Reflective account (12S3, 12S6).docx\"\n"),
      item("a.txt"), item("b.wav", "wav", ""), item("03 Notes.docx"), item("04 Email.eml", "eml"),
      item("05 Photo.png", "png", ""), item("07 Witness.pdf", "pdf"), item("Terms and conditions.docx"),
      item("Log & rota - March.xlsx", "xlsx", "Rota\nDay\tName\nMon\tSam\n"),
      item("Reflective account (12S3, 12S6).docx")};
  EvidenceMaps maps = read_evidence_maps(bundle, st0072());
  CHECK(refs_of(maps, "a.txt") == Refs{"12S1", "12S4", "12S6"});
  CHECK(refs_of(maps, "b.wav") == Refs{"12S1", "12S5"});
  CHECK(refs_of(maps, "03 Notes.docx") == Refs{"12S2", "12S3"});
  CHECK(refs_of(maps, "04 Email.eml") == Refs{"12S3"});
  CHECK(refs_of(maps, "05 Photo.png") == Refs{"12S3"});
  CHECK(refs_of(maps, "07 Witness.pdf") == Refs{"12S2"});
  CHECK(refs_of(maps, "Terms and conditions.docx") == Refs{"12S4"});
  CHECK(refs_of(maps, "Log & rota - March.xlsx") == Refs{"12S5"});
  CHECK(refs_of(maps, "Reflective account (12S3, 12S6).docx") == Refs{"12S7"});
  CHECK(problems(maps) == Messages{"row 7: no item matches 'gone.pdf'", "row 7: no item matches 'E9'"});
}

TEST_CASE("evidence map: an index sheet gives the evidence numbers their files", "[evidence-map]") {
  std::vector<BundleItem> bundle{
      item("Portfolio.xlsx", "xlsx",
           "Map\nKSB\tEvidence No\n12S1\tE1, E2\n12S2\tE3\n\n"
           "Index\nEvidence No\tFile name\nE1\tComplaint account.docx\nE2\tCall notes.docx\n"),
      item("Complaint account.docx"), item("Call notes.docx"), item("3 Other.docx")};
  EvidenceMaps maps = read_evidence_maps(bundle, st0072());
  CHECK(maps.maps == std::vector<std::string>{"Portfolio.xlsx"});
  CHECK(refs_of(maps, "Complaint account.docx") == Refs{"12S1"});
  CHECK(refs_of(maps, "Call notes.docx") == Refs{"12S1"});
  CHECK(refs_of(maps, "3 Other.docx") == Refs{"12S2"});  // no index entry: the number in the file name
}

TEST_CASE("evidence map: tick grids and their marks", "[evidence-map]") {
  std::vector<BundleItem> bundle{
      item("Grid.xlsx", "xlsx",
           "Grid\nKSB\tDescription\ta.docx\tb.docx\n"
           "12S1\tListen\t\u2713\t-\n12S2\tQuestion\t\tyes\n12S3\tResolve\tmaybe\tN\n"),
      item("a.docx"), item("b.docx")};
  EvidenceMaps maps = read_evidence_maps(bundle, st0072());
  CHECK(maps.maps == std::vector<std::string>{"Grid.xlsx"});
  CHECK(refs_of(maps, "a.docx") == Refs{"12S1"});
  CHECK(refs_of(maps, "b.docx") == Refs{"12S2"});
  CHECK(problems(maps) ==
        Messages{"row 4: unclear mark 'maybe' under 'a.docx': nothing assigned (a tick, x or yes assigns)"});

  // The same grid as CSV, transposed, with semicolons.
  std::vector<BundleItem> csv{item("Tracker.csv", "csv", "Evidence;12S1;12S2\na.docx;Y;\nb.docx;-;\u2713\n"),
                              item("a.docx"), item("b.docx")};
  EvidenceMaps csv_maps = read_evidence_maps(csv, st0072());
  CHECK(refs_of(csv_maps, "a.docx") == Refs{"12S1"});
  CHECK(refs_of(csv_maps, "b.docx") == Refs{"12S2"});

  CHECK(read_mark("\u2714 p.3") == Mark::yes);
  CHECK(read_mark("X") == Mark::yes);
  CHECK(read_mark("x", true) == Mark::no);
  CHECK(read_mark("Y", true) == Mark::yes);
  CHECK(read_mark("\u2717") == Mark::no);
  CHECK(read_mark("No") == Mark::no);
  CHECK(read_mark("") == Mark::no);
  CHECK(read_mark("see notes") == Mark::unclear);
}

TEST_CASE("evidence map: in a tick grid that marks yes with ticks or Y, an x is no", "[evidence-map]") {
  std::vector<BundleItem> ticks{item("KSB tracker.xlsx", "xlsx",
                                     "Tracker\nKSB\ta.docx\tb.docx\n"
                                     "12S1\t\u2713\tx\n12S2\tx\tY\n12S3\tx\tx\n"),
                                item("a.docx"), item("b.docx")};
  EvidenceMaps maps = read_evidence_maps(ticks, st0072());
  CHECK(maps.maps == std::vector<std::string>{"KSB tracker.xlsx"});
  CHECK(refs_of(maps, "a.docx") == Refs{"12S1"});
  CHECK(refs_of(maps, "b.docx") == Refs{"12S2"});
  CHECK(maps.problems.empty());

  // A grid of crosses alone marks yes with them.
  std::vector<BundleItem> crosses{item("KSB tracker.xlsx", "xlsx",
                                       "Tracker\nKSB\ta.docx\tb.docx\n12S1\tx\t\n12S2\t\tX\n"),
                                  item("a.docx"), item("b.docx")};
  maps = read_evidence_maps(crosses, st0072());
  CHECK(refs_of(maps, "a.docx") == Refs{"12S1"});
  CHECK(refs_of(maps, "b.docx") == Refs{"12S2"});
}

TEST_CASE("evidence map: a table in a document's text (DOCX, ODT, and PDF rows as TAB-separated lines)",
          "[evidence-map]") {
  // The shape the office handlers write, and PDF text will have: a table row per line, TAB between
  // cells, here across a page break with its header repeated.
  std::string text =
      "Evidence map\nPrepared for the end-point assessment.\nEvidence\tKSBs covered\tComments\n"
      "Complaint account.txt\t12S1, 12S3\tmine\n\fEvidence\tKSBs covered\tComments\nCall notes.txt\t12S2\t\n"
      "Signed: Sam\n";
  for (const char* type : {"pdf", "docx"}) {
    INFO(type);
    std::vector<BundleItem> bundle{item("Mapping.pdf", type, text), item("Complaint account.txt", "text"),
                                   item("Call notes.txt", "text")};
    EvidenceMaps maps = read_evidence_maps(bundle, st0072());
    CHECK(maps.maps == std::vector<std::string>{"Mapping.pdf"});
    CHECK(refs_of(maps, "Complaint account.txt") == Refs{"12S1", "12S3"});
    CHECK(refs_of(maps, "Call notes.txt") == Refs{"12S2"});
    CHECK(maps.problems.empty());
  }
  // A document whose table is not a map (no evidence column) is not one.
  std::vector<BundleItem> plain{item("PDP.docx", "docx", "Goal\tKSB\tBy\nLearn products\t2K1\tMay\n"),
                                item("a.docx")};
  CHECK(read_evidence_maps(plain, st0072()).maps.empty());
}

TEST_CASE("evidence map: legacy xls text from xls2csv", "[evidence-map]") {
  std::vector<BundleItem> bundle{item("mapping.xls", "xls", "Evidence\tKSB\n01 Account.docx\t12S3\n\f"
                                                             "Evidence\tKSB\n\t\n01 Account.docx\t12S6\n\f"),
                                 item("01 Account.docx")};
  EvidenceMaps maps = read_evidence_maps(bundle, st0072());
  CHECK(refs_of(maps, "01 Account.docx") == Refs{"12S3", "12S6"});
  CHECK(assignment(maps, "01 Account.docx", "12S6")->sheet == "Sheet2");
  CHECK(assignment(maps, "01 Account.docx", "12S6")->row == 3);
}

TEST_CASE("evidence map: header cells", "[evidence-map]") {
  auto kind = [](std::string_view label) { return classify_header(label); };
  for (const char* label : {"File", "Filename", "File name", "EVIDENCE", "Document", "Item", "Title", "Evidence name",
                            "Name of evidence", "Where the evidence is", "Location of evidence",
                            "Supporting evidence", "Where to find the evidence"}) {
    INFO(label);
    CHECK(kind(label) == HeaderKind::evidence_name);
  }
  for (const char* label :
       {"Evidence No", "Evidence No.", "Evidence number", "Evidence Ref", "Evidence #", "No.", "#"}) {
    INFO(label);
    CHECK(kind(label) == HeaderKind::evidence_number);
  }
  for (const char* label : {"KSB", "KSBs", "KSB(s)", "ksb refs", "Criteria", "Criterion", "Standard ref",
                            "Knowledge, skills and behaviours", "Knowledge, Skills & Behaviours", "Mapped to",
                            "Criteria covered"}) {
    INFO(label);
    CHECK(kind(label) == HeaderKind::criteria);
  }
  for (const char* label : {"Reference(s)", "References", "Ref", "Refs"}) {
    INFO(label);
    CHECK(kind(label) == HeaderKind::bare_reference);
  }
  for (const char* label : {"Notes", "Date", "Page", "KSB description", "Document type", "summary", "",
                            "How the evidence shows it"}) {
    INFO(label);
    CHECK(kind(label) == HeaderKind::other);
  }
}

TEST_CASE("evidence map: a bare 'Ref' column is the criteria only when no other column names them", "[evidence-map]") {
  std::vector<BundleItem> bundle{
      {"map.csv", "csv", "Ref,Document,Criteria covered\n1,01 Account.docx,\"12S3, 12S6\"\n"},
      {"01 Account.docx", "docx", "My account."},
      {"other.csv", "csv", "File,Ref\n01 Account.docx,2K1\n"}};
  EvidenceMaps maps = read_evidence_maps({bundle[0], bundle[1]}, st0072());
  CHECK(refs_of(maps, "01 Account.docx") == Refs{"12S3", "12S6"});
  CHECK(maps.problems.empty());
  maps = read_evidence_maps({bundle[2], bundle[1]}, st0072());
  CHECK(refs_of(maps, "01 Account.docx") == Refs{"2K1"});
}

TEST_CASE("evidence map: CSV reading and evidence numbers", "[evidence-map]") {
  Table t = parse_csv("a,\"b,c\"\n\n\"d\"\"e\",\"f\ng\"\n", ',');
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].cells == std::vector<std::string>{"a", "b,c"});
  CHECK(t.rows[1].number == 3);  // the empty line is row 2
  CHECK(t.rows[1].cells == std::vector<std::string>{"d\"e", "f\ng"});
  CHECK(csv_delimiters("x;y;z\n1;2,5;3\n").front() == ';');
  CHECK(csv_delimiters("x\ty\n1\t2\n").front() == '\t');
  CHECK(csv_delimiters("x,y\n1,2\n").front() == ',');

  CHECK(evidence_number("E06") == 6);
  CHECK(evidence_number("6") == 6);
  CHECK(evidence_number(" Evidence 06 ") == 6);
  CHECK(evidence_number("No. 12") == 12);
  CHECK(evidence_number("#3") == 3);
  CHECK_FALSE(evidence_number("2026"));
  CHECK_FALSE(evidence_number("12S3"));
  CHECK_FALSE(evidence_number("E06 call"));
  CHECK(normalise_name("Reflective_account-Handling  a Complaint.DOCX") ==
        "reflective account handling a complaint docx");
  CHECK(normalise_name("Résumé") == "resume");
}
