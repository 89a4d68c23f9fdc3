/** @file
 * @brief Every input the fuzzers once crashed on (fixtures/fuzz/<harness>/, each described in that
 * folder's README) and the hand-made seeds (fixtures/fuzz/seeds/<harness>/), run through the
 * harness's own target: what was fixed stays fixed. Under scripts/sanitize.sh this runs with ASan
 * and UBSan as the fuzzers do.
 */
#include "tests/fuzz/targets.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs_in(const fs::path& dir) {
  std::vector<fs::path> out;
  if (fs::is_directory(dir)) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_regular_file() && entry.path().filename() != "README.md") {
        out.push_back(entry.path());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("every fuzz finding and seed runs through its harness", "[fuzz-regressions]") {
  const fs::path root = evidex::test::fixture("fuzz");
  std::size_t findings = 0;
  for (const auto& harness : evidex::fuzz::harnesses()) {
    for (const char* kind : {"", "seeds"}) {
      for (const auto& input : inputs_in(kind[0] ? root / kind / harness.name : root / harness.name)) {
        findings += kind[0] == '\0';
        std::string bytes = evidex::test::read_file(input);
        INFO(harness.name << ": " << input.string());
        CHECK_NOTHROW(harness.run(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
      }
    }
  }
  // Every folder of findings belongs to a harness, so that none is silently skipped.
  for (const auto& entry : fs::directory_iterator(root)) {
    std::string name = entry.path().filename().string();
    if (!entry.is_directory() || name == "seeds") {
      continue;
    }
    const auto& all = evidex::fuzz::harnesses();
    INFO("fixtures/fuzz/" << name);
    CHECK(std::any_of(all.begin(), all.end(), [&](const auto& h) { return h.name == name; }));
  }
  WARN(findings << " fuzz findings replayed");
}

TEST_CASE("a fuzz target reports a broken promise and an unknown handler", "[fuzz-regressions]") {
  REQUIRE_THROWS_AS(evidex::fuzz::promise(false, "x"), evidex::fuzz::BrokenPromise);
  REQUIRE_THROWS_AS(evidex::fuzz::run_extract("catdoc", nullptr, 0), std::invalid_argument);
}
