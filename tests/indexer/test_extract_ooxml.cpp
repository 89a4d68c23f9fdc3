#include "indexer/detect/detect.hpp"
#include "indexer/extract/handlers.hpp"
#include "indexer/util/errors.hpp"
#include "tests/indexer/document_corpus.hpp"
#include "tests/support/extract_helper.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace evidex;
using namespace evidex::test;

namespace {

const std::string kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const std::string kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const std::string kXlsm = "application/vnd.ms-excel.sheet.macroEnabled.12";
const std::string kXlsb = "application/vnd.ms-excel.sheet.binary.macroEnabled.12";
const std::string kPptx =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation";

std::string reason_of(const std::filesystem::path& file, const std::string& mime) {
  return refusal_reason(*indexer::make_ooxml_extractor(), file, mime);
}

std::string mime_for(const std::string& file) {
  return indexer::mime_for_name(file);  // as detection would name a well-formed file
}

}  // namespace

TEST_CASE("ooxml: docx body, table, header, footer and core properties", "[ooxml]") {
  auto ex = indexer::make_ooxml_extractor();
  TempDir scratch;
  auto got =
      extract_with(*ex, fixture("formats/docx/libreoffice-customer-service.docx"), scratch, kDocx);
  REQUIRE(got.result.pages.size() == 1);
  CHECK(contains_normalised(got.text,
                            "I escalated the complaint to my team leader because the refund was "
                            "over my authority limit."));
  CHECK(contains_normalised(got.text, "K4 complaint handling Call log reference CS-1042"));
  CHECK(contains_normalised(got.text, "Level 2 Customer Service Practitioner header"));
  CHECK(contains_normalised(got.text, "Confidential apprentice footer"));
  CHECK(contains_normalised(got.text, "On the second page I reflect on what I learned."));
  // Paragraphs stay in document order.
  CHECK(got.text.find("A customer rang") < got.text.find("I escalated"));
  CHECK(got.text.find("<w:") == std::string::npos);
  CHECK(got.result.meta["title"] == "Customer Service Reflective Account");
  CHECK(got.result.meta["author"] == "Jordan Apprentice");
  CHECK(got.result.meta["subject"] == "Handling complaints");
  CHECK(got.result.meta["created"] == "2024-03-01T10:22:00Z");
  CHECK(got.result.children.empty());
}

TEST_CASE("ooxml: xlsx sheets by name, shared strings, numbers and cell comments", "[ooxml]") {
  auto ex = indexer::make_ooxml_extractor();
  TempDir scratch;
  auto got =
      extract_with(*ex, fixture("formats/xlsx/libreoffice-evidence-map.xlsx"), scratch, kXlsx);
  CHECK(contains_normalised(got.text, "Evidence map\nCriterion\tEvidence item\tPage"));
  CHECK(contains_normalised(
      got.text, "S3 Resolve customer complaints\tReflective account on the refund complaint\t2"));
  CHECK(contains_normalised(got.text, "Criteria\nK4 Understands the complaints procedure"));
  CHECK(contains_normalised(got.text, "Needs a witness statement too"));
  CHECK(got.text.find("Evidence map") < got.text.find("Criteria\n"));
  CHECK(got.result.meta["title"] == "Evidence map");
}

TEST_CASE("ooxml: pptx slides in order with their notes", "[ooxml]") {
  auto ex = indexer::make_ooxml_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, fixture("formats/pptx/libreoffice-two-slides.pptx"), scratch, kPptx);
  CHECK(contains_normalised(got.text, "Handling a difficult customer"));
  CHECK(contains_normalised(got.text, "I stayed calm and used active listening"));
  CHECK(contains_normalised(got.text, "Speaker note: mention the refund escalation"));
  CHECK(contains_normalised(got.text, "What I learned about complaint procedures"));
  CHECK(contains_normalised(got.text, "Second slide note about the feedback survey"));
  CHECK(got.text.find("Speaker note") < got.text.find("What I learned"));
  CHECK(got.result.meta["title"] == "My apprenticeship journey");
}

