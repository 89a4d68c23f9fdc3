// libFuzzer entry point of the "refs" harness; the body is run_refs in targets.hpp.
#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  evidex::fuzz::run_refs(data, size);
  return 0;
}
