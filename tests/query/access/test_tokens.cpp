// query/access/tokens.cpp: bearer tokens shown once, stored as digests, revoked for good.
#include "tests/query/access/access_fixture.hpp"

#include "indexer/store/sqlite.hpp"
#include "indexer/util/errors.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
using namespace evidex::query::access;
using evidex::test::AccountsFixture;
using evidex::test::k_password;

TEST_CASE("tokens: a token acts as its user until revoked, its secret is not stored", "[access]") {
  AccountsFixture f;
  f->add_user("lms", Role::iqa, k_password);
  const std::string secret = f->add_token("lms", "LMS nightly sync");
  CHECK_THAT(secret, Catch::StartsWith("evidex_"));
  CHECK(secret.size() == 7 + 43);
  CHECK(f->add_token("lms", "second") != secret);

  auto listed = f->tokens();
  REQUIRE(listed.size() == 2);
  CHECK(listed[0].user == "lms");
  CHECK(listed[0].label == "LMS nightly sync");
  CHECK(listed[0].last_used_at.empty());
  CHECK_FALSE(listed[0].revoked);

  auto who = f->user_for_token(secret);
  REQUIRE(who);
  CHECK(who->name == "lms");
  CHECK(f->tokens()[0].last_used_at == "2027-01-15T08:00:00Z");
  CHECK_FALSE(f->user_for_token(secret + "x"));
  CHECK_FALSE(f->user_for_token(""));

  f->revoke_token(listed[0].id);
  CHECK_FALSE(f->user_for_token(secret));
  CHECK(f->tokens()[0].revoked);
  CHECK_THROWS_AS(f->revoke_token(999), InputError);

  // Neither the secret nor its base64 body is anywhere in the file or its WAL.
  for (const auto& entry : std::filesystem::directory_iterator(f.dir.path())) {
    CHECK(test::read_file(entry.path()).find(secret.substr(7)) == std::string::npos);
  }
}

TEST_CASE("tokens: a disabled user's tokens stop working, and work again when enabled", "[access]") {
  AccountsFixture f;
  f->add_user("lms", Role::iqa, k_password);
  const std::string secret = f->add_token("lms", "");
  f->set_disabled("lms", true);
  CHECK_FALSE(f->user_for_token(secret));
  f->set_disabled("lms", false);
  CHECK(f->user_for_token(secret));
}

TEST_CASE("tokens: one user's list, and an unknown user", "[access]") {
  AccountsFixture f;
  f->add_user("a1", Role::admin, k_password);
  f->add_user("i1", Role::iqa, k_password);
  f->add_token("a1", "x");
  f->add_token("i1", "y");
  REQUIRE(f->tokens("i1").size() == 1);
  CHECK(f->tokens("i1")[0].label == "y");
  CHECK_THROWS_WITH(f->tokens("nobody"), Catch::Contains("no such user"));
  CHECK_THROWS_AS(f->add_token("nobody", ""), InputError);
}
