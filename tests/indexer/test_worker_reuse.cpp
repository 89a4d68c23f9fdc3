// Workers are forked once and take item after item: they must stay as isolated as a fork per item
// was. An item's outcome may not depend on what the worker did before it.
#include "indexer/util/errors.hpp"
#include "indexer/worker/worker.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <map>
#include <sys/resource.h>

using namespace evidex;
using namespace evidex::indexer;

namespace {

// What the worker process has been through, as a parser's damaged global state would be.
bool g_poisoned = false;

// Reads the item's own text as an instruction: "ok", "crash", "poison" (leave the process damaged,
// as a parser that corrupts its heap without crashing would), "spin:<ms>" (use CPU), "bloat" (a
// result far larger than any text could make).
class ScriptedExtractor final : public Extractor {
public:
  std::string_view name() const override { return "scripted"; }
  Extraction extract(const std::filesystem::path& file, ExtractContext&) const override {
    std::string what = test::read_file(file);
    if (g_poisoned) {
      std::raise(SIGSEGV);  // whatever comes after the damage crashes
    }
    if (what == "crash") {
      std::raise(SIGSEGV);
    } else if (what == "bloat") {
      // Metadata is not capped like the text: a parser gone wrong could send gigabytes of it.
      Extraction x;
      x.meta["title"] = std::string(40u << 20, 'x');
      return x;
    } else if (what == "poison") {
      g_poisoned = true;
    } else if (what.rfind("spin:", 0) == 0) {
      auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::stoi(what.substr(5)));
      volatile unsigned long n = 0;
      while (std::chrono::steady_clock::now() < until) {
        n = n + 1;
      }
    }
    Extraction x;
    x.pages = {what};
    return x;
  }
};

struct Run {
  std::map<std::string, WorkResult> results;  // by item name
  std::uint64_t workers = 0;
};

Run run_items(const std::vector<std::string>& scripts, unsigned jobs, Limits limits = {}) {
  test::TempDir dir;
  Registry registry;
  registry.add("*", std::make_shared<ScriptedExtractor>());
  Detector detector;
  WorkerPool pool(detector, registry, limits, jobs);
  std::map<std::uint64_t, std::string> names;
  for (std::size_t i = 0; i < scripts.size(); ++i) {
    std::string name = "item" + std::to_string(i) + ".txt";
    test::write_file(dir / name, scripts[i]);
    std::filesystem::create_directories(dir / ("scratch" + std::to_string(i)));
    names[pool.submit(WorkRequest{dir / name, name, dir / ("scratch" + std::to_string(i)), 1 << 20, 10})] = name;
  }
  Run run;
  while (!pool.idle()) {
    if (auto next = pool.wait_next()) {
      run.results[names.at(next->first)] = std::move(next->second);
    }
  }
  run.workers = pool.workers_started();
  return run;
}

}  // namespace

TEST_CASE("workers take many items each: no fork per item", "[worker]") {
  Run run = run_items(std::vector<std::string>(60, "ok"), 2);
  REQUIRE(run.results.size() == 60);
  for (const auto& [name, r] : run.results) {
    CHECK(r.error.empty());
    CHECK(r.extraction.pages == std::vector<std::string>{"ok"});
  }
  CHECK(run.workers <= 2);
}

TEST_CASE("a crash costs its own item only, and the worker is replaced for the next", "[worker][bad-input]") {
  Run run = run_items({"ok", "ok", "crash", "ok", "ok"}, 1);
  REQUIRE(run.results.size() == 5);
  CHECK_THAT(run.results.at("item2.txt").error, Catch::Contains("crashed"));
  for (const char* name : {"item0.txt", "item1.txt", "item3.txt", "item4.txt"}) {
    INFO(name);
    CHECK(run.results.at(name).error.empty());
  }
}

TEST_CASE("an item after one that damaged its worker is judged in a fresh worker", "[worker][bad-input]") {
  // "poison" leaves the worker so that the next item crashes in it: that crash is the worker's, not
  // the next item's, which is tried again in a fresh worker and succeeds, as it would alone.
  Run run = run_items({"ok", "poison", "ok", "ok"}, 1);
  REQUIRE(run.results.size() == 4);
  for (const auto& [name, r] : run.results) {
    INFO(name << ": " << r.error);
    CHECK(r.error.empty());
  }
  CHECK(run.workers >= 2);
}

TEST_CASE("the CPU limit is per item, not the sum of the items a worker served", "[worker]") {
  Limits limits;
  limits.item_timeout = std::chrono::seconds(2);
  // Each item uses 1.2 s of CPU: well within its limit, though five of them are far past it together.
  Run run = run_items(std::vector<std::string>(5, "spin:1200"), 1, limits);
  REQUIRE(run.results.size() == 5);
  for (const auto& [name, r] : run.results) {
    INFO(name << ": " << r.error);
    CHECK(r.error.empty());
  }
  CHECK(run.workers == 1);
}

TEST_CASE("a hang stops its item at the timeout and the items after it still run", "[worker][bad-input]") {
  Limits limits;
  limits.item_timeout = std::chrono::seconds(1);
  Run run = run_items({"ok", "spin:5000", "ok"}, 1, limits);
  REQUIRE(run.results.size() == 3);
  CHECK_THAT(run.results.at("item1.txt").error, Catch::StartsWith("timeout"));
  CHECK(run.results.at("item0.txt").error.empty());
  CHECK(run.results.at("item2.txt").error.empty());
}

TEST_CASE("a result far larger than the text limit stops its item, not the ingest", "[worker][bad-input]") {
  Limits limits;
  limits.max_text_bytes = 1u << 20;  // results may reach 8 x that plus 16 MiB: 24 MiB
  Run run = run_items({"ok", "bloat", "ok"}, 1, limits);
  REQUIRE(run.results.size() == 3);
  CHECK(run.results.at("item1.txt").error == "limit exceeded: the extraction's result passed 24 MiB and was stopped");
  CHECK(run.results.at("item0.txt").error.empty());
  CHECK(run.results.at("item2.txt").error.empty());
}
