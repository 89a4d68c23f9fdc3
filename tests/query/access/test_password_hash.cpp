// query/access/password_hash.cpp: Argon2id encoded strings with our parameters, and the policy.
#include "query/access/password_hash.hpp"

#include "indexer/util/errors.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>

using namespace evidex::query::access;

TEST_CASE("password_hash: an argon2id encoded string with the chosen parameters, salted afresh", "[access]") {
  const std::string a = hash_password("correct horse battery staple");
  const std::string b = hash_password("correct horse battery staple");
  CHECK_THAT(a, Catch::StartsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
  CHECK(a != b);  // a fresh salt each time
  CHECK(verify_password(a, "correct horse battery staple"));
  CHECK(verify_password(b, "correct horse battery staple"));
  CHECK_FALSE(verify_password(a, "correct horse battery stapl"));
  CHECK_FALSE(verify_password(a, ""));
  CHECK_FALSE(verify_password("not a hash", "correct horse battery staple"));
  // An argon2i string with the right password is not accepted as argon2id.
  CHECK_FALSE(verify_password("$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$abc", "x"));
  CHECK_FALSE(verify_password(dummy_hash(), "correct horse battery staple"));
}

TEST_CASE("password_hash: the policy names the minimum and counts characters, not bytes", "[access]") {
  CHECK_THROWS_WITH(check_password_policy("123456789"), Catch::Contains("at least 10 characters"));
  CHECK_THROWS_AS(check_password_policy(""), evidex::UsageError);
  CHECK_NOTHROW(check_password_policy("1234567890"));
  // Nine characters in 18 bytes are still nine.
  CHECK_THROWS_AS(check_password_policy("ééééééééé"), evidex::UsageError);
  CHECK_NOTHROW(check_password_policy("éééééééééé"));
  CHECK_THROWS_WITH(check_password_policy(std::string(k_max_password_length + 1, 'x')), Catch::Contains("too long"));
}

TEST_CASE("password_hash: the time of one hash on this machine", "[access][measure]") {
  using clock = std::chrono::steady_clock;
  hash_password("warm up the allocator");
  constexpr int runs = 5;
  const auto start = clock::now();
  for (int i = 0; i < runs; ++i) {
    hash_password("correct horse battery staple");
  }
  const double ms = std::chrono::duration<double, std::milli>(clock::now() - start).count() / runs;
  std::cout << "argon2id m=" << k_argon2_memory_kib << " KiB t=" << k_argon2_passes << " p=" << k_argon2_lanes
            << ": " << ms << " ms per hash\n";
  // Slow enough to hurt an offline guesser, fast enough for a login page.
  CHECK(ms > 5);
  CHECK(ms < 2000);
}
