// Folder bundles with awkward entries, and the progress display: on a terminal only.
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/terminal_run.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <sys/stat.h>

using namespace evidex::test;
using nlohmann::json;
namespace fs = std::filesystem;

TEST_CASE("a folder copied from a Mac or Windows: the system's files are not items, one line says so",
          "[e2e][bad-input]") {
  TempDir work;
  fs::path bundle = work / "showcase";
  write_file(bundle / "Complaint (2K1).txt", "Evidence for 2K1: I explained the refund policy.");
  write_file(bundle / ".DS_Store", std::string("\0\0\0\1Bud1", 8));
  write_file(bundle / "Calls" / "Thumbs.db", std::string("\xD0\xCF\x11\xE0", 4));
  write_file(bundle / "Calls" / "._Call notes.txt", std::string("\0\x05\x16\x07", 4));
  write_file(bundle / "Calls" / "Call notes.txt", "Call notes for 10S1.");
  fs::path store = work / "store";
  Run r = run_evidex(store, {"ingest", bundle.string(), "--apprentice", "A9"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("skipped 3 files that macOS or Windows adds to uploads"));
  CHECK_THAT(r.out, Catch::Contains("0 could not be extracted"));
  Run items = run_evidex(store, {"items", "--apprentice", "A9", "--format", "json"});
  json j = json::parse(items.out);
  std::set<std::string> paths;
  for (const auto& item : j) {
    paths.insert(item["path"].get<std::string>());
  }
  CHECK(paths == std::set<std::string>{"Calls/Call notes.txt", "Complaint (2K1).txt"});
}

TEST_CASE("a folder bundle: bad names, links and pipes are items with errors", "[e2e][bad-input]") {
  TempDir work;
  fs::path bundle = work / "showcase";
  write_file(bundle / "good.txt", "Evidence for 2K1: I explained the refund policy.");
  write_file(bundle / std::string("caf\xE9-notes.txt"), "Notes written on an old Windows machine.");
  fs::create_symlink("/etc/passwd", bundle / "passwords");
  REQUIRE(mkfifo((bundle / "a-pipe").c_str(), 0644) == 0);
  fs::path store = work / "store";

  Run r = run_evidex(store, {"ingest", bundle.string(), "--apprentice", "A9"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());  // no progress when stderr is not a terminal

  Run items = run_evidex(store, {"items", "--apprentice", "A9", "--format", "json"});
  json j = json::parse(items.out);
  REQUIRE(j.size() == 4);
  std::map<std::string, json> by_path;
  for (const auto& item : j) {
    by_path[item["path"]] = item;
  }
  CHECK(by_path.at("good.txt")["error"].is_null());
  // The name that is not UTF-8 is shown with a replacement character, and its text is there.
  REQUIRE(by_path.count("caf\xEF\xBF\xBD-notes.txt"));
  CHECK(by_path.at("caf\xEF\xBF\xBD-notes.txt")["words"] == 7);
  CHECK_THAT(by_path.at("passwords")["error"].get<std::string>(), Catch::StartsWith("unsafe entry: symbolic link"));
  CHECK_THAT(by_path.at("a-pipe")["error"].get<std::string>(), Catch::Contains("not a regular file"));

  // CSV for spreadsheets: a header and one row per item.
  Run csv = run_evidex(store, {"items", "--apprentice", "A9", "--format", "csv"});
  CHECK(csv.out.rfind("path,mime,type,bytes,words,pages,sha256,created,tags,error\r\n", 0) == 0);
  CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') == 5);
}

TEST_CASE("progress is shown on a terminal, and not with --quiet", "[e2e]") {
  TempDir work;
  std::vector<Entry> entries;
  for (int i = 0; i < 20; ++i) {
    entries.emplace_back("notes/n" + std::to_string(i) + ".txt", "note " + std::to_string(i));
  }
  write_archive(work / "b.zip", entries);

  auto ingest_on_terminal = [&](const std::string& apprentice, bool quiet) {
    std::vector<std::string> args{"--store", (work / "store").string(), "ingest", (work / "b.zip").string(),
                                  "--apprentice", apprentice};
    if (quiet) {
      args.push_back("--quiet");
    }
    TerminalRun run = run_on_terminal(args);
    CHECK(run.exit_code < 128);  // exited, not killed by a signal
    return run.screen;
  };
  std::string shown = ingest_on_terminal("P1", false);
  CHECK_THAT(shown, Catch::Contains("/20 found so far] notes/n"));
  CHECK_THAT(shown, Catch::Contains("Ingested"));
  std::string quiet = ingest_on_terminal("P2", true);
  CHECK_THAT(quiet, !Catch::Contains("/20"));
  CHECK_THAT(quiet, Catch::Contains("Ingested"));
}
