// query/access/accounts.cpp and accounts_file.cpp: users, assignments, the file itself.
#include "tests/query/access/access_fixture.hpp"

#include "indexer/store/sqlite.hpp"
#include "indexer/util/errors.hpp"
#include "query/access/accounts_file.hpp"
#include "query/access/password_hash.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace evidex;
using namespace evidex::query::access;
using evidex::test::AccountsFixture;
using evidex::test::k_password;

TEST_CASE("accounts: the file is made 0600, in WAL mode, with a schema version", "[access]") {
  AccountsFixture f;
  struct stat st {};
  REQUIRE(::stat((f.dir / "accounts.sqlite").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  indexer::Db db(f.dir / "accounts.sqlite", false, true);
  auto mode = db.prepare("PRAGMA journal_mode");
  REQUIRE(mode.step());
  CHECK(mode.text(0) == "wal");
  auto version = db.prepare("PRAGMA user_version");
  REQUIRE(version.step());
  CHECK(version.integer(0) == k_accounts_schema_version);
  // Opening again finds the same tables (and does not fail on them).
  f->add_user("ana", Role::admin, k_password);
  Accounts again(f.dir.path());
  CHECK(again.user("ana"));
}

TEST_CASE("accounts: a file from a newer evidex is refused, naming it", "[access]") {
  test::TempDir dir;
  { Accounts first(dir.path()); }
  {
    indexer::Db db(dir / "accounts.sqlite", false);
    db.exec("PRAGMA user_version=99");
  }
  CHECK_THROWS_WITH(Accounts(dir.path()), Catch::Contains("accounts.sqlite") && Catch::Contains("newer evidex"));
}

TEST_CASE("accounts: add, find, list, the hash is argon2id and verifies", "[access]") {
  AccountsFixture f;
  const User sam = f->add_user("sam", Role::apprentice, k_password, "A001");
  CHECK(sam.id > 0);
  CHECK(sam.role == Role::apprentice);
  CHECK(sam.apprentice == "A001");
  CHECK(sam.created_at == "2027-01-15T08:00:00Z");
  f->add_user("bob", Role::assessor, k_password);
  f->add_user("ivy", Role::iqa, k_password);

  auto all = f->users();
  REQUIRE(all.size() == 3);
  CHECK(all[0].name == "bob");  // by name
  CHECK(f->user("SAM")->id == sam.id);  // names ignore case
  CHECK(f->user_by_id(sam.id)->name == "sam");
  CHECK_FALSE(f->user("nobody"));
  CHECK_FALSE(f->user_by_id(999));

  indexer::Db db(f.dir / "accounts.sqlite", false, true);
  auto stmt = db.prepare("SELECT password_hash FROM users WHERE name = 'sam'");
  REQUIRE(stmt.step());
  CHECK_THAT(stmt.text(0), Catch::StartsWith("$argon2id$"));
  CHECK(verify_password(stmt.text(0), k_password));
}

TEST_CASE("accounts: what add_user refuses, with the reason", "[access]") {
  AccountsFixture f;
  f->add_user("sam", Role::apprentice, k_password, "A001");
  CHECK_THROWS_WITH(f->add_user("Sam", Role::iqa, k_password), Catch::Contains("already exists as 'sam'"));
  CHECK_THROWS_AS(f->add_user("sam", Role::iqa, k_password), InputError);
  CHECK_THROWS_WITH(f->add_user("pat", Role::apprentice, k_password), Catch::Contains("apprentice ID"));
  CHECK_THROWS_WITH(f->add_user("pat", Role::assessor, k_password, "A001"), Catch::Contains("only an apprentice"));
  CHECK_THROWS_WITH(f->add_user("pat", Role::admin, "short"), Catch::Contains("at least 10"));
  CHECK_THROWS_WITH(f->add_user("pat smith", Role::admin, k_password), Catch::Contains("only letters"));
  CHECK_THROWS_AS(f->add_user("", Role::admin, k_password), UsageError);
  CHECK_THROWS_AS(f->add_user("<script>", Role::admin, k_password), UsageError);
  CHECK(f->users().size() == 1);
}

TEST_CASE("accounts: assignments belong to assessors, and unassigning what is not there says so", "[access]") {
  AccountsFixture f;
  f->add_user("bob", Role::assessor, k_password);
  f->add_user("sam", Role::apprentice, k_password, "A001");
  f->assign("bob", "A002");
  f->assign("bob", "A001");
  f->assign("bob", "A001");  // twice: no change
  CHECK(f->user("bob")->assigned == std::vector<std::string>{"A001", "A002"});
  CHECK(may_read(*f->user("bob"), "A002"));
  CHECK_THROWS_WITH(f->assign("sam", "A002"), Catch::Contains("is not an assessor"));
  CHECK_THROWS_WITH(f->assign("nobody", "A002"), Catch::Contains("user 'nobody': no such user"));
  f->unassign("bob", "A002");
  CHECK(f->user("bob")->assigned == std::vector<std::string>{"A001"});
  CHECK_FALSE(may_read(*f->user("bob"), "A002"));
  CHECK_THROWS_WITH(f->unassign("bob", "A002"), Catch::Contains("not assigned"));
}

TEST_CASE("accounts: no message names the server's files", "[access]") {
  AccountsFixture f;
  const std::string dir = f.dir.path().string();
  for (auto attempt : std::vector<std::function<void()>>{
           [&] { f->set_disabled("nobody", true); }, [&] { f->revoke_token(42); },
           [&] { f->unassign("nobody", "A1"); }, [&] { f->add_token("nobody", ""); }}) {
    try {
      attempt();
      FAIL("no error");
    } catch (const InputError& e) {
      CHECK_THAT(e.what(), !Catch::Contains(dir));
    }
  }
}
