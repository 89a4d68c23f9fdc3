/** @file
 * @brief Crash injection for the test suite. A writer passes named points over its life; the
 * environment makes it kill itself with SIGKILL at one passage of one point, so a test stops a
 * writer at an exact moment instead of sleeping and hoping:
 *
 *   EVIDEX_TEST_KILL_AT=<point>      the first time <point> is reached
 *   EVIDEX_TEST_KILL_AT=<point>#<n>  the n-th time (1-based), for points inside loops
 *   EVIDEX_TEST_TRACE_POINTS=<file>  append "<point>#<n>" to <file> at every passage, so a test can
 *                                    list the points of a whole run and choose where to kill
 *   EVIDEX_TEST_FAIL_AT=<point>[#n]  throw std::logic_error there instead: an unexpected internal
 *                                    failure, which must leave the store as it was and exit 4
 *
 * Unset (always, outside tests) a passage costs two comparisons. Points are listed where they are
 * passed (grep test_kill_point); each name says what has just become durable.
 */
#pragma once

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>

namespace evidex::indexer {

inline void test_kill_point(const char* point) {
  static const char* const wanted = std::getenv("EVIDEX_TEST_KILL_AT");
  static const char* const trace = std::getenv("EVIDEX_TEST_TRACE_POINTS");
  static const char* const fail = std::getenv("EVIDEX_TEST_FAIL_AT");
  if (wanted == nullptr && trace == nullptr && fail == nullptr) {
    return;
  }
  static std::map<std::string, int> passages;
  const int n = ++passages[point];
  const std::string numbered = std::string(point) + "#" + std::to_string(n);
  if (trace != nullptr) {
    if (std::FILE* f = std::fopen(trace, "a")) {
      std::fprintf(f, "%s\n", numbered.c_str());
      std::fclose(f);
    }
  }
  if (wanted != nullptr && (numbered == wanted || (n == 1 && std::string(point) == wanted))) {
    std::raise(SIGKILL);
  }
  if (fail != nullptr && (numbered == fail || (n == 1 && std::string(point) == fail))) {
    throw std::logic_error("injected failure at " + numbered);
  }
}

}  // namespace evidex::indexer
