// The worker pool must turn a handler's crash, hang or runaway allocation into one failed item.
#include "indexer/util/errors.hpp"
#include "indexer/util/run_program.hpp"
#include "indexer/worker/worker.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace evidex;
using namespace evidex::indexer;

namespace {

// Handlers that misbehave the way real parsers do on hostile files.
enum class Misbehaviour { crash, hang, allocate, throw_item_error, write_child, slow_helper };

class HostileExtractor final : public Extractor {
public:
  explicit HostileExtractor(Misbehaviour m) : m_m(m) {}
  std::string_view name() const override { return "hostile"; }
  Extraction extract(const std::filesystem::path&, ExtractContext& ctx) const override {
    switch (m_m) {
      case Misbehaviour::crash:
        std::raise(SIGSEGV);
        break;
      case Misbehaviour::hang:
        for (;;) {
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      case Misbehaviour::allocate: {
        std::vector<std::vector<char>> hog;
        for (;;) {
          hog.emplace_back(64 << 20, 'x');
        }
      }
      case Misbehaviour::throw_item_error:
        throw ItemError(ctx.item_path, "corrupt test file: bad header");
      case Misbehaviour::write_child: {
        auto file = ctx.next_child_file();
        test::write_file(file, "child bytes");
        Extraction x;
        x.pages = {"parent text"};
        x.children.push_back(Child{"inner/child.txt", file, ""});
        return x;
      }
      case Misbehaviour::slow_helper:
        // As the legacy Office handler runs catdoc: a helper program in the worker's process group.
        run_program("sleep", {"60"}, 1024);
        break;
    }
    return {};
  }

private:
  Misbehaviour m_m;
};

WorkResult run_one(Misbehaviour m, Limits limits = {}) {
  test::TempDir dir;
  test::write_file(dir / "input.txt", "some text");
  std::filesystem::create_directories(dir / "scratch");
  Registry registry;
  registry.add("*", std::make_shared<HostileExtractor>(m));
  Detector detector;
  WorkerPool pool(detector, registry, limits, 2);
  pool.submit(WorkRequest{dir / "input.txt", "bundle/input.txt", dir / "scratch", 1 << 20, 10});
  std::optional<std::pair<std::uint64_t, WorkResult>> next;
  while (!(next = pool.wait_next())) {
  }
  CHECK(pool.idle());
  return next->second;
}

struct ProcessInfo {
  pid_t pid = 0;
  char state = 0;
  pid_t ppid = 0;
  pid_t pgrp = 0;
};

/// Every process now running, as /proc/PID/stat tells.
std::vector<ProcessInfo> processes() {
  std::vector<ProcessInfo> found;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    std::ifstream in(entry.path() / "stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto close = stat.rfind(')');  // the command name in parentheses may hold spaces
    if (close == std::string::npos) {
      continue;
    }
    ProcessInfo p;
    p.pid = static_cast<pid_t>(std::stol(name));
    std::istringstream rest(stat.substr(close + 1));
    rest >> p.state >> p.ppid >> p.pgrp;
    found.push_back(p);
  }
  return found;
}

/// Processes of group `group` that still run (a zombie runs nothing).
std::set<pid_t> live_processes_in_group(pid_t group) {
  std::set<pid_t> found;
  for (const auto& p : processes()) {
    if (p.pgrp == group && p.state != 'Z' && p.state != 'X') {
      found.insert(p.pid);
    }
  }
  return found;
}

/// A process whose parent is `parent`, waiting up to about five seconds for one to appear.
pid_t wait_for_child_of(pid_t parent) {
  for (int i = 0; i < 500; ++i) {
    for (const auto& p : processes()) {
      if (p.ppid == parent) {
        return p.pid;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return 0;
}

}  // namespace

TEST_CASE("a parser that crashes costs one item, with a reason", "[worker][bad-input]") {
  WorkResult r = run_one(Misbehaviour::crash);
  CHECK_THAT(r.error, Catch::Contains("crashed"));
  CHECK(r.bytes == 9);
}

TEST_CASE("a parser that hangs is stopped at the item timeout", "[worker][bad-input]") {
  Limits limits;
  limits.item_timeout = std::chrono::seconds(1);
  auto start = std::chrono::steady_clock::now();
  WorkResult r = run_one(Misbehaviour::hang, limits);
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK_THAT(r.error, Catch::StartsWith("timeout"));
  CHECK(elapsed < std::chrono::seconds(10));
}

TEST_CASE("a parser that allocates without bound hits the memory limit", "[worker][bad-input]") {
  Limits limits;
  limits.worker_memory_bytes = 512ull << 20;
  WorkResult r = run_one(Misbehaviour::allocate, limits);
  CHECK_THAT(r.error, Catch::Contains("out of memory") || Catch::Contains("crashed"));
}

TEST_CASE("an ItemError becomes the item's reason, hash and type are still known", "[worker]") {
  WorkResult r = run_one(Misbehaviour::throw_item_error);
  CHECK(r.error == "corrupt test file: bad header");
  CHECK(r.sha256.size() == 64);
  CHECK(r.type.mime == "text/plain");
}

TEST_CASE("results cross the process boundary intact", "[worker]") {
  WorkResult r = run_one(Misbehaviour::write_child);
  REQUIRE(r.error.empty());
  REQUIRE(r.extraction.pages.size() == 1);
  CHECK(r.extraction.pages[0] == "parent text");
  REQUIRE(r.extraction.children.size() == 1);
  CHECK(r.extraction.children[0].name == "inner/child.txt");
  CHECK(r.words == 2);
}

TEST_CASE("words are counted as a person counts them", "[worker]") {
  CHECK(count_words("") == 0);
  CHECK(count_words("I escalated the complaint.") == 4);
  CHECK(count_words("  - 12S3 — résumé\n\ttab ") == 3);
}

TEST_CASE("workers and the helper programs they started die with a killed parent", "[worker][kill]") {
  test::TempDir dir;
  test::write_file(dir / "input.txt", "some text");
  std::filesystem::create_directories(dir / "scratch");
  // The parent to be killed is a child of this test, so the test survives and can look around.
  pid_t ingest = fork();
  REQUIRE(ingest >= 0);
  if (ingest == 0) {
    Registry registry;
    registry.add("*", std::make_shared<HostileExtractor>(Misbehaviour::slow_helper));
    Detector detector;
    WorkerPool pool(detector, registry, Limits{}, 1);
    pool.submit(WorkRequest{dir / "input.txt", "bundle/input.txt", dir / "scratch", 1 << 20, 10});
    while (!pool.wait_next()) {
    }
    _exit(0);
  }
  pid_t worker = wait_for_child_of(ingest);
  REQUIRE(worker > 0);
  // The worker is its own process group's leader; its helper joins it once started.
  for (int i = 0; i < 500 && live_processes_in_group(worker).size() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  REQUIRE(live_processes_in_group(worker).size() == 2);

  ::kill(ingest, SIGKILL);
  int status = 0;
  REQUIRE(::waitpid(ingest, &status, 0) == ingest);
  std::set<pid_t> left = live_processes_in_group(worker);
  for (int i = 0; i < 300 && !left.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    left = live_processes_in_group(worker);
  }
  ::kill(-worker, SIGKILL);  // so a failure here leaves nothing running
  CHECK(left.empty());
}
