// Speed of the IQA sample: the draw alone on synthetic cohorts, and collecting the candidates
// (coverage, declaration, duplicates) from a store of synthetic bundles whose texts are shared by
// every apprentice (a file a whole cohort attaches: the worst case for the duplicate flags). Prints
// figures; it is not a test.
//   evidex_bench_sample [APPRENTICES_IN_STORE=500]
#include "indexer/store/store.hpp"
#include "indexer/util/sha256.hpp"
#include "mapping/tagger/tag_bundle.hpp"
#include "query/iqa/duplicates.hpp"
#include "query/iqa/sample.hpp"
#include "query/iqa/sample_candidates.hpp"
#include "tests/support/test_support.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace evidex;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

const char* const k_types[] = {"pdf", "docx", "audio", "video", "eml", "xlsx", "odt", "image", "text", "csv"};

std::vector<query::SampleCandidate> cohort(std::size_t n, std::size_t assessors) {
  std::vector<query::SampleCandidate> out;
  for (std::size_t i = 0; i < n; ++i) {
    query::SampleCandidate c;
    c.apprentice = "A" + std::to_string(i);
    c.assessor = "E" + std::to_string(i % assessors);
    for (std::size_t t = 0; t < 10; ++t) {
      if ((i * 7 + t * 13) % 4 == 0) {
        c.evidence_types.push_back(k_types[t]);
      }
    }
    c.methods = {"showcase"};
    if (i % 9 == 0) {
      c.risks = {"declaration missing"};
    }
    out.push_back(std::move(c));
  }
  return out;
}

const mapping::StandardLibrary& library() {
  static const mapping::StandardLibrary shipped(mapping::standard_dirs());
  return shipped;
}

}  // namespace

int main(int argc, char** argv) {
  std::printf("draw_sample (rate 0.05, spread on)\n");
  for (auto [n, assessors] : {std::pair{1000, 20}, {10000, 50}, {100000, 200}, {100000, 10}}) {
    auto candidates = cohort(n, assessors);
    auto start = std::chrono::steady_clock::now();
    auto sample = query::draw_sample(candidates, query::SampleOptions{});
    std::printf("  %7d apprentices, %3d assessors: %5zu selected in %.3f s\n", n, assessors, sample.selections.size(),
                seconds_since(start));
  }

  const std::size_t apprentices = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 500;
  test::TempDir dir;
  {
    indexer::Store store(dir / "store", indexer::Store::Mode::write);
    auto start = std::chrono::steady_clock::now();
    for (std::size_t a = 0; a < apprentices; ++a) {
      std::vector<indexer::NewItem> items;
      for (std::size_t k = 0; k < 12; ++k) {
        indexer::NewItem item;
        item.record.path = "Showcase/" + std::to_string(k) + " evidence for 2K" + std::to_string(k % 6 + 1) + ".txt";
        item.record.type = k_types[k % 10];
        item.record.sha256 = sha256_hex(std::to_string(a) + "/" + std::to_string(k));
        item.text = "Evidence for 2K" + std::to_string(k % 6 + 1) + ". A reflective account of handling a complaint, "
                    "escalated to the team leader and resolved within the service level agreement.";
        items.push_back(std::move(item));
      }
      store.put_bundle({"A" + std::to_string(a), "Apprentice " + std::to_string(a), "ST0072",
                            "E" + std::to_string(a % 20)},
                           indexer::BundleInfo{}, items);
    }
    std::printf("\nstore: %zu apprentices x 12 items written in %.1f s", apprentices, seconds_since(start));
    start = std::chrono::steady_clock::now();
    mapping::tag_pending(store, library());
    std::printf(", tagged in %.1f s\n", seconds_since(start));
  }
  indexer::Store store(dir / "store", indexer::Store::Mode::read);
  auto start = std::chrono::steady_clock::now();
  auto groups = query::find_duplicates(store, query::DuplicateOptions{});
  std::printf("find_duplicates alone: %.2f s, %zu groups\n", seconds_since(start), groups.size());
  start = std::chrono::steady_clock::now();
  auto candidates = query::collect_candidates(store, library());
  double collect = seconds_since(start);
  start = std::chrono::steady_clock::now();
  auto sample = query::draw_sample(candidates, query::SampleOptions{});
  std::printf("collect_candidates: %.2f s (%.1f ms per apprentice); draw: %.3f s; %zu selected\n", collect,
              1000 * collect / static_cast<double>(apprentices), seconds_since(start), sample.selections.size());
}
