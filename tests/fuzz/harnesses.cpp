// The list of harnesses, for the regression test: each name is a fuzz_<name> executable.
#include "tests/fuzz/targets.hpp"

namespace evidex::fuzz {

const std::vector<Harness>& harnesses() {
  static const std::vector<Harness> all = [] {
    std::vector<Harness> out = {
        {"refs", run_refs},
        {"evidence_map", run_evidence_map},
        {"rtf_text", run_rtf_text},
        {"declaration", run_declaration},
        {"dates", run_dates},
    };
    for (const auto& handler : extract_handlers()) {
      out.push_back({"extract_" + handler, [handler](const std::uint8_t* data, std::size_t size) {
                       run_extract(handler, data, size);
                     }});
    }
    return out;
  }();
  return all;
}

}  // namespace evidex::fuzz
