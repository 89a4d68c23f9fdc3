// One Accounts shared by the server's threads: logins, sessions, tokens and audit entries at once.
#include "tests/query/access/access_fixture.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace evidex::query::access;
using evidex::test::AccountsFixture;
using evidex::test::k_password;

TEST_CASE("accounts: many threads at once on one Accounts", "[access]") {
  AccountsFixture f;
  const User sam = f->add_user("sam", Role::apprentice, k_password, "A001");
  const std::string token = f->add_token("sam", "");
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  constexpr int per_thread = 40;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      try {
        if (t == 0) {
          for (int i = 0; i < 3; ++i) {
            failures += f->login("sam", k_password, "10.0.0.1").user ? 0 : 1;
          }
          return;
        }
        for (int i = 0; i < per_thread; ++i) {
          Session s = f->open_session(sam.id, 600);
          failures += f->session(s.id) ? 0 : 1;
          failures += f->user_for_token(token) ? 0 : 1;
          f->audit(sam, "view", "A001", "item-" + std::to_string(t) + "-" + std::to_string(i), "", "r");
          f->close_session(s.id);
        }
      } catch (...) {
        ++failures;
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  CHECK(failures == 0);
  AuditFilter all;
  all.limit = 1000;
  CHECK(f->audit_log(all).size() == 3 * per_thread);
}
