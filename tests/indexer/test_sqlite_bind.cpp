#include "indexer/store/sqlite.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <string_view>

using namespace evidex::indexer;

TEST_CASE("An empty string view is stored as an empty text, not as NULL", "[store][sqlite]") {
  evidex::test::TempDir dir;
  Db db(dir.path() / "t.sqlite", true);
  db.exec("CREATE TABLE t (v TEXT NOT NULL)");
  // A default-constructed view has no data pointer at all, which SQLite would take for NULL.
  db.prepare("INSERT INTO t (v) VALUES (?)").bind(1, std::string_view()).step();
  Stmt read = db.prepare("SELECT v IS NULL, length(v) FROM t");
  REQUIRE(read.step());
  CHECK(read.integer(0) == 0);
  CHECK(read.integer(1) == 0);
}
