// make_report gathers every section from the store: the page of an apprentice whose bundle has a
// readable account and nothing else.
#include "indexer/store/store.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/sha256.hpp"
#include "query/report/report.hpp"
#include "tests/support/standards.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
using Catch::Contains;

namespace {

struct OneItemStore {
  test::TempDir dir;
  indexer::Store store{dir / "store", indexer::Store::Mode::write};
  OneItemStore() {
    test::write_file(dir / "account.txt", "My reflective account, evidence for 12S3.");
    indexer::NewItem a;
    a.record.path = "account.txt";
    a.record.mime = "text/plain";
    a.record.type = "text";
    a.record.sha256 = sha256_hex("My reflective account, evidence for 12S3.");
    a.text = "My reflective account, evidence for 12S3.";
    store.put_blob(dir / "account.txt", a.record.sha256, false);
    store.put_bundle({"A1", "Sam Patel", "ST0072", ""}, indexer::BundleInfo{}, {a});
    std::int64_t id = store.items("A1").front().id;
    store.replace_tags("A1", {{id, "12S3", "explicit", std::nullopt, "12S3", "text", 0, ""}}, {});
  }
};

}  // namespace

TEST_CASE("make_report: every section, from the store", "[report]") {
  OneItemStore s;
  query::ReportOptions options;
  options.generated = "2026-03-02";
  std::string html = query::make_report(s.store, test::shipped_standard("ST0072"), "A1", options);
  CHECK_THAT(html, Contains("Evidence report: Sam Patel"));
  CHECK_THAT(html, Contains("Report made</dt><dd>2026-03-02"));
  CHECK_THAT(html, Contains("blocking issues"));
  CHECK_THAT(html, Contains("Criterion not covered:"));
  CHECK_THAT(html, Contains("Declaration of Authenticity:</span>"));  // missing: a blocking issue
  CHECK_THAT(html, Contains("Missing</span>: no item holds the form"));
  CHECK_THAT(html, Contains("None</span>: no file, text or near copy appears twice."));
  CHECK_THAT(html, Contains("href=\"file://"));
  CHECK_THAT(html, !Contains("Not checked."));

  options.copy_items_beside = s.dir / "report.html";
  html = query::make_report(s.store, test::shipped_standard("ST0072"), "A1", options);
  CHECK_THAT(html, Contains("href=\"./report_files/account.txt\""));
  CHECK(test::read_file(s.dir / "report_files" / "account.txt") == "My reflective account, evidence for 12S3.");

  options.method = "interview";
  CHECK_THROWS_AS(query::make_report(s.store, test::shipped_standard("ST0072"), "A1", options), UsageError);
}
