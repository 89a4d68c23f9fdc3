// libFuzzer entry point of the "declaration" harness; the body is run_declaration in targets.hpp.
#include "tests/fuzz/targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  evidex::fuzz::run_declaration(data, size);
  return 0;
}
