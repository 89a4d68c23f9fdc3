// libFuzzer entry point of the "extract_<handler>" harnesses, compiled once per handler with
// EVIDEX_FUZZ_HANDLER naming it (tests/fuzz/CMakeLists.txt); the body is run_extract in targets.hpp.
#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  evidex::fuzz::run_extract(EVIDEX_FUZZ_HANDLER, data, size);
  return 0;
}
