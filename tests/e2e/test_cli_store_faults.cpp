// A store that cannot be written, a writer lock held by someone else, and a lost or damaged search
// index (issue 9, defects 4 and 5, and its fault injection): the records stay readable and every
// failure is one clear line. More faults: test_cli_store_faults_disk.cpp, _records.cpp.
#include "tests/support/fault_tally.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/store_checks.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <sys/wait.h>
#include <fcntl.h>
#include <fstream>
#include <sys/file.h>
#include <unistd.h>

using namespace evidex::test;
namespace fs = std::filesystem;

namespace {

void ingest_sample(const fs::path& store, const std::string& apprentice = "A001") {
  REQUIRE(run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", apprentice, "--quiet"})
              .exit_code == 0);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

std::vector<std::string> dir_listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    names.push_back(fs::relative(entry.path(), dir).string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Runs evidex on a store it may not write: as root (which ignores permissions) through a read-only
// bind mount in a private mount namespace, otherwise with the store's write permissions removed.
// Returns nullopt when neither can be arranged here.
std::optional<Run> run_on_read_only(const fs::path& store, const std::vector<std::string>& args,
                                    const fs::path& io) {
  std::string command;
  if (::geteuid() == 0) {
    if (std::system("unshare -m true >/dev/null 2>&1") != 0) {
      return std::nullopt;
    }
    command = "unshare -m sh -c 'mount --make-rprivate / && mount --bind -o ro \"$0\" \"$0\" && exec \"$@\"' " +
              shell_quote(store.string()) + " ";
  } else {
    std::string chmod = "chmod -R a-w " + shell_quote(store.string());
    REQUIRE(std::system(chmod.c_str()) == 0);
  }
  command += shell_quote(EVIDEX_BINARY) + " --store " + shell_quote(store.string());
  for (const auto& a : args) {
    command += " " + shell_quote(a);
  }
  command += " >" + shell_quote((io / "out").string()) + " 2>" + shell_quote((io / "err").string()) + " </dev/null";
  int status = std::system(command.c_str());
  if (::geteuid() != 0) {
    std::system(("chmod -R u+w " + shell_quote(store.string())).c_str());
  }
  Run r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  r.out = read_file(io / "out");
  r.err = read_file(io / "err");
  return r;
}

// Holds the writer lock the way a hung writer would, with its pid in the file.
struct HeldLock {
  int fd;
  explicit HeldLock(const fs::path& file) : fd(::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    REQUIRE(fd >= 0);
    REQUIRE(::flock(fd, LOCK_EX) == 0);
    std::string pid = std::to_string(::getpid()) + "\n";
    REQUIRE(::ftruncate(fd, 0) == 0);
    REQUIRE(::pwrite(fd, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size()));
  }
  ~HeldLock() { ::close(fd); }
};

}  // namespace

TEST_CASE("a read-only store can be read by every reading command", "[e2e][store][readonly]") {
  TempDir work;
  const fs::path store = work / "store";
  ingest_sample(store);
  const auto before = dir_listing(store);
  const std::string item = "Showcase/00 Evidence map.xlsx";
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"items", "--apprentice", "A001"}, 0, "Evidence map"},
      {{"search", "escalation"}, 0, "A001"},
      {{"coverage", "--apprentice", "A001"}, 0, "ST0072"},
      {{"duplicates", "--apprentice", "A001"}, 0, "same-text"},
      {{"check", "--apprentice", "A001"}, 1, "NOT READY"},  // 1: not ready, as on a writable store
      {{"text", "--apprentice", "A001", item}, 0, ""},
  };
  for (const auto& c : cases) {
    INFO(c.args.front());
    auto run = run_on_read_only(store, c.args, work.path());
    if (!run) {
      WARN("cannot make a store read-only here (root without unshare); not tested");
      return;
    }
    CHECK(run->err == "");
    CHECK(run->exit_code == c.exit_code);
    CHECK(run->out.find(c.says) != std::string::npos);
  }
  // A writer says plainly that it cannot write, in one line.
  auto ingest = run_on_read_only(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A002"},
                                 work.path());
  REQUIRE(ingest);
  CHECK(ingest->exit_code == 3);
  CHECK(std::count(ingest->err.begin(), ingest->err.end(), '\n') == 1);
  CHECK(dir_listing(store) == before);
}

TEST_CASE("a writer that cannot get the lock names its holder after a bounded wait", "[e2e][store][lock]") {
  TempDir work;
  const fs::path store = work / "store";
  ingest_sample(store);
  HeldLock held(store / "lock");
  ::setenv("EVIDEX_LOCK_TIMEOUT", "0.5", 1);
  Run run = run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A002", "--quiet"});
  ::unsetenv("EVIDEX_LOCK_TIMEOUT");
  CHECK(run.exit_code == 3);
  CHECK(run.err.find("process " + std::to_string(::getpid())) != std::string::npos);
  CHECK(run.err.find("gave up after 0.5 s") != std::string::npos);
  // Readers need no lock.
  CHECK(run_evidex(store, {"items", "--apprentice", "A001"}).exit_code == 0);
}

