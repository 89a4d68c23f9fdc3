// One snapshot per command: the checks, the declaration, the duplicates' second look and the report
// all read an item's text through it, so each text leaves the store once.
#include "query/snapshot/apprentice_snapshot.hpp"

#include "indexer/pipeline/ingest.hpp"
#include "query/calendar/calendar.hpp"
#include "query/check/check.hpp"
#include "query/report/report.hpp"
#include "tests/support/standards.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

using namespace evidex;

namespace {

// The sample showcase (fixtures/sample-bundle.md), ingested as `evidex ingest` does it.
struct SampleStore {
  test::TempDir dir;
  indexer::Store store{dir / "store", indexer::Store::Mode::write};
  SampleStore() {
    indexer::IngestOptions options;
    options.source = test::fixture("sample-bundle.zip");
    options.apprentice = {"A001", "Sam Patel", "ST0072", "IEA7"};
    options.jobs = 2;
    indexer::ingest(store, options);
  }
};

}  // namespace

TEST_CASE("snapshot: the records are read once and each text on first use", "[snapshot]") {
  SampleStore s;
  query::ApprenticeSnapshot snapshot(s.store, "A001");
  CHECK(snapshot.registered());
  CHECK(snapshot.info().name == "Sam Patel");
  CHECK(snapshot.bundles().size() == 1);
  REQUIRE(snapshot.items().size() == s.store.items("A001").size());
  CHECK(snapshot.texts_read() == 0);

  const auto& item = snapshot.items().front();
  const std::string& first = snapshot.text(item.id);
  CHECK(first == s.store.item_text(item.id));
  CHECK(&snapshot.text(item.id) == &first);  // kept, not read again
  CHECK(snapshot.texts_read() == 1);

  query::ApprenticeSnapshot nobody(s.store, "B404");
  CHECK_FALSE(nobody.registered());
  CHECK(nobody.id() == "B404");
  CHECK(nobody.items().empty());
}

TEST_CASE("snapshot: check and report read each item's text at most once", "[snapshot]") {
  SampleStore s;
  const auto& st0072 = test::shipped_standard("ST0072");
  query::CheckOptions check_options;
  check_options.assessment_date = query::parse_iso_day("2026-03-16");

  query::ApprenticeSnapshot snapshot(s.store, "A001");
  const auto check = query::run_check(snapshot, st0072, check_options);
  const std::size_t items = snapshot.items().size();
  // The declaration is looked for in every item, so the check reads (nearly) all of them; before
  // the snapshot it read them 46 times for 16 items (assessor-led, recordings, evidence pieces and
  // the declaration each read them again).
  CHECK(snapshot.texts_read() > items / 2);
  CHECK(snapshot.texts_read() <= items);
  const std::size_t after_check = snapshot.texts_read();

  query::ReportOptions report_options;
  report_options.generated = "2026-03-02";
  report_options.assessment_date = "2026-03-16";
  const std::string page = query::make_report(snapshot, st0072, report_options);
  CHECK(page.find("Sam Patel") != std::string::npos);
  CHECK(snapshot.texts_read() == after_check);

  // The same findings as a check that reads the store itself.
  CHECK(query::check_json(query::run_check(s.store, st0072, "A001", check_options)) == query::check_json(check));
}