TEST_CASE("ooxml: bad inputs give a clear reason", "[ooxml][bad-input]") {
  CHECK(reason_of(fixture("bad/docx-truncated.docx"), kDocx).rfind("corrupt DOCX", 0) == 0);
  CHECK(reason_of(corpus_dir() / "office/xlrd__sample.xlsb", kXlsb) ==
        "unsupported format: Excel binary workbook (.xlsb)");
  // Even when detection calls it xlsx, the binary main part is recognised.
  CHECK(reason_of(corpus_dir() / "office/xlrd__sample.xlsb", kXlsx) ==
        "unsupported format: Excel binary workbook (.xlsb)");
  CHECK(reason_of(corpus_dir() / "office/tika__testWORD_protected_passtika.docx", kDocx) ==
        "encrypted Office document: password required");
  TempDir dir;
  write_file(dir / "plain.docx", "just text, not a zip");
  CHECK(reason_of(dir / "plain.docx", kDocx).rfind("corrupt DOCX: not a zip package", 0) == 0);
  // A zip without word/document.xml.
  CHECK(reason_of(fixture("formats/odt/libreoffice-customer-service.odt"), kDocx)
            .rfind("corrupt DOCX: no main document part", 0) == 0);
}

TEST_CASE("ooxml: a package cut short before its main part says it was cut short", "[ooxml][bad-input]") {
  // The LibreOffice DOCX as a download that stopped inside word/document.xml's local header.
  std::string docx = read_file(fixture("formats/docx/libreoffice-customer-service.docx"));
  std::size_t at = docx.find("word/document.xml");
  while (at != std::string::npos && docx.compare(at - 30, 4, std::string("PK\x03\x04", 4)) != 0) {
    at = docx.find("word/document.xml", at + 1);
  }
  REQUIRE(at != std::string::npos);
  TempDir dir;
  write_file(dir / "rota.docx", docx.substr(0, at + 10));
  std::string reason = reason_of(dir / "rota.docx", kDocx);
  CHECK_THAT(reason, Catch::StartsWith("corrupt DOCX: no main document part; the package was cut short after "));
  CHECK(reason.find('\n') == std::string::npos);
}

