// libFuzzer entry point of the "rtf_text" harness; the body is run_rtf_text in targets.hpp.
#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  evidex::fuzz::run_rtf_text(data, size);
  return 0;
}
