// A Catch2 listener counts failed assertions, so that a Fault can tell whether any failed in its
// lifetime, and prints the tally when the run ends.
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include "tests/support/fault_tally.hpp"

#include <catch2/catch.hpp>

#include <exception>
#include <iostream>
#include <vector>

namespace evidex::test {
namespace {

struct Tally {
  long failures = 0;
  int tried = 0;
  std::vector<std::string> not_handled;
};

Tally& tally() {
  static Tally t;
  return t;
}

class FaultTallyListener : public Catch::TestEventListenerBase {
public:
  using TestEventListenerBase::TestEventListenerBase;

  bool assertionEnded(const Catch::AssertionStats& stats) override {
    if (!stats.assertionResult.isOk()) {
      ++tally().failures;
    }
    return true;
  }

  void testRunEnded(const Catch::TestRunStats&) override {
    const Tally& t = tally();
    if (t.tried == 0) {
      return;
    }
    std::cout << "store faults: " << t.tried << " tried, " << t.tried - static_cast<int>(t.not_handled.size())
              << " handled\n";
    for (const auto& name : t.not_handled) {
      std::cout << "store fault not handled: " << name << "\n";
    }
  }
};

}  // namespace

Fault::Fault(std::string name) : m_name(std::move(name)), m_failures_before(tally().failures) { ++tally().tried; }

Fault::~Fault() {
  // Leaving by an exception (a failed REQUIRE, or one the test did not expect) is not handling it.
  if (tally().failures != m_failures_before || std::uncaught_exceptions() > 0) {
    tally().not_handled.push_back(m_name);
  }
}

CATCH_REGISTER_LISTENER(FaultTallyListener)

}  // namespace evidex::test
