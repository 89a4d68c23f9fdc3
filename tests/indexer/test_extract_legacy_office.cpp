#include "indexer/detect/detect.hpp"
#include "indexer/extract/handlers.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/run_program.hpp"
#include "tests/indexer/document_corpus.hpp"
#include "tests/support/extract_helper.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
using namespace evidex::test;

namespace {

std::string mime_for(const std::string& file) {
  return indexer::mime_for_name(file);  // as detection would name a well-formed file
}

std::string reason_of(const std::filesystem::path& file, const std::string& mime) {
  return refusal_reason(*indexer::make_legacy_office_extractor(), file, mime);
}

}  // namespace

TEST_CASE("legacy office: Word 97 document from LibreOffice", "[legacy-office]") {
  auto ex = indexer::make_legacy_office_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, fixture("formats/doc/libreoffice-customer-service.doc"), scratch,
                          "application/msword");
  CHECK(contains_normalised(got.text,
                            "I escalated the complaint to my team leader because the refund was "
                            "over my authority limit."));
  CHECK(contains_normalised(got.text, "Call log reference CS-1042"));
  CHECK(contains_normalised(got.text, "Level 2 Customer Service Practitioner header"));
}

TEST_CASE("legacy office: Excel 97 workbook from LibreOffice", "[legacy-office]") {
  auto ex = indexer::make_legacy_office_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, fixture("formats/xls/libreoffice-evidence-map.xls"), scratch,
                          "application/vnd.ms-excel");
  CHECK(contains_normalised(
      got.text, "S3 Resolve customer complaints\tReflective account on the refund complaint\t2"));
  CHECK(contains_normalised(got.text, "K4 Understands the complaints procedure"));
}

TEST_CASE("legacy office: PowerPoint 97 presentation from LibreOffice", "[legacy-office]") {
  auto ex = indexer::make_legacy_office_extractor();
  TempDir scratch;
  auto got = extract_with(*ex, fixture("formats/ppt/libreoffice-two-slides.ppt"), scratch,
                          "application/vnd.ms-powerpoint");
  CHECK(contains_normalised(got.text, "Handling a difficult customer"));
  CHECK(contains_normalised(got.text, "Speaker note: mention the refund escalation"));
}

TEST_CASE("legacy office: bad inputs give a clear reason", "[legacy-office][bad-input]") {
  TempDir dir;
  write_file(dir / "x.xls", "not an OLE2 file at all, just some text that goes on a while");
  CHECK(reason_of(dir / "x.xls", "application/vnd.ms-excel")
            .rfind("corrupt Excel 97-2003 workbook", 0) == 0);
  write_file(dir / "x.ppt", "not an OLE2 file at all, just some text that goes on a while");
  CHECK(reason_of(dir / "x.ppt", "application/vnd.ms-powerpoint")
            .rfind("corrupt PowerPoint 97-2003 presentation", 0) == 0);
  auto doc = read_file(corpus_dir() / "office/tika__testWORD.doc");
  write_file(dir / "cut.doc", doc.substr(0, 3000));
  CHECK(
      reason_of(dir / "cut.doc", "application/msword").rfind("corrupt Word 97-2003 document", 0) ==
      0);
  CHECK(reason_of(corpus_dir() / "office/tika__testWORD_protected_passtika.docx",
                  "application/msword") == "encrypted Office document: password required");
}

TEST_CASE("run_program: captures stdout with a cap, stderr and the exit code",
          "[legacy-office][util]") {
  auto r = run_program("sh", {"-c", "printf hello; printf oops >&2; exit 3"}, 1024);
  CHECK(r.out == "hello");
  CHECK(r.err == "oops");
  CHECK(r.exit_code == 3);
  auto capped = run_program("yes", {}, 10);
  CHECK(capped.out == "y\ny\ny\ny\ny\n");
  CHECK(capped.out_truncated);
  auto missing = run_program("evidex-no-such-program", {}, 10);
  CHECK_FALSE(missing.spawn_error.empty());
  auto slow = run_program("sleep", {"5"}, 10, 10, std::chrono::milliseconds(200));
  CHECK(slow.timed_out);
}

TEST_CASE("legacy office: real-world corpus", "[legacy-office][corpus]") {
  auto ex = indexer::make_legacy_office_extractor();
  check_corpus_table(*ex, "office/", {".doc", ".xls", ".ppt"}, mime_for);
}
