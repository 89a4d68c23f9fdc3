// libFuzzer entry point of the "dates" harness; the body is run_dates in targets.hpp.
#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  evidex::fuzz::run_dates(data, size);
  return 0;
}
