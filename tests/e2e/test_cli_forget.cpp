// Erasure under UK GDPR: after `evidex forget`, nothing of the apprentice can be found by search
// or on disk, and the other apprentices are untouched.
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>

using namespace evidex::test;
using nlohmann::json;

namespace {

// Every file under the store whose bytes contain `needle`.
std::vector<std::string> files_containing(const std::filesystem::path& dir, const std::string& needle) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && read_file(entry.path()).find(needle) != std::string::npos) {
      out.push_back(entry.path().string());
    }
  }
  return out;
}

}  // namespace

TEST_CASE("forget erases an apprentice from the records, the index and the disk", "[e2e][forget]") {
  TempDir work;
  const auto store = work / "store";
  // Priya's showcase holds a phrase nobody else wrote; Sam's bundle shares nothing with it.
  TempDir bundle;
  write_file(bundle / "account.txt", "Priya Zanzibarova kept the Quillfeather Leisure customer informed every week.");
  write_file(bundle / "notes.txt", "Second file from Priya Zanzibarova about the swimming waiting list.");
  REQUIRE(run_evidex(store, {"ingest", bundle.path().string(), "--apprentice", "PZ-4471", "--name",
                             "Priya Zanzibarova", "--quiet"}).exit_code == 0);
  REQUIRE(run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001", "--quiet"})
              .exit_code == 0);
  REQUIRE(json::parse(run_evidex(store, {"search", "Quillfeather", "--format", "json"}).out)["total"] == 1);
  REQUIRE_FALSE(files_containing(store, "Quillfeather").empty());
  auto blobs_before = std::distance(std::filesystem::recursive_directory_iterator(store / "blobs"), {});

  Run refused = run_evidex(store, {"forget", "--apprentice", "PZ-4471"});
  CHECK(refused.exit_code == 2);  // not on a terminal: --yes is required
  CHECK_THAT(refused.err, Catch::Contains("--yes"));

  Run forget = run_evidex(store, {"forget", "--apprentice", "PZ-4471", "--yes"});
  REQUIRE(forget.exit_code == 0);
  CHECK_THAT(forget.out, Catch::Contains("Erased apprentice PZ-4471: 2 items, 2 stored originals removed"));

  json found = json::parse(run_evidex(store, {"search", "Quillfeather OR Zanzibarova", "--format", "json"}).out);
  CHECK(found["total"] == 0);
  CHECK(run_evidex(store, {"items", "--apprentice", "PZ-4471"}).exit_code == 3);
  CHECK(run_evidex(store, {"coverage", "--apprentice", "PZ-4471"}).exit_code == 3);
  // Not in the SQLite file, its WAL, the Xapian files or the blobs.
  for (const char* needle : {"Quillfeather", "Zanzibarova", "PZ-4471"}) {
    INFO(needle);
    CHECK(files_containing(store, needle).empty());
  }
  auto blobs_after = std::distance(std::filesystem::recursive_directory_iterator(store / "blobs"), {});
  CHECK(blobs_after < blobs_before);

  // Sam's showcase is intact.
  CHECK(json::parse(run_evidex(store, {"search", "escalation", "--format", "json"}).out)["total"].get<int>() >= 3);
  CHECK(run_evidex(store, {"forget", "--apprentice", "PZ-4471", "--yes"}).exit_code == 3);
}

TEST_CASE("forget keeps a file another apprentice uploaded too", "[e2e][forget]") {
  TempDir work;
  TempDir a, b;
  write_file(a / "form.txt", "The shared blank witness statement form, word for word the same for both.");
  write_file(b / "form.txt", "The shared blank witness statement form, word for word the same for both.");
  write_file(b / "own.txt", "Only the second apprentice wrote this sentence about Marlowbrook.");
  REQUIRE(run_evidex(work / "store", {"ingest", a.path().string(), "--apprentice", "X1", "--quiet"}).exit_code == 0);
  REQUIRE(run_evidex(work / "store", {"ingest", b.path().string(), "--apprentice", "X2", "--quiet"}).exit_code == 0);
  Run forget = run_evidex(work / "store", {"forget", "--apprentice", "X2", "--yes"});
  REQUIRE(forget.exit_code == 0);
  CHECK_THAT(forget.out, Catch::Contains("1 kept"));
  CHECK(run_evidex(work / "store", {"show", "--apprentice", "X1", "form.txt"}).out ==
        "The shared blank witness statement form, word for word the same for both.");
  CHECK(files_containing(work / "store", "Marlowbrook").empty());
}
