// The stored originals (blobs/) follow their records: a writer killed between its SQLite commit and
// its clean-up, a full disk, and two ingests at once leave no file that no record references, and
// forget checks the disk rather than assuming it is clean.
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <sys/mount.h>

using namespace evidex::test;
namespace fs = std::filesystem;

namespace {

// Sets EVIDEX_TEST_KILL_AT for the evidex runs made while it lives (they inherit the environment).
class KillAt {
 public:
  explicit KillAt(const char* point) { ::setenv("EVIDEX_TEST_KILL_AT", point, 1); }
  ~KillAt() { ::unsetenv("EVIDEX_TEST_KILL_AT"); }
};

std::vector<std::string> files_containing(const fs::path& dir, const std::string& needle) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && read_file(entry.path()).find(needle) != std::string::npos) {
      out.push_back(entry.path().string());
    }
  }
  return out;
}

std::vector<std::string> temporaries(const fs::path& blobs) {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(blobs)) {
    if (entry.path().filename().string().find(".tmp") != std::string::npos) {
      out.push_back(entry.path().string());
    }
  }
  return out;
}

std::vector<std::string> item_paths(const fs::path& store, const std::string& apprentice) {
  Run items = run_evidex(store, {"items", "--apprentice", apprentice, "--format", "json"});
  std::vector<std::string> out;
  for (const auto& item : nlohmann::json::parse(items.out)) {
    out.push_back(item["path"].get<std::string>());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("an ingest killed right after its commit leaves no replaced original behind", "[e2e][blobs]") {
  TempDir work;
  const auto store = work / "store";
  write_file(work / "v1" / "showcase" / "log.txt", "Version one: the Gravenholt reception rota, week 3.");
  write_file(work / "v1" / "showcase" / "plan.txt", "Version one: the Gravenholt project plan.");
  write_file(work / "v2" / "showcase" / "log.txt", "Version two: the reception rota rewritten.");
  REQUIRE(run_evidex(store, {"ingest", (work / "v1" / "showcase").string(), "--apprentice", "K1", "--quiet"})
              .exit_code == 0);
  REQUIRE(files_containing(store / "blobs", "Gravenholt").size() == 2);
  {
    KillAt kill("after-commit");
    Run killed = run_evidex(store, {"ingest", (work / "v2" / "showcase").string(), "--apprentice", "K1", "--quiet"});
    REQUIRE(killed.exit_code == 128 + 9);
  }
  // The new version is committed; the next writer (any ingest) collects what it freed.
  CHECK(item_paths(store, "K1") == std::vector<std::string>{"log.txt"});
  write_file(work / "other" / "note.txt", "Another apprentice's note.");
  REQUIRE(run_evidex(store, {"ingest", (work / "other").string(), "--apprentice", "K2", "--quiet"}).exit_code == 0);
  CHECK(files_containing(store / "blobs", "Gravenholt").empty());
  CHECK(files_containing(store / "blobs", "rewritten").size() == 1);
  CHECK(fs::is_empty(store / "tmp"));
}

TEST_CASE("forget removes originals no record references and says so", "[e2e][blobs][forget]") {
  TempDir work;
  const auto store = work / "store";
  write_file(work / "b" / "story.txt", "Only Orlaith wrote about the Tidewater cafe refit.");
  REQUIRE(run_evidex(store, {"ingest", (work / "b").string(), "--apprentice", "F1", "--quiet"}).exit_code == 0);
  // What an ingest killed before journalled clean-ups existed left behind: bytes with no record.
  const std::string orphan(64, 'e');
  write_file(store / "blobs" / "ee" / orphan, "Orlaith's first draft about Tidewater, replaced long ago.");

  Run forget = run_evidex(store, {"forget", "--apprentice", "F1", "--yes"});
  REQUIRE(forget.exit_code == 0);
  CHECK_THAT(forget.out, Catch::Contains("1 unreferenced stored files left by an interrupted ingest removed"));
  CHECK_THAT(forget.out, Catch::Contains("no copy remains on disk"));
  CHECK(files_containing(store, "Tidewater").empty());
}

TEST_CASE("forget killed after erasing the records leaves nothing for the next writer to miss",
          "[e2e][blobs][forget]") {
  TempDir work;
  const auto store = work / "store";
  write_file(work / "b" / "story.txt", "Bramwell's account of the Halcyon Lane bookings.");
  write_file(work / "c" / "note.txt", "A colleague's unrelated note.");
  REQUIRE(run_evidex(store, {"ingest", (work / "b").string(), "--apprentice", "F2", "--quiet"}).exit_code == 0);
  {
    KillAt kill("forget-after-commit");
    REQUIRE(run_evidex(store, {"forget", "--apprentice", "F2", "--yes"}).exit_code == 128 + 9);
  }
  REQUIRE(run_evidex(store, {"ingest", (work / "c").string(), "--apprentice", "F3", "--quiet"}).exit_code == 0);
  CHECK(files_containing(store / "blobs", "Halcyon").empty());
  CHECK(fs::is_empty(store / "tmp"));
}

TEST_CASE("a full disk names itself and leaves no partial original", "[e2e][blobs][disk-full]") {
  TempDir work;
  const auto mount_point = work / "small";
  fs::create_directories(mount_point);
  if (::mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=1536k") != 0) {
    WARN("cannot mount a small tmpfs here (needs root); the disk-full test did not run");
    return;
  }
  struct Unmount {
    fs::path at;
    ~Unmount() { ::umount2(at.c_str(), MNT_DETACH); }
  } unmount{mount_point};
  const auto store = mount_point / "store";
  write_file(work / "first" / "note.txt", "The Pellingham induction checklist, kept safe.");
  REQUIRE(run_evidex(store, {"ingest", (work / "first").string(), "--apprentice", "D1", "--quiet"}).exit_code == 0);

  // Incompressible and larger than what is left of the file system.
  std::string big(2 * 1024 * 1024, '\0');
  std::uint32_t x = 2463534242u;
  for (auto& c : big) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    c = static_cast<char>(x);
  }
  write_file(work / "second" / "recording.bin", big);
  write_file(work / "second" / "words.txt", "A second bundle that cannot fit.");
  Run full = run_evidex(store, {"ingest", (work / "second").string(), "--apprentice", "D1", "--quiet"});
  INFO(full.out << full.err);
  CHECK(full.exit_code != 0);
  CHECK_THAT(full.err, Catch::Contains("no space left on device"));
  CHECK_THAT(full.err, !Catch::Contains("Input/output error"));
  CHECK(temporaries(store / "blobs").empty());
  // Nothing already stored is lost.
  CHECK(item_paths(store, "D1") == std::vector<std::string>{"note.txt"});
  CHECK(files_containing(store / "blobs", "Pellingham").size() == 1);
}

TEST_CASE("two ingests for one apprentice at once: the later waits and says what it changed", "[e2e][blobs][concurrent]") {
  TempDir work;
  write_file(work / "a" / "showcase" / "a1.txt", "First upload, file one.");
  write_file(work / "a" / "showcase" / "a2.txt", "First upload, file two.");
  write_file(work / "b" / "showcase" / "b1.txt", "Second upload of the same bundle name.");
  write_file(work / "extra" / "x1.txt", "A separate bundle.");
  auto ingest = [&](const fs::path& store, const fs::path& source) {
    return std::async(std::launch::async, [=] {
      return run_evidex(store, {"ingest", source.string(), "--apprentice", "C1", "--quiet"});
    });
  };

  SECTION("two versions of one bundle: one replaces the other, and says so") {
    const auto store = work / "store1";
    auto first = ingest(store, work / "a" / "showcase");
    auto second = ingest(store, work / "b" / "showcase");
    Run a = first.get();
    Run b = second.get();
    INFO(a.out << a.err << b.out << b.err);
    REQUIRE(a.exit_code == 0);
    REQUIRE(b.exit_code == 0);
    bool a_later = a.out.find("new version of 'showcase'") != std::string::npos;
    bool b_later = b.out.find("new version of 'showcase'") != std::string::npos;
    REQUIRE(a_later != b_later);  // exactly one ran second and replaced the other
    CHECK(item_paths(store, "C1") ==
          (a_later ? std::vector<std::string>{"a1.txt", "a2.txt"} : std::vector<std::string>{"b1.txt"}));
    CHECK(files_containing(store / "blobs", a_later ? "Second upload" : "First upload").empty());
  }
  SECTION("two bundles: both are kept, and the later says the portfolio holds both") {
    const auto store = work / "store2";
    auto first = ingest(store, work / "a" / "showcase");
    auto second = ingest(store, work / "extra");
    Run a = first.get();
    Run b = second.get();
    INFO(a.out << a.err << b.out << b.err);
    REQUIRE(a.exit_code == 0);
    REQUIRE(b.exit_code == 0);
    int saying = (a.out.find("the portfolio now holds 2 bundles") != std::string::npos) +
                 (b.out.find("the portfolio now holds 2 bundles") != std::string::npos);
    CHECK(saying == 1);
    CHECK(item_paths(store, "C1") == std::vector<std::string>{"a1.txt", "a2.txt", "x1.txt"});
  }
}