TEST_CASE("ooxml: XML with an external entity and an entity bomb is refused quickly",
          "[ooxml][bad-input]") {
  auto start = std::chrono::steady_clock::now();
  CHECK(reason_of(fixture("bad/docx-xxe-entity-bomb.docx"), kDocx) ==
        "corrupt DOCX: word/document.xml is not well-formed XML");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("ooxml: the encrypted-office handler always asks for the password",
          "[ooxml][bad-input]") {
  auto ex = indexer::make_encrypted_office_extractor();
  TempDir scratch;
  for (const char* f : {"office/tika__testWORD_protected_passtika.docx",
                        "office/tika__testEXCEL_protected_passtika.xlsx"}) {
    try {
      extract_with(*ex, corpus_dir() / f, scratch, "application/x-encrypted-office");
      FAIL("no error for " << f);
    } catch (const ItemError& e) {
      CHECK(e.reason() == "encrypted Office document: password required");
    }
  }
}

TEST_CASE("ooxml: embedded objects become children, OLE wrappers unwrapped", "[ooxml]") {
  auto ex = indexer::make_ooxml_extractor();
  TempDir scratch;
  auto got =
      extract_with(*ex, corpus_dir() / "office/tika__testWORD_embedded_pdf.docx", scratch, kDocx);
  CHECK(contains_normalised(got.text, "Here is the pdf file:"));
  REQUIRE(got.result.children.size() == 2);
  std::uint64_t total = 0;
  for (const auto& c : got.result.children) {
    // Acrobat objects keep the PDF in the OLE2 "CONTENTS" stream.
    CHECK(c.name.rfind("word/embeddings/oleObject", 0) == 0);
    CHECK(c.name.substr(c.name.size() - 9) == "/contents");
    CHECK(c.error.empty());
    CHECK(read_file(c.file).substr(0, 5) == "%PDF-");
    total += std::filesystem::file_size(c.file);
  }
  CHECK(got.result.expanded_bytes == total);
  // Only the unwrapped files are left in the scratch directory.
  CHECK(std::distance(std::filesystem::directory_iterator(scratch.path()), {}) == 2);

  TempDir scratch2;
  auto rec = extract_with(*ex, corpus_dir() / "office/tika__test_recursive_embedded.docx", scratch2,
                          kDocx);
  REQUIRE(rec.result.children.size() == 1);
  // The Packager's "\1Ole10Native" stream keeps the original file name.
  CHECK(rec.result.children[0].name == "word/embeddings/oleObject1/embed1.zip");
  CHECK(read_file(rec.result.children[0].file).substr(0, 2) == "PK");

  TempDir scratch3;
  auto pptx =
      extract_with(*ex, corpus_dir() / "office/pptx__shp-access-ole-object.pptx", scratch3, kPptx);
  REQUIRE(pptx.result.children.size() == 1);
  CHECK(pptx.result.children[0].name == "ppt/embeddings/Microsoft_Excel_Worksheet.xlsx");
}

TEST_CASE("ooxml: a budget of zero entries records the embedded objects as errors", "[ooxml]") {
  auto ex = indexer::make_ooxml_extractor();
  TempDir scratch;
  indexer::ExtractContext ctx = context_for(scratch, "x.pptx", 0, 1 << 20);
  auto out = ex->extract(corpus_dir() / "office/pptx__shp-access-ole-object.pptx", ctx);
  REQUIRE_FALSE(out.children.empty());
  for (const auto& c : out.children) {
    CHECK(c.error.rfind("limit exceeded", 0) == 0);
    CHECK(c.file.empty());
  }
  CHECK(std::filesystem::is_empty(scratch.path()));
}

TEST_CASE("ooxml: real-world corpus", "[ooxml][corpus]") {
  auto ex = indexer::make_ooxml_extractor();
  const std::set<std::string> not_yet_found = {};
  check_corpus_table(*ex, "office/", {".docx", ".xlsx", ".xlsm", ".xlsb", ".pptx"}, mime_for, not_yet_found);
}

TEST_CASE("registry: every document MIME type has its handler", "[ooxml][pdf][odf][legacy-office]") {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"application/pdf", "pdf"},
      {kDocx, "ooxml"},
      {kXlsx, "ooxml"},
      {kXlsm, "ooxml"},
      {kXlsb, "ooxml"},
      {kPptx, "ooxml"},
      {"application/x-encrypted-office", "encrypted-office"},
      {"application/vnd.oasis.opendocument.text", "odf"},
      {"application/vnd.oasis.opendocument.spreadsheet", "odf"},
      {"application/vnd.oasis.opendocument.presentation", "odf"},
      {"application/vnd.sun.xml.writer", "odf"},
      {"application/vnd.sun.xml.calc", "odf"},
      {"application/vnd.sun.xml.impress", "odf"},
      {"application/msword", "legacy-office"},
      {"application/vnd.ms-excel", "legacy-office"},
      {"application/vnd.ms-powerpoint", "legacy-office"},
  };
  for (const auto& [mime, name] : expected) {
    INFO(mime);
    const indexer::Extractor* ex = indexer::default_registry().find(mime);
    REQUIRE(ex);
    CHECK(ex->name() == name);
  }
}

