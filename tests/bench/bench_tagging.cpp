// Calibration of inferred tags: precision and recall on the labelled set for a grid of settings,
// on the odd-numbered documents (for choosing) and the even-numbered ones (held out). Prints
// figures; it is not a test.
//   evidex_bench_tagging
#include "tests/support/labelled_set.hpp"
#include "tests/support/test_support.hpp"

#include <cstdio>

using namespace evidex;

int main() {
  test::TempDir dir;
  test::ingest_labelled_set(dir / "store");
  auto odd = [](const std::string& name) { return (std::atoi(name.c_str()) % 2) == 1; };
  auto even = [](const std::string& name) { return (std::atoi(name.c_str()) % 2) == 0; };
  auto all = [](const std::string&) { return true; };
  const mapping::InferenceOptions defaults;
  std::printf("%-9s %-6s %-4s | %-17s | %-17s | %-17s\n", "min_score", "share", "max", "odd P / R", "even P / R",
              "all P / R");
  for (double min_score : {0.16, 0.18, 0.20, 0.21, 0.22, 0.23, 0.24, 0.26, 0.28}) {
    for (double share : {0.5, 0.6, 0.7, 0.8, 0.9}) {
      for (std::size_t max : {std::size_t{2}, std::size_t{3}}) {
        mapping::InferenceOptions o;
        o.min_score = min_score;
        o.min_share_of_best = share;
        o.max_per_item = max;
        auto a = test::evaluate_inference(dir / "store", o, odd);
        auto b = test::evaluate_inference(dir / "store", o, even);
        auto c = test::evaluate_inference(dir / "store", o, all);
        bool is_default = o.min_score == defaults.min_score && o.min_share_of_best == defaults.min_share_of_best &&
                          o.max_per_item == defaults.max_per_item;
        std::printf("%-9.2f %-6.2f %-4zu | %.3f / %.3f     | %.3f / %.3f     | %.3f / %.3f %s\n", min_score, share,
                    max, a.precision(), a.recall(), b.precision(), b.recall(), c.precision(), c.recall(),
                    is_default ? "  <- default" : "");
      }
    }
  }
  return 0;
}
