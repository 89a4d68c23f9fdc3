/** @file
 * @brief A real accounts.sqlite in a fresh directory, with a clock the test moves by hand.
 */
#pragma once

#include "query/access/accounts.hpp"
#include "tests/support/test_support.hpp"

#include <cstdint>
#include <memory>

namespace evidex::test {

struct AccountsFixture {
  TempDir dir;
  std::int64_t now = 1'800'000'000;  // 2027-01-15
  std::unique_ptr<query::access::Accounts> accounts;

  AccountsFixture() : accounts(std::make_unique<query::access::Accounts>(dir.path())) {
    accounts->set_clock([this] { return now; });
  }
  query::access::Accounts& operator*() { return *accounts; }
  query::access::Accounts* operator->() { return accounts.get(); }
};

inline const std::string k_password = "correct horse battery";

}  // namespace evidex::test
