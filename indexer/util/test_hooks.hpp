/** @file
 * @brief Crash injection for the test suite: EVIDEX_TEST_KILL_AT=<point> makes the process kill
 * itself with SIGKILL when it reaches the named point, so a test can stop a writer at an exact
 * moment instead of sleeping and hoping. Unset (always, outside tests) it costs one comparison.
 *
 * Points: "after-commit" (put_bundle, the bundle's SQLite transaction committed, nothing freed yet),
 * "forget-after-commit" (forget, the records deleted, no blob removed yet).
 */
#pragma once

#include <csignal>
#include <cstdlib>
#include <cstring>

namespace evidex::indexer {

inline void test_kill_point(const char* point) {
  static const char* const wanted = std::getenv("EVIDEX_TEST_KILL_AT");
  if (wanted != nullptr && std::strcmp(wanted, point) == 0) {
    std::raise(SIGKILL);
  }
}

}  // namespace evidex::indexer
