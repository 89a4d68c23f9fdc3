#include "indexer/detect/detect.hpp"
#include "indexer/extract/handlers.hpp"
#include "indexer/util/errors.hpp"
#include "tests/indexer/document_corpus.hpp"
#include "tests/support/archive_writer.hpp"
#include "tests/support/extract_helper.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
using namespace evidex::test;

namespace {

std::string mime_for(const std::string& file) {
  return indexer::mime_for_name(file);  // as detection would name a well-formed file
}

std::string reason_of(const std::filesystem::path& file) {
  return refusal_reason(*indexer::make_odf_extractor(), file, mime_for(file.string()));
}

}  // namespace

TEST_CASE("odf: odt body, table, header, footer and meta", "[odf]") {
  auto ex = indexer::make_odf_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, fixture("formats/odt/libreoffice-customer-service.odt"), scratch);
  REQUIRE(got.result.pages.size() == 1);
  CHECK(contains_normalised(got.text,
                            "I escalated the complaint to my team leader because the refund was "
                            "over my authority limit."));
  CHECK(contains_normalised(got.text, "K4 complaint handling\nCall log reference CS-1042"));
  CHECK(contains_normalised(got.text, "Level 2 Customer Service Practitioner header"));
  CHECK(contains_normalised(got.text, "Confidential apprentice footer"));
  CHECK(contains_normalised(got.text, "Next time I will set expectations about refund times"));
  CHECK(got.text.find("A customer rang") < got.text.find("I escalated"));
  CHECK(got.result.meta["title"] == "Customer Service Reflective Account");
  CHECK(got.result.meta["author"] == "Jordan Apprentice");
  CHECK(got.result.meta["subject"] == "Handling complaints");
  CHECK(got.result.meta["created"] == "2024-03-01T10:22:00Z");
}

TEST_CASE("odf: ods sheets by name with cells and annotations", "[odf]") {
  auto ex = indexer::make_odf_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, fixture("formats/ods/libreoffice-evidence-map.ods"), scratch);
  CHECK(contains_normalised(got.text, "Evidence map"));
  CHECK(contains_normalised(got.text, "Reflective account on the refund complaint"));
  CHECK(contains_normalised(got.text, "Needs a witness statement too"));
  CHECK(contains_normalised(got.text, "Criteria"));
  CHECK(contains_normalised(got.text, "K4 Understands the complaints procedure"));
  // The annotation's author and date are not document text.
  CHECK_FALSE(contains_normalised(got.text, "Assessor"));
  CHECK(got.result.meta["title"] == "Evidence map");
}

TEST_CASE("odf: odp slides and notes", "[odf]") {
  auto ex = indexer::make_odf_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, fixture("formats/odp/libreoffice-two-slides.odp"), scratch);
  CHECK(contains_normalised(got.text, "Handling a difficult customer"));
  CHECK(contains_normalised(got.text, "Speaker note: mention the refund escalation"));
  CHECK(contains_normalised(got.text, "Second slide note about the feedback survey"));
  CHECK(got.text.find("Handling a difficult") < got.text.find("What I learned"));
}

TEST_CASE("odf: bad inputs give a clear reason", "[odf][bad-input]") {
  CHECK(reason_of(corpus_dir() / "office/tika__testODTEncrypted.odt") ==
        "encrypted OpenDocument: password required");
  CHECK(reason_of(fixture("formats/docx/libreoffice-customer-service.docx")) ==
        "corrupt OpenDocument: no content.xml");
  TempDir dir;
  write_file(dir / "x.odt", "PK\x03\x04 truncated");
  CHECK(reason_of(dir / "x.odt").rfind("corrupt OpenDocument", 0) == 0);
}

TEST_CASE("odf: real-world corpus", "[odf][corpus]") {
  auto ex = indexer::make_odf_extractor();
  check_corpus_table(*ex, "office/", {".odt", ".ods", ".odp", ".sxw", ".sxc", ".sxi"}, mime_for);
}

// Regression: repeated empty cells (table:number-columns-repeated) counted as one column, and
// empty rows became blank lines, which read as the gap between two sheets.
TEST_CASE("odf: ods cells keep their columns and rows their numbers", "[odf]") {
  auto ex = indexer::make_odf_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, fixture("formats/ods/libreoffice-evidence-map-gaps.ods"), scratch);
  CHECK(got.text ==
        "evidence-map-gaps\n"
        "Evidence map for Sam Patel\n"
        "\t\n"  // row 2: four empty cells, written as one repeated cell
        "Evidence No\tFile\tKSB\tNotes\n"
        "E01\t01 Reflective account.docx\t12S1–12S7, 3K1\n"
        "E06\t\t10S1\trecording and its time tags\n"
        "\t\n"
        "E09\t09 Product guide.pdf\t7K1 7K2\n"  // two paragraphs in one cell
        "\t\t\tlate addition\n");                // three empty cells repeated, then text
}

TEST_CASE("odf: a merged ods range shows its value in every cell it covers", "[odf][maps]") {
  auto ex = indexer::make_odf_extractor();
  TempDir scratch;
  // B3 spans three rows (number-rows-spanned); B4 and B5 are covered-table-cells; B6 is blank.
  auto got = extract_with(*ex, fixture("maps/merged-cells.ods"), scratch);
  CHECK(got.text ==
        "Map\nKSB\tEvidence\n12S1\tComplaint account.txt\n12S2\tCall notes.txt\n12S3\tCall notes.txt\n"
        "12S4\tCall notes.txt\n12S5\n12S6\tTerms and conditions.txt\n");
}

TEST_CASE("odf: a picture in a table cell is written as [image], a text box is not", "[odf][declaration]") {
  auto ex = indexer::make_odf_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, fixture("declarations/libreoffice-image-signature.odt"), scratch);
  CHECK(got.text.find("Apprentice signature\t[image]\n") != std::string::npos);
  CHECK(got.text.find("Employer signature\t[image]\n") != std::string::npos);
  CHECK(got.text.find("Form SF-DA version 3\n") == 0);
  // The first marker is the apprentice's signature: nothing before it is a picture.
  CHECK(got.text.find("[image]") == got.text.find("Apprentice signature\t[image]") + 21);
}

TEST_CASE("odf: a chart's preview image is not a picture", "[odf][declaration]") {
  // A frame holding an embedded object and the picture that stands in for it where the object
  // cannot be drawn (what LibreOffice writes for a chart), beside a frame holding a picture only.
  const std::string content = R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3">
<office:body><office:text>
<text:p>Chart: <draw:frame draw:name="Object1"><draw:object xlink:href="./Object 1"/><draw:image xlink:href="./ObjectReplacements/Object 1"/></draw:frame></text:p>
<text:p>Photo: <draw:frame draw:name="Image1"><draw:image xlink:href="Pictures/1.png"/></draw:frame></text:p>
</office:text></office:body></office:document-content>)";
  TempDir dir;
  write_archive(dir / "chart.odt", {Entry("mimetype", "application/vnd.oasis.opendocument.text"),
                                    Entry("content.xml", content)});
  auto ex = indexer::make_odf_extractor();
  auto got = extract_with(*ex, dir / "chart.odt", dir, "application/vnd.oasis.opendocument.text");
  CHECK(got.text.find("Chart: \n") != std::string::npos);
  CHECK(got.text.find("Photo: [image]\n") != std::string::npos);
  CHECK(got.text.find("[image]") == got.text.rfind("[image]"));
}