TEST_CASE("a lost or damaged search index is reported, the records stay usable, reindex restores it",
          "[e2e][store][reindex]") {
  TempDir work;
  const fs::path store = work / "store";
  ingest_sample(store, "A001");
  ingest_sample(store, "A002");
  const std::string baseline = run_evidex(store, {"search", "escalation", "--format", "json"}).out;
  REQUIRE(baseline.find("A001") != std::string::npos);
  REQUIRE(baseline.find("A002") != std::string::npos);

  auto damage = GENERATE(as<std::string>{}, "deleted", "corrupted", "truncated");
  INFO(damage);
  if (damage == "deleted") {
    fs::remove_all(store / "xapian");
  } else if (damage == "corrupted") {
    std::fstream f(store / "xapian" / "iamglass", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(0);
    f << std::string(64, 'Z');
  } else {
    fs::resize_file(store / "xapian" / "iamglass", 10);
  }
  CHECK(run_evidex(store, {"items", "--apprentice", "A001"}).exit_code == 0);
  CHECK(run_evidex(store, {"coverage", "--apprentice", "A001"}).exit_code == 0);
  Run search = run_evidex(store, {"search", "escalation"});
  CHECK(search.exit_code == 3);
  CHECK(search.out == "");
  CHECK(search.err.find(damage == "deleted" ? "the search index is missing" : "the search index is damaged") !=
        std::string::npos);
  CHECK(search.err.find("run 'evidex reindex'") != std::string::npos);
  CHECK(std::count(search.err.begin(), search.err.end(), '\n') == 1);

  // Another writer neither fails on the bad index nor makes a partial one that would hide A001.
  ingest_sample(store, "A002");
  CHECK(run_evidex(store, {"search", "escalation"}).exit_code == 3);
  CHECK(run_evidex(store, {"coverage", "--apprentice", "A002"}).exit_code == 0);

  Run reindex = run_evidex(store, {"reindex"});
  CHECK(reindex.exit_code == 0);
  CHECK(reindex.out.find("of 2 apprentices") != std::string::npos);
  CHECK(!fs::exists(store / "xapian.compacting"));
  CHECK(!fs::exists(store / "xapian.rebuilding"));
  Run after = run_evidex(store, {"search", "escalation", "--format", "json"});
  CHECK(after.exit_code == 0);
  CHECK(after.out == baseline);
}

TEST_CASE("a damaged index table or version file: the records stay usable, search and ingest say to reindex",
          "[e2e][store][fault][reindex]") {
  TempDir work;
  const fs::path pristine = work / "pristine";
  ingest_sample(pristine, "A001");
  const auto items = item_paths(pristine, "A001");
  const auto hits = search_paths(pristine, "escalation", "A001");
  REQUIRE(!hits.empty());
  write_file(work / "later" / "note.txt", "Thistlebrook rota swap agreed with the duty manager.");

  struct Damage {
    const char* name;
    void (*apply)(const fs::path& xapian);
  };
  const Damage damages[] = {
      {"a truncated index table", [](const fs::path& x) { fs::resize_file(x / "postlist.glass", 100); }},
      {"a zero-length index table", [](const fs::path& x) { fs::resize_file(x / "termlist.glass", 0); }},
      {"garbage in the index's version file",
       [](const fs::path& x) { write_file(x / "iamglass", std::string(105, '\x5a') + "\x01\x02garbage"); }},
  };
  for (const auto& damage : damages) {
    Fault fault(damage.name);
    INFO(damage.name);
    const fs::path store = work / "store";
    fs::remove_all(store);
    fs::copy(pristine, store, fs::copy_options::recursive);
    damage.apply(store / "xapian");

    CHECK(item_paths(store, "A001") == items);
    CHECK(run_evidex(store, {"coverage", "--apprentice", "A001"}).exit_code == 0);
    CHECK(run_evidex(store, {"check", "--apprentice", "A001"}).exit_code == 1);  // not ready, as before
    Run search = run_evidex(store, {"search", "escalation"});
    CHECK(search.exit_code == 3);
    CHECK(search.out == "");
    CHECK(lines(search.err) == 1);
    CHECK_THAT(search.err, Catch::Contains("xapian: the search index is damaged") &&
                               Catch::Contains("run 'evidex reindex'"));
    Run ingest = run_evidex(store, {"ingest", (work / "later").string(), "--apprentice", "A002", "--quiet"});
    CHECK(ingest.exit_code == 0);
    CHECK_THAT(ingest.out, Catch::Contains("the search index is damaged") && Catch::Contains("run 'evidex reindex'"));

    Run reindex = run_evidex(store, {"reindex"});
    CHECK(reindex.exit_code == 0);
    CHECK(search_paths(store, "escalation", "A001") == hits);
    CHECK(search_paths(store, "Thistlebrook", "A002") == std::vector<std::string>{"note.txt"});
    CHECK(item_paths(store, "A001") == items);
    CHECK(integrity(store) == "ok");
  }
}
