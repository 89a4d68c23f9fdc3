// query/access/sessions.cpp: random IDs stored as digests, idle expiry that slides, the absolute
// limit, and the ways a session ends.
#include "tests/query/access/access_fixture.hpp"

#include "indexer/store/sqlite.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
using namespace evidex::query::access;
using evidex::test::AccountsFixture;
using evidex::test::k_password;

TEST_CASE("sessions: the ID and CSRF token are random, and only the ID's digest is stored", "[access]") {
  AccountsFixture f;
  const User sam = f->add_user("sam", Role::apprentice, k_password, "A001");
  Session a = f->open_session(sam.id, 1800);
  Session b = f->open_session(sam.id, 1800);
  CHECK(a.id.size() == 43);  // 32 bytes, base64url without padding
  CHECK(a.csrf.size() == 43);
  CHECK(a.id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == std::string::npos);
  CHECK(a.id != b.id);
  CHECK(a.csrf != b.csrf);
  CHECK(a.id != a.csrf);
  CHECK(a.expires_at == f.now + 1800);
  auto found = f->session(a.id);
  REQUIRE(found);
  CHECK(found->user == sam.id);
  CHECK(found->csrf == a.csrf);

  indexer::Db db(f.dir / "accounts.sqlite", false, true);
  auto rows = db.prepare("SELECT id_sha256 FROM sessions");
  int n = 0;
  while (rows.step()) {
    ++n;
    CHECK(rows.text(0) != a.id);
    CHECK(rows.text(0) != b.id);
    CHECK(rows.text(0).size() == 64);
  }
  CHECK(n == 2);
  CHECK_FALSE(f->session("not-a-session"));
  CHECK_FALSE(f->session(""));
}

TEST_CASE("sessions: unused for their lifetime they end, used, they slide", "[access]") {
  AccountsFixture f;
  const User sam = f->add_user("sam", Role::apprentice, k_password, "A001");
  Session idle = f->open_session(sam.id, 1800);
  Session busy = f->open_session(sam.id, 1800);
  for (int i = 0; i < 5; ++i) {
    f.now += 1000;  // each gap shorter than the lifetime, together far longer
    INFO("after " << (i + 1) * 1000 << " s");
    auto s = f->session(busy.id);
    REQUIRE(s);
    CHECK(s->expires_at == f.now + 1800);
  }
  CHECK_FALSE(f->session(idle.id));
  f.now += 1800;
  CHECK_FALSE(f->session(busy.id));
  f.now -= 3600;
  CHECK_FALSE(f->session(busy.id));  // an expired session was removed, not only hidden
}

TEST_CASE("sessions: a short lifetime still slides when used within it", "[access]") {
  AccountsFixture f;
  const User sam = f->add_user("sam", Role::apprentice, k_password, "A001");
  Session s = f->open_session(sam.id, 20);
  for (int i = 0; i < 6; ++i) {
    f.now += 15;
    REQUIRE(f->session(s.id));
  }
  f.now += 21;
  CHECK_FALSE(f->session(s.id));
}

TEST_CASE("sessions: however busy, a session ends at the absolute limit", "[access]") {
  AccountsFixture f;
  const User sam = f->add_user("sam", Role::apprentice, k_password, "A001");
  Session s = f->open_session(sam.id, 3600);
  const std::int64_t start = f.now;
  while (f.now + 3000 < start + k_session_absolute_limit_seconds) {
    f.now += 3000;
    REQUIRE(f->session(s.id));
  }
  f.now = start + k_session_absolute_limit_seconds;
  CHECK_FALSE(f->session(s.id));
}

TEST_CASE("sessions: logout, disabling and a new password end them", "[access]") {
  AccountsFixture f;
  const User sam = f->add_user("sam", Role::apprentice, k_password, "A001");
  const User bob = f->add_user("bob", Role::assessor, k_password);
  Session out = f->open_session(sam.id, 1800);
  f->close_session(out.id);
  CHECK_FALSE(f->session(out.id));

  Session s1 = f->open_session(sam.id, 1800);
  Session other = f->open_session(bob.id, 1800);
  f->set_disabled("sam", true);
  CHECK_FALSE(f->session(s1.id));
  CHECK(f->session(other.id));  // only sam's
  f->set_disabled("sam", false);
  CHECK_FALSE(f->session(s1.id));  // enabling again does not bring it back

  Session s2 = f->open_session(sam.id, 1800);
  f->set_password("sam", "a new long password");
  CHECK_FALSE(f->session(s2.id));
  CHECK(f->login("sam", "a new long password", "r").user);
  CHECK(f->login("sam", k_password, "r").refused == LoginRefusal::bad_credentials);
  CHECK(f->session(other.id));
}
