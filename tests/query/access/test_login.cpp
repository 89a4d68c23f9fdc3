// query/access/login.cpp: logins, the refusals a page may show, and the throttle (with a clock the
// test moves, never a sleep).
#include "tests/query/access/access_fixture.hpp"

#include <catch2/catch.hpp>

using namespace evidex::query::access;
using evidex::test::AccountsFixture;
using evidex::test::k_password;

TEST_CASE("login: the right password gives the user, a wrong one and an unknown name the same refusal", "[access]") {
  AccountsFixture f;
  f->add_user("sam", Role::apprentice, k_password, "A001");
  auto ok = f->login("sam", k_password, "10.0.0.1");
  REQUIRE(ok.user);
  CHECK(ok.user->name == "sam");
  CHECK_FALSE(ok.refused);
  CHECK(f->login("SAM", k_password, "10.0.0.1").user);  // names ignore case

  auto wrong = f->login("sam", "wrong password!", "10.0.0.1");
  auto unknown = f->login("nobody", k_password, "10.0.0.1");
  CHECK_FALSE(wrong.user);
  CHECK_FALSE(unknown.user);
  CHECK(wrong.refused == LoginRefusal::bad_credentials);
  CHECK(unknown.refused == LoginRefusal::bad_credentials);
  CHECK(wrong.retry_after_seconds == unknown.retry_after_seconds);
}

TEST_CASE("login: a disabled account is refused, but only a right password learns that", "[access]") {
  AccountsFixture f;
  f->add_user("sam", Role::apprentice, k_password, "A001");
  f->set_disabled("sam", true);
  CHECK(f->user("sam")->disabled);
  CHECK(f->login("sam", k_password, "r").refused == LoginRefusal::disabled);
  CHECK(f->login("sam", "wrong password!", "r").refused == LoginRefusal::bad_credentials);
  f->set_disabled("sam", false);
  CHECK(f->login("sam", k_password, "r").user);
}

TEST_CASE("login: five failures for one name throttle it for the rest of the window", "[access]") {
  AccountsFixture f;
  f->add_user("sam", Role::apprentice, k_password, "A001");
  for (int i = 0; i < k_max_failures_per_name; ++i) {
    INFO("attempt " << i);
    CHECK(f->login("sam", "wrong password!", "10.0.0." + std::to_string(i)).refused == LoginRefusal::bad_credentials);
    f.now += 10;
  }
  // Now even the right password, from anywhere, waits; and so does the name typed in capitals.
  auto held = f->login("sam", k_password, "192.168.1.1");
  CHECK(held.refused == LoginRefusal::throttled);
  CHECK_FALSE(held.user);
  // The first failure was 50 s ago: it leaves the 15-minute window in 850 s.
  CHECK(held.retry_after_seconds == k_failure_window_seconds - 50);
  CHECK(f->login("SAM", k_password, "192.168.1.1").refused == LoginRefusal::throttled);
  // Another name is not held.
  f->add_user("bob", Role::assessor, k_password);
  CHECK(f->login("bob", k_password, "10.0.0.1").user);

  f.now += held.retry_after_seconds;
  auto after = f->login("sam", k_password, "192.168.1.1");
  REQUIRE(after.user);
}

TEST_CASE("login: a success clears the name's failures", "[access]") {
  AccountsFixture f;
  f->add_user("sam", Role::apprentice, k_password, "A001");
  for (int i = 0; i < k_max_failures_per_name - 1; ++i) {
    f->login("sam", "wrong password!", "r");
  }
  REQUIRE(f->login("sam", k_password, "r").user);
  for (int i = 0; i < k_max_failures_per_name - 1; ++i) {
    CHECK(f->login("sam", "wrong password!", "r").refused == LoginRefusal::bad_credentials);
  }
  CHECK(f->login("sam", k_password, "r").user);
}

TEST_CASE("login: one remote guessing across many names is throttled, unknown names counted alike", "[access]") {
  AccountsFixture f;
  f->add_user("sam", Role::apprentice, k_password, "A001");
  for (int i = 0; i < k_max_failures_per_remote; ++i) {
    CHECK(f->login("guess" + std::to_string(i), k_password, "203.0.113.9").refused == LoginRefusal::bad_credentials);
  }
  auto held = f->login("sam", k_password, "203.0.113.9");
  CHECK(held.refused == LoginRefusal::throttled);
  CHECK(held.retry_after_seconds > 0);
  // The account itself is not locked for everyone else.
  CHECK(f->login("sam", k_password, "198.51.100.7").user);
  f.now += k_failure_window_seconds;
  CHECK(f->login("sam", k_password, "203.0.113.9").user);
}

TEST_CASE("login: a name far longer than any account is refused and throttled like any other", "[access]") {
  AccountsFixture f;
  const std::string huge(100000, 'x');
  for (int i = 0; i < k_max_failures_per_name; ++i) {
    CHECK(f->login(huge, k_password, "r" + std::to_string(i)).refused == LoginRefusal::bad_credentials);
  }
  CHECK(f->login(huge, k_password, "another").refused == LoginRefusal::throttled);
}
