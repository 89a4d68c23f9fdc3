#include "indexer/detect/detect.hpp"
#include "indexer/extract/handlers.hpp"
#include "indexer/util/errors.hpp"
#include "tests/indexer/document_corpus.hpp"
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
