// Store faults of the disk and of permissions (issue 9, "Fault injection"): a disk that fills at
// any moment of an ingest, a file-size limit, a store this user may not read, a store path that is
// a file, a database that is a directory. Each gives one line and exit 3, and once the fault is
// removed the store still has every item, SQLite's integrity check is ok and search finds them.
#include "tests/support/fault_tally.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/store_checks.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <set>
#include <vector>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

using namespace evidex::test;
namespace fs = std::filesystem;

namespace {

constexpr int k_note_count = 40;

// The first apprentice's bundle: small, with a word nothing else has.
void write_first_bundle(const fs::path& dir) {
  write_file(dir / "induction.txt", "The Pellingham induction checklist, kept safe: fire exits, rota, first aid.");
  write_file(dir / "feedback.txt", "Pellingham feedback from the team leader about the complaint call.");
}

// The second: 40 notes of 20 KB of words from a vocabulary of 3,000, so that its originals, its
// records and its index each take a known share of a small disk.
void write_second_bundle(const fs::path& dir) {
  std::uint32_t x = 2463534242u;
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
  };
  std::vector<std::string> vocabulary(3000);
  for (auto& word : vocabulary) {
    for (std::uint32_t len = 3 + next() % 7; len > 0; --len) {
      word += static_cast<char>('a' + next() % 26);
    }
  }
  for (int n = 0; n < k_note_count; ++n) {
    std::string text = "Quorndale note " + std::to_string(n) + ".";
    while (text.size() < 20000) {
      text += ' ' + vocabulary[next() % vocabulary.size()];
    }
    write_file(dir / ("note" + std::to_string(100 + n) + ".txt"), text);
  }
}

// What a user who freed the space (or lifted the limit) finds: the first apprentice whole, the
// second either whole or absent, a sound database, and a second try that converges.
void check_recovered(const fs::path& store, const fs::path& second, const std::vector<std::string>& first_items) {
  CHECK(item_paths(store, "D1") == first_items);
  CHECK(search_paths(store, "Pellingham", "D1").size() == 2);
  CHECK(integrity(store) == "ok");
  const auto partial = item_paths(store, "D2");
  CHECK((partial.empty() || partial.size() == k_note_count));
  Run again = run_evidex(store, {"ingest", second.string(), "--apprentice", "D2", "--quiet"});
  CHECK(again.exit_code == 0);
  CHECK(item_paths(store, "D2").size() == k_note_count);
  CHECK(search_paths(store, "Quorndale", "D2").size() == k_note_count);
  CHECK(leftovers(store).empty());
}

// Leaves about `free_bytes` free on the file system of `dir` by writing a file beside the store.
void fill_to(const fs::path& dir, std::uint64_t free_bytes) {
  struct statvfs fs_info {};
  REQUIRE(::statvfs(dir.c_str(), &fs_info) == 0);
  const std::uint64_t available = static_cast<std::uint64_t>(fs_info.f_bavail) * fs_info.f_frsize;
  REQUIRE(available > free_bytes);
  write_file(dir / "filler", std::string(available - free_bytes, 'f'));
}

}  // namespace

