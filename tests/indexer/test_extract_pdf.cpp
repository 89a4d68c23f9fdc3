#include "indexer/extract/handlers.hpp"
#include "indexer/util/errors.hpp"
#include "tests/indexer/document_corpus.hpp"
#include "tests/support/extract_helper.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
using namespace evidex::test;

namespace {

std::string reason_of(const indexer::Extractor& ex, const std::filesystem::path& file) {
  TempDir scratch;
  try {
    extract_with(ex, file, scratch, "application/pdf");
  } catch (const ItemError& e) {
    return e.reason();
  }
  return "no error";
}

}  // namespace

TEST_CASE("pdf: LibreOffice two-page export gives one text per page and its metadata", "[pdf]") {
  auto ex = indexer::make_pdf_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, fixture("formats/pdf/libreoffice-customer-service.pdf"), scratch);
  REQUIRE(got.result.pages.size() == 2);
  CHECK(contains_normalised(got.result.pages[0], "I escalated the complaint to my team leader"));
  CHECK(contains_normalised(got.result.pages[0], "Level 2 Customer Service Practitioner header"));
  CHECK(contains_normalised(got.result.pages[0], "Call log reference CS-1042"));
  CHECK_FALSE(contains_normalised(got.result.pages[0], "On the second page"));
  CHECK(
      contains_normalised(got.result.pages[1], "On the second page I reflect on what I learned."));
  CHECK(got.result.meta["title"] == "Customer Service Reflective Account");
  CHECK(got.result.meta["author"] == "Jordan Apprentice");
  CHECK(got.result.meta["subject"] == "Handling complaints");
  CHECK(got.result.meta["created"].size() == 20);
  CHECK(got.result.meta["created"].back() == 'Z');
  CHECK(got.result.children.empty());
}

TEST_CASE("pdf: an attachment becomes a child with its bytes", "[pdf]") {
  auto ex = indexer::make_pdf_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, fixture("formats/pdf/qpdf-attachment.pdf"), scratch);
  CHECK(contains_normalised(got.text, "I escalated the complaint to my team leader"));
  REQUIRE(got.result.children.size() == 1);
  const auto& child = got.result.children[0];
  CHECK(child.name == "witness-statement.txt");
  CHECK(child.error.empty());
  CHECK(child.file.parent_path() == scratch.path());
  CHECK(read_file(child.file) == "Witness statement: Jordan handled the refund complaint well.\n");
  CHECK(got.result.expanded_bytes == read_file(child.file).size());
}

TEST_CASE("pdf: an empty user password opens without asking", "[pdf]") {
  auto ex = indexer::make_pdf_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, fixture("formats/pdf/qpdf-empty-user-password.pdf"), scratch);
  CHECK(contains_normalised(got.text, "I escalated the complaint to my team leader"));
}

TEST_CASE("pdf: bad inputs give a clear reason", "[pdf][bad-input]") {
  auto ex = indexer::make_pdf_extractor();
  CHECK(reason_of(*ex, fixture("bad/pdf-encrypted.pdf")) == "encrypted PDF: password required");
  std::string truncated = reason_of(*ex, fixture("bad/pdf-truncated.pdf"));
  // poppler rebuilds what it can of a cut file; if it cannot, the reason says corrupt.
  CHECK((truncated == "no error" || truncated.rfind("corrupt PDF: ", 0) == 0));
  TempDir dir;
  write_file(dir / "not.pdf", "this is not a PDF at all");
  CHECK(reason_of(*ex, dir / "not.pdf").rfind("corrupt PDF: ", 0) == 0);
  write_file(dir / "empty.pdf", "");
  CHECK(reason_of(*ex, dir / "empty.pdf").rfind("corrupt PDF: ", 0) == 0);
}

TEST_CASE("pdf: a truncated file yields whatever pages poppler recovers, or corrupt",
          "[pdf][bad-input]") {
  auto ex = indexer::make_pdf_extractor();
  TempDir scratch;
  try {
    auto got = extract_with(*ex, fixture("bad/pdf-truncated.pdf"), scratch);
    CHECK(got.result.pages.size() <= 2);
  } catch (const ItemError& e) {
    CHECK(e.reason().rfind("corrupt PDF", 0) == 0);
  }
}

TEST_CASE("pdf: two-column paper keeps its columns apart", "[pdf]") {
  auto ex = indexer::make_pdf_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, corpus_dir() / "pdf/pdfjs__tracemonkey_a11y.pdf", scratch);
  // The first sentence of the abstract (left column) runs on across lines, not into the right
  // column.
  CHECK(contains_normalised(got.text,
                            "Dynamic languages such as JavaScript are more difficult to compile "
                            "than statically typed ones."));
}

TEST_CASE("pdf: real-world corpus", "[pdf][corpus]") {
  auto ex = indexer::make_pdf_extractor();
  // Phrases we cannot get yet, each with its reason.
  // (Japanese text in non-embedded fonts needs Debian's poppler-data, which install-deps.sh installs.)
  const std::set<std::string> not_yet_found = {};
  check_corpus_table(*ex, "pdf/", {".pdf"}, [](const std::string&) { return "application/pdf"; }, not_yet_found);
}

TEST_CASE("pdf: corpus attachments and portfolios become children", "[pdf][corpus]") {
  auto ex = indexer::make_pdf_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, corpus_dir() / "pdf/pdfjs__attachment.pdf", scratch);
  REQUIRE(got.result.children.size() == 1);
  CHECK(got.result.children[0].name == "foo.txt");
  TempDir scratch2;
  auto package = extract_with(*ex, corpus_dir() / "pdf/tika__testPDFPackage.pdf", scratch2);
  CHECK(package.result.children.size() >= 2);
  for (const auto& c : package.result.children) {
    CHECK(c.name.find("..") == std::string::npos);
    CHECK(c.name.front() != '/');
  }
}

TEST_CASE("pdf: a page's text carries no page break of its own, so pages joined by one are counted right", "[pdf]") {
  // Poppler ends each page's text with a form feed; joined with another, a two-page PDF read as
  // three pages and search named page 3 for a passage on page 2.
  auto ex = indexer::make_pdf_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, fixture("formats/pdf/libreoffice-customer-service.pdf"), scratch);
  REQUIRE(got.result.pages.size() == 2);
  for (const auto& page : got.result.pages) {
    CHECK(page.find('\f') == std::string::npos);
  }
}
