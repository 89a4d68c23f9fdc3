// `evidex declaration` through the binary on forms laid out as tables the way real ones are: a row
// of labels over a row of values (DOCX, ODT, HTML, and the DOCX saved as PDF, which Poppler's
// reading order turns into all the labels, then all the values), two label/value pairs to a row,
// and the form as paragraphs saved as PDF. Fixtures: fixtures/declarations/ (LibreOffice and
// python3, see its README).
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace evidex::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Strings = std::vector<std::string>;

/// A store holding one showcase: the declaration fixture under a realistic name beside a document
/// that only mentions the declaration; apprentice A1, registered as Sam Patel.
json declaration_of(const std::string& fixture_name) {
  TempDir work;
  fs::path bundle = work / "showcase";
  fs::create_directories(bundle);
  fs::copy_file(fixture("declarations/libreoffice-reflective-mentions.docx"), bundle / "01 Reflective account.docx");
  fs::copy_file(fixture("declarations/" + fixture_name),
                bundle / ("08 Declaration of Authenticity" + fs::path(fixture_name).extension().string()));
  fs::path store = work / "store";
  REQUIRE(run_evidex(store, {"ingest", bundle.string(), "--apprentice", "A1", "--name", "Sam Patel", "--quiet"})
              .exit_code == 0);
  Run r = run_evidex(store, {"declaration", "--apprentice", "A1", "--format", "json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

Strings strings(const json& j) {
  return j.get<Strings>();
}

}  // namespace

TEST_CASE("declaration layout e2e: a row of labels over a row of values, in every format", "[e2e][declaration]") {
  auto file = GENERATE(as<std::string>{}, "libreoffice-rows.pdf", "libreoffice-rows.docx", "libreoffice-rows.odt",
                       "python-rows.html");
  CAPTURE(file);
  json d = declaration_of(file);
  CHECK(d["status"] == "complete");
  CHECK(d["path"] == "08 Declaration of Authenticity" + fs::path(file).extension().string());
  CHECK(strings(d["missing_fields"]).empty());
  CHECK(d["name_matches"] == true);
  CHECK(d["name_found"] == "Sam Patel");
  CHECK(d["fields"]["employer name"] == "Daniel Brooks");
  CHECK(d["dates"]["apprentice date"] == "2026-02-20");
  CHECK(d["dates"]["employer date"] == "2026-02-20");
  CHECK(strings(d["problems"]).empty());
}

TEST_CASE("declaration layout e2e: an empty cell in a PDF table is that field, not its neighbour's value",
          "[e2e][declaration]") {
  json d = declaration_of("libreoffice-rows-unsigned.pdf");
  CHECK(d["status"] == "incomplete");
  CHECK(strings(d["missing_fields"]) == Strings{"apprentice signature"});
  CHECK(d["fields"]["apprentice name"] == "Sam Patel");
  CHECK(d["fields"]["apprentice date"] == "20/02/2026");
  CHECK(d["name_matches"] == true);
  CHECK(strings(d["problems"]).empty());
}

TEST_CASE("declaration layout e2e: a blank PDF table is the form with all six fields missing", "[e2e][declaration]") {
  json d = declaration_of("libreoffice-rows-blank.pdf");
  CHECK(d["status"] == "incomplete");
  CHECK(d["path"] == "08 Declaration of Authenticity.pdf");
  CHECK(strings(d["missing_fields"]) == Strings{"apprentice name", "apprentice signature", "apprentice date",
                                                "employer name", "employer signature", "employer date"});
  CHECK(d["name_matches"].is_null());
}

TEST_CASE("declaration layout e2e: another person's name and a bad date in PDF tables", "[e2e][declaration]") {
  SECTION("another apprentice's name") {
    json d = declaration_of("libreoffice-rows-other-name.pdf");
    CHECK(d["status"] == "complete");
    CHECK(d["name_matches"] == false);
    CHECK(d["name_found"] == "Jordan Reid");
    CHECK(d["dates"]["apprentice date"] == "2026-02-18");
  }
  SECTION("31 February") {
    json d = declaration_of("libreoffice-rows-bad-date.pdf");
    CHECK(d["status"] == "complete");
    CHECK(d["fields"]["apprentice date"] == "31/02/2026");
    CHECK(d["fields"]["apprentice signature"] == "Sam Patel");
    CHECK(d["dates"]["apprentice date"].is_null());
    CHECK(strings(d["problems"]) == Strings{"apprentice date '31/02/2026' is not a date (day/month/year expected)"});
  }
}

TEST_CASE("declaration layout e2e: two label/value pairs to a row, and the form as paragraphs, saved as PDF",
          "[e2e][declaration]") {
  auto file = GENERATE(as<std::string>{}, "libreoffice-pairs.pdf", "libreoffice-paragraphs.pdf");
  CAPTURE(file);
  json d = declaration_of(file);
  CHECK(d["status"] == "complete");
  CHECK(strings(d["missing_fields"]).empty());
  CHECK(d["fields"]["apprentice name"] == "Sam Patel");
  CHECK(d["fields"]["apprentice signature"] == "Sam Patel");
  CHECK(d["fields"]["employer name"] == "Daniel Brooks");
  CHECK(d["dates"]["apprentice date"] == "2026-02-20");
  CHECK(d["dates"]["employer date"] == "2026-02-20");
  CHECK(d["name_matches"] == true);
}

TEST_CASE("declaration layout e2e: a PDF table row is one line, its cells separated by a TAB", "[e2e][pdf]") {
  TempDir work;
  fs::path bundle = work / "showcase";
  fs::create_directories(bundle);
  fs::copy_file(fixture("declarations/libreoffice-rows-unsigned.pdf"), bundle / "declaration.pdf");
  fs::path store = work / "store";
  REQUIRE(run_evidex(store, {"ingest", bundle.string(), "--apprentice", "A1", "--quiet"}).exit_code == 0);
  Run r = run_evidex(store, {"text", "--apprentice", "A1", "declaration.pdf"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("Apprentice name\tApprentice signature\tDate\nSam Patel\t\t20/02/2026\n"));
  CHECK_THAT(r.out, Catch::Contains("Employer name\tEmployer signature\tDate\nDaniel Brooks\tD. Brooks\t20/02/2026\n"));
  // Prose around the table reads as before, a line per line.
  CHECK_THAT(r.out, Catch::Contains("I confirm that the Showcase work/evidence is that of the above member of staff\n"));
}