TEST_CASE("a disk that fills at any moment of an ingest loses nothing and says so in one line",
          "[e2e][store][fault][disk-full]") {
  TempDir work;
  const auto mount_point = work / "small";
  fs::create_directories(mount_point);
  if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=16m") != 0) {
    WARN("cannot mount a small tmpfs here (needs root); the disk-full faults did not run");
    return;
  }
  struct Unmount {
    fs::path at;
    ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
  } unmount{mount_point};
  write_first_bundle(work / "first");
  write_second_bundle(work / "second");

  // Room for less than the originals (800 KiB), for the originals but not the records, and for the
  // records but not what follows their commit (index, tags): each moment must hold. From 5 MiB on
  // the ingest fits.
  std::set<std::string> moments;
  for (std::uint64_t free_kib : {300, 1100, 1500, 2300, 4300}) {
    Fault fault("disk full during ingest with " + std::to_string(free_kib) + " KiB free");
    INFO(free_kib << " KiB free");
    const auto store = mount_point / "store";
    REQUIRE(run_evidex(store, {"ingest", (work / "first").string(), "--apprentice", "D1", "--quiet"}).exit_code == 0);
    const auto first_items = item_paths(store, "D1");
    fill_to(mount_point, free_kib * 1024);

    Run full = run_evidex(store, {"ingest", (work / "second").string(), "--apprentice", "D2", "--quiet"});
    INFO(full.out << full.err);
    CHECK(full.exit_code == 3);
    CHECK(lines(full.err) == 1);
    CHECK_THAT(full.err, Catch::Contains("no space left on device"));
    CHECK_THAT(full.err, !Catch::Contains("Input/output error") && !Catch::Contains("disk I/O error"));
    moments.insert(full.err.find("cannot store the original bytes") != std::string::npos ? "originals"
                   : full.err.find("but tagging it failed") != std::string::npos      ? "after the commit"
                                                                                      : "records");
    // While the disk is still full, the records can be read.
    CHECK(item_paths(store, "D1") == first_items);
    CHECK(search_paths(store, "Pellingham", "D1").size() == 2);

    fs::remove(mount_point / "filler");
    check_recovered(store, work / "second", first_items);
    fs::remove_all(store);
  }
  CHECK(moments == std::set<std::string>{"originals", "records", "after the commit"});

  {
    Fault fault("disk full during reindex");
    const auto store = mount_point / "store";
    REQUIRE(run_evidex(store, {"ingest", (work / "second").string(), "--apprentice", "D2", "--quiet"}).exit_code == 0);
    const auto hits = search_paths(store, "Quorndale", "D2");
    REQUIRE(hits.size() == k_note_count);
    fill_to(mount_point, 200 * 1024);
    Run reindex = run_evidex(store, {"reindex"});
    INFO(reindex.out << reindex.err);
    CHECK(reindex.exit_code == 3);
    CHECK(lines(reindex.err) == 1);
    CHECK_THAT(reindex.err, Catch::Contains("cannot write the search index: no space left on device"));
    CHECK(!fs::exists(store / "xapian.rebuilding"));
    CHECK(!fs::exists(store / "xapian.compacting"));
    CHECK(search_paths(store, "Quorndale", "D2") == hits);  // the old index serves on
    fs::remove(mount_point / "filler");
    CHECK(run_evidex(store, {"reindex"}).exit_code == 0);
    CHECK(search_paths(store, "Quorndale", "D2") == hits);
    CHECK(integrity(store) == "ok");
    CHECK(leftovers(store).empty());
  }
}

TEST_CASE("a file-size limit gives a plain line and loses nothing", "[e2e][store][fault][file-size]") {
  TempDir work;
  const auto store = work / "store";
  write_first_bundle(work / "first");
  write_second_bundle(work / "second");
  std::string big(3 * 1024 * 1024, '\0');
  std::uint32_t x = 88172645u;
  for (auto& c : big) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  write_file(work / "big" / "recording.bin", big);

  struct Case {
    const char* name;
    fs::path bundle;
    std::uint64_t limit;
  };
  // An original over the limit; then originals under it but a database that grows past it.
  for (const Case& c : {Case{"an original over the file-size limit", work / "big", 2u << 20},
                        Case{"the database growing past the file-size limit", work / "second", 400u << 10}}) {
    Fault fault(c.name);
    INFO(c.name);
    REQUIRE(run_evidex(store, {"ingest", (work / "first").string(), "--apprentice", "D1", "--quiet"}).exit_code == 0);
    const auto first_items = item_paths(store, "D1");
    ChildSetup limited;
    limited.file_size_limit = c.limit;
    Run over = run_evidex(store, {"ingest", c.bundle.string(), "--apprentice", "D2", "--quiet"}, limited);
    INFO(over.out << over.err);
    CHECK(over.exit_code == 3);
    CHECK(lines(over.err) == 1);
    CHECK_THAT(over.err, Catch::Contains("file too large") && Catch::Contains("ulimit -f"));
    CHECK_THAT(over.err, !Catch::Contains("disk I/O error"));
    CHECK(item_paths(store, "D1") == first_items);
    CHECK(integrity(store) == "ok");
    Run again = run_evidex(store, {"ingest", c.bundle.string(), "--apprentice", "D2", "--quiet"});
    CHECK(again.exit_code == 0);
    CHECK(search_paths(store, "Pellingham", "D1").size() == 2);
    CHECK(leftovers(store).empty());
    fs::remove_all(store);
  }
}