TEST_CASE("ooxml: a presentation cut in half, with no slide text left, is corrupt, not an empty ok",
          "[ooxml][bad-input]") {
  TempDir dir;
  std::string bytes = read_file(fixture("formats/pptx/libreoffice-two-slides.pptx"));
  write_file(dir / "half.pptx", bytes.substr(0, bytes.size() / 2));
  TempDir scratch;
  auto ex = indexer::make_ooxml_extractor();
  CHECK_THROWS_WITH(extract_with(*ex, dir / "half.pptx", scratch,
                                 "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
                    Catch::StartsWith("half.pptx: corrupt") && Catch::Contains("no text could be recovered"));
}

// Regression: empty cells were skipped when a row was joined, so a row with an empty "File" cell
// moved its KSB value into the File column, and empty rows vanished, renumbering the rows below.
TEST_CASE("ooxml: xlsx cells keep their columns and rows their numbers", "[ooxml]") {
  auto ex = indexer::make_ooxml_extractor();
  TempDir scratch;
  auto got =
      extract_with(*ex, fixture("formats/xlsx/libreoffice-evidence-map-gaps.xlsx"), scratch, kXlsx);
  CHECK(got.text ==
        "evidence-map-gaps\n"
        "Evidence map for Sam Patel\n"
        "\t\n"  // row 2 is empty
        "Evidence No\tFile\tKSB\tNotes\n"
        "E01\t01 Reflective account.docx\t12S1–12S7, 3K1\n"  // empty D4 dropped at the end
        "E06\t\t10S1\trecording and its time tags\n"        // B5 empty
        "\t\n"
        "E09\t09 Product guide.pdf\t7K1 7K2\n"  // a two-line cell stays on its row
        "\t\t\tlate addition\n");
}

TEST_CASE("ooxml: a docx table row keeps its empty cells, the last ones too", "[ooxml][maps]") {
  auto ex = indexer::make_ooxml_extractor();
  TempDir scratch;
  // LibreOffice's DOCX of a per-criterion map (fixtures/maps/README.md): an empty cell's paragraph
  // must not end its row, or the rows below it fall out of the table.
  auto got = extract_with(*ex, fixture("maps/table-map-per-criterion.docx"), scratch, kDocx);
  CHECK(got.text ==
        "Evidence map\n"
        "Criterion\tWhere the evidence is\n"
        "12S1\tComplaint account.txt\n"
        "12S2\t\n"
        "12S3\tCall notes.txt\n"
        "12S4\tTerms and conditions.txt\n"
        "12S5\t\n"
        "12S6\t\n"
        "Prepared by the apprentice for the end-point assessment.\n");
}

TEST_CASE("ooxml: a merged xlsx range shows its value in every cell it covers", "[ooxml][maps]") {
  auto ex = indexer::make_ooxml_extractor();
  TempDir scratch;
  // mergeCells B3:B5 holds "Call notes.txt"; B6 is blank and not merged.
  auto got = extract_with(*ex, fixture("maps/merged-cells.xlsx"), scratch, kXlsx);
  CHECK(got.text ==
        "Map\nKSB\tEvidence\n12S1\tComplaint account.txt\n12S2\tCall notes.txt\n12S3\tCall notes.txt\n"
        "12S4\tCall notes.txt\n12S5\n12S6\tTerms and conditions.txt\n");
}

TEST_CASE("ooxml: a picture in a table cell is written as [image], a text box is not", "[ooxml][declaration]") {
  auto ex = indexer::make_ooxml_extractor();
  TempDir scratch;
  // LibreOffice's DOCX of a declaration whose two signature cells hold a pasted PNG.
  auto got = extract_with(*ex, fixture("declarations/libreoffice-image-signature.docx"), scratch, kDocx);
  CHECK(got.text.find("Apprentice signature\t[image]\n") != std::string::npos);
  CHECK(got.text.find("Employer signature\t[image]\n") != std::string::npos);
  // Two pictures, two markers: the text box above the form is a drawing too, but holds no picture.
  std::size_t markers = 0;
  for (auto at = got.text.find("[image]"); at != std::string::npos; at = got.text.find("[image]", at + 1)) {
    ++markers;
  }
  CHECK(markers == 2);
  CHECK(got.text.find("Form SF-DA version 3\n") == 0);
  CHECK(got.text.find("Apprentice name\tSam Patel\n") != std::string::npos);
}

TEST_CASE("ooxml: a document without pictures has no [image] marker", "[ooxml][declaration]") {
  auto ex = indexer::make_ooxml_extractor();
  TempDir scratch;
  for (const char* file : {"formats/docx/libreoffice-customer-service.docx", "declarations/libreoffice-unsigned.docx"}) {
    auto got = extract_with(*ex, fixture(file), scratch, kDocx);
    CHECK(got.text.find("[image]") == std::string::npos);
  }
}
