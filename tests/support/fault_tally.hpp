/** @file
 * @brief Counts the store faults the fault-injection tests try and how many evidex handled (every
 * check made while the fault was in place, and after it was removed, passed). The run ends with one
 * line, "store faults: N tried, M handled", followed by the name of each fault not handled.
 */
#pragma once

#include <string>

namespace evidex::test {

/// One fault, from its injection to the checks after its removal: handled when no assertion
/// failed while it lived.
class Fault {
public:
  explicit Fault(std::string name);
  ~Fault();
  Fault(const Fault&) = delete;
  Fault& operator=(const Fault&) = delete;

private:
  std::string m_name;
  long m_failures_before;
};

}  // namespace evidex::test