TEST_CASE("a store this user may not read gives one line naming it, for every command",
          "[e2e][store][fault][permissions]") {
  TempDir work;
  const auto store = work / "store";
  REQUIRE(run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001", "--quiet"})
              .exit_code == 0);
  const auto items = item_paths(store, "A001");
  const auto hits = search_paths(store, "escalation", "A001");
  REQUIRE(!hits.empty());
  // Root reads whatever the permissions say: the commands then run as nobody.
  ChildSetup user;
  if (::geteuid() == 0) {
    user.uid = 65534;
    ::chmod(work.path().c_str(), 0755);
  }
  const std::vector<std::vector<std::string>> commands = {
      {"items", "--apprentice", "A001"},
      {"search", "escalation"},
      {"coverage", "--apprentice", "A001"},
      {"check", "--apprentice", "A001"},
      {"text", "--apprentice", "A001", items.front()},
      {"report", "--apprentice", "A001", "--out", "-"},
      {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A002", "--quiet"},
      {"reindex"},
      {"forget", "--apprentice", "A001", "--yes"},
  };
  for (const fs::path& target : {store, store / "evidex.sqlite"}) {
    Fault fault("unreadable " + target.filename().string() + (target == store ? " (the store folder)" : ""));
    INFO(target);
    const auto mode = fs::status(target).permissions();
    fs::permissions(target, fs::perms::none);
    for (const auto& args : commands) {
      INFO(args.front());
      Run run = run_evidex(store, args, user);
      CHECK(run.exit_code == 3);
      CHECK(run.out == "");
      CHECK(lines(run.err) == 1);
      CHECK_THAT(run.err, Catch::Contains(target.string() + ": cannot read") && Catch::Contains("Permission denied"));
    }
    fs::permissions(target, mode);
    CHECK(item_paths(store, "A001") == items);
    CHECK(search_paths(store, "escalation", "A001") == hits);
    CHECK(integrity(store) == "ok");
  }

  {
    Fault fault("store path that is a regular file");
    write_file(work / "notes.txt", "not a store");
    for (const auto& args : commands) {
      INFO(args.front());
      Run run = run_evidex(work / "notes.txt", args);
      CHECK(run.exit_code == 3);
      CHECK(lines(run.err) == 1);
      CHECK_THAT(run.err, Catch::Contains("notes.txt: not an evidex store but a file") ||
                              Catch::Contains("notes.txt: no evidex store here"));
    }
    CHECK(read_file(work / "notes.txt") == "not a store");
  }

  {
    Fault fault("database replaced by a directory");
    fs::rename(store / "evidex.sqlite", work / "evidex.sqlite.aside");
    fs::create_directory(store / "evidex.sqlite");
    const auto before = file_bytes(store);
    for (const auto& args : commands) {
      INFO(args.front());
      Run run = run_evidex(store, args);
      CHECK(run.exit_code == 3);
      CHECK(lines(run.err) == 1);
      CHECK_THAT(run.err, Catch::Contains("evidex.sqlite: not the store's database but a directory"));
    }
    CHECK(file_bytes(store) == before);
    fs::remove(store / "evidex.sqlite");
    fs::rename(work / "evidex.sqlite.aside", store / "evidex.sqlite");
    CHECK(item_paths(store, "A001") == items);
    CHECK(search_paths(store, "escalation", "A001") == hits);
    CHECK(integrity(store) == "ok");
  }
}
