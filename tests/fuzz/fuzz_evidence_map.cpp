// libFuzzer entry point of the "evidence_map" harness; the body is run_evidence_map in targets.hpp.
#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  evidex::fuzz::run_evidence_map(data, size);
  return 0;
}
