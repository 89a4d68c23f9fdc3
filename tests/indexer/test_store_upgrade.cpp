// A store written by an earlier evidex is upgraded in place by the next writer, losing nothing.
#include "indexer/store/schema.hpp"
#include "indexer/store/store.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
using namespace evidex::indexer;

namespace {

// The tables of schema version 3 that version 4 changed, as evidex 0.1 wrote them: one bundle per
// apprentice, tag problems hanging on the bundle.
const char* const k_v3_tables = R"sql(
CREATE TABLE apprentices(id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', standard TEXT NOT NULL DEFAULT '',
  assessor TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE bundles(id INTEGER PRIMARY KEY,
  apprentice TEXT NOT NULL UNIQUE REFERENCES apprentices(id) ON DELETE CASCADE, source TEXT NOT NULL,
  sha256 TEXT NOT NULL, bytes INTEGER NOT NULL, ingested_at TEXT NOT NULL, item_count INTEGER NOT NULL,
  error_count INTEGER NOT NULL, seconds REAL NOT NULL, warnings TEXT NOT NULL DEFAULT '[]');
CREATE TABLE items(id INTEGER PRIMARY KEY, bundle INTEGER NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
  parent INTEGER REFERENCES items(id) ON DELETE CASCADE, path TEXT NOT NULL, mime TEXT NOT NULL,
  type TEXT NOT NULL, name_mime TEXT NOT NULL, mismatch INTEGER NOT NULL, bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL, words INTEGER NOT NULL, pages INTEGER NOT NULL, created TEXT, modified TEXT,
  title TEXT, author TEXT, meta TEXT NOT NULL, error TEXT, warnings TEXT NOT NULL, UNIQUE(bundle, path));
CREATE TABLE item_text(item INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE, text TEXT NOT NULL);
CREATE TABLE tag_problems(bundle INTEGER NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
  path TEXT NOT NULL, message TEXT NOT NULL);
INSERT INTO apprentices VALUES('A1', 'Sam Patel', 'ST0072', 'IEA7', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
INSERT INTO bundles VALUES(7, 'A1', '/uploads/sam/showcase.zip', 'abc', 10, '2026-01-02T00:00:00Z', 1, 0, 0.1, '[]');
INSERT INTO items VALUES(3, 7, NULL, 'Complaint (2K1).txt', 'text/plain', 'text', 'text/plain', 0, 5,
  'def', 4, 1, NULL, NULL, NULL, NULL, '{}', NULL, '[]');
INSERT INTO item_text VALUES(3, 'I answered a complaint');
INSERT INTO tag_problems VALUES(7, 'map.csv', 'row 4: no such item');
PRAGMA user_version = 3;
)sql";

}  // namespace

TEST_CASE("store: a version 3 store is upgraded to a portfolio of bundles, keeping every record", "[store]") {
  test::TempDir dir;
  std::filesystem::create_directories(dir / "s");
  {
    Db db(dir / "s" / "evidex.sqlite", true);
    db.exec(k_v3_tables);
  }
  CHECK_THROWS_AS(Store(dir / "s", Store::Mode::read), StoreUpgradeNeeded);
  {
    Store store(dir / "s", Store::Mode::write);
    auto bundles = store.bundles_of("A1");
    REQUIRE(bundles.size() == 1);
    CHECK(bundles[0].id == 7);
    CHECK(bundles[0].name == "showcase.zip");
    auto items = store.items("A1");
    REQUIRE(items.size() == 1);
    CHECK(items[0].path == "Complaint (2K1).txt");
    CHECK(store.item_text(items[0].id) == "I answered a complaint");
    // Tag problems are derived: the portfolio is tagged again by the next writer.
    CHECK(store.tagging_pending() == std::vector<std::string>{"A1"});
    // A second bundle now joins the first instead of replacing it.
    NewItem extra;
    extra.record.path = "extra.txt";
    extra.record.mime = "text/plain";
    extra.record.type = "text";
    BundleInfo b;
    b.name = "extra.txt";
    auto change = store.put_bundle({"A1", "", "", ""}, b, {extra});
    CHECK(change.replaced.empty());
    CHECK(change.bundles == 2);
    CHECK(change.items == 2);
  }
  Db db(dir / "s" / "evidex.sqlite", false);
  Stmt v = db.prepare("PRAGMA user_version");
  v.step();
  CHECK(v.integer(0) == k_schema_version);
  Stmt fk = db.prepare("PRAGMA foreign_key_check");
  CHECK_FALSE(fk.step());
}
