// Store faults of the records and the originals (issue 9, "Fault injection"): a store written by a
// newer evidex, a damaged SQLite database, a lost WAL beside a stale shared-memory file, an original
// deleted by hand. Each gives one line naming the file (exit 3) or the same answer as before, never a
// crash or an empty answer that passes for the truth, and leaves the rest of the store as it was.
#include "indexer/store/schema.hpp"
#include "indexer/store/sqlite.hpp"
#include "tests/support/fault_tally.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/store_checks.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>

using namespace evidex::test;
namespace fs = std::filesystem;

namespace {

const std::string k_item = "Showcase/01 Reflective account - handling a complaint (12S3, 12S6).docx";

void ingest_sample(const fs::path& store, const std::string& apprentice) {
  REQUIRE(run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", apprentice, "--quiet"})
              .exit_code == 0);
}

void set_user_version(const fs::path& store, int version, const char* journal_mode) {
  evidex::indexer::Db db(store / "evidex.sqlite", false);
  db.exec(std::string("PRAGMA journal_mode=") + journal_mode);
  db.exec("PRAGMA user_version=" + std::to_string(version));
}

// Everything in the main database file, no WAL beside it: damage there is damage to the records.
void settle(const fs::path& store) {
  {
    evidex::indexer::Db db(store / "evidex.sqlite", false);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  for (const char* side : {"evidex.sqlite-wal", "evidex.sqlite-shm"}) {
    fs::remove(store / side);
  }
}

// When a template was added, say: a second run adds it at another second.
std::string without_times(const std::string& text) {
  static const std::regex time(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  return std::regex_replace(text, time, "<time>");
}

std::string joined(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) {
    out += (out.empty() ? "" : " ") + a;
  }
  return out;
}

void overwrite(const fs::path& file, std::uint64_t offset, std::size_t count) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  std::uint32_t x = 1234567u;
  for (std::size_t i = 0; i < count; ++i) {
    x = x * 1103515245u + 12345u;
    f.put(static_cast<char>(x >> 16));
  }
}

// Every command a user runs on a store, reading and writing.
std::vector<std::vector<std::string>> every_command(const fs::path& work) {
  write_file(work / "form.txt", "A provider's blank progress review form: learner name, employer, date, "
                                "next steps agreed, signature of the learner and of the reviewer.");
  return {
      {"items", "--apprentice", "A001"},
      {"text", "--apprentice", "A001", k_item},
      {"show", "--apprentice", "A001", k_item},
      {"coverage", "--apprentice", "A001"},
      {"check", "--apprentice", "A001"},
      {"declaration", "--apprentice", "A001"},
      {"search", "escalation"},
      {"duplicates"},
      {"sample"},
      {"report", "--apprentice", "A001", "--out", (work / "report.html").string()},
      {"tag", "--apprentice", "A001", k_item, "2K1"},
      {"untag", "--apprentice", "A001", k_item, "12S3"},
      {"template", "add", (work / "form.txt").string()},
      {"template", "list"},
      {"reindex"},
      {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A002", "--quiet"},
      {"forget", "--apprentice", "A001", "--yes"},
  };
}

}  // namespace

TEST_CASE("a store written by a newer evidex is refused by every command, byte for byte untouched",
          "[e2e][store][fault][schema]") {
  TempDir work;
  const auto store = work / "store";
  ingest_sample(store, "A001");
  const auto items = item_paths(store, "A001");
  const auto hits = search_paths(store, "escalation", "A001");
  // As evidex leaves it (WAL), and as a newer evidex might (a rollback journal): a writer that
  // switched it to WAL before reading its version would rewrite its header.
  for (const char* journal : {"WAL", "DELETE"}) {
    Fault fault(std::string("future schema, journal mode ") + journal);
    INFO(journal);
    set_user_version(store, 99, journal);
    const auto before = file_bytes(store);
    for (const auto& args : every_command(work.path())) {
      INFO(joined(args));
      Run run = run_evidex(store, args);
      CHECK(run.exit_code == 3);
      CHECK(run.out == "");
      CHECK(lines(run.err) == 1);
      CHECK_THAT(run.err, Catch::Contains("evidex.sqlite: written by a newer evidex (schema 99, this one knows " +
                                          std::to_string(evidex::indexer::k_schema_version) + ")"));
    }
    CHECK(file_bytes(store) == before);
    CHECK(!fs::exists(work / "report.html"));
    set_user_version(store, evidex::indexer::k_schema_version, "WAL");
    CHECK(item_paths(store, "A001") == items);
    CHECK(search_paths(store, "escalation", "A001") == hits);
    CHECK(integrity(store) == "ok");
  }
}

TEST_CASE("a damaged database gives one line naming it, never a crash nor an empty answer",
          "[e2e][store][fault][sqlite]") {
  TempDir work;
  const auto store = work / "store";
  ingest_sample(store, "A001");
  const auto items = item_paths(store, "A001");
  const auto hits = search_paths(store, "escalation", "A001");
  const auto db_file = store / "evidex.sqlite";
  settle(store);
  const std::string pristine = read_file(db_file);
  const auto commands = every_command(work.path());
  std::vector<Run> answers;
  for (const auto& args : commands) {
    if (args.front() == "ingest" || args.front() == "forget" || args.front() == "reindex") {
      break;  // the writers come last; what they would answer on a sound store is not needed
    }
    answers.push_back(run_evidex(store, args));
  }
  fs::remove(work / "report.html");
  settle(store);
  write_file(db_file, pristine);  // tag, untag and template add wrote to it

  struct Damage {
    const char* name;
    void (*apply)(const fs::path&);
  };
  const Damage damages[] = {
      {"a page of the database overwritten", [](const fs::path& f) { overwrite(f, 4 * 4096, 4096); }},
      {"the database's header overwritten", [](const fs::path& f) { overwrite(f, 0, 16); }},
      {"the database cut in half", [](const fs::path& f) { fs::resize_file(f, fs::file_size(f) / 2); }},
      {"the database emptied", [](const fs::path& f) { fs::resize_file(f, 0); }},
  };
  for (const auto& damage : damages) {
    Fault fault(damage.name);
    INFO(damage.name);
    settle(store);
    write_file(db_file, pristine);
    damage.apply(db_file);
    auto others = file_bytes(store);
    for (const char* own : {"evidex.sqlite", "evidex.sqlite-wal", "evidex.sqlite-shm"}) {
      others.erase(own);  // SQLite's own
    }
    for (std::size_t i = 0; i < commands.size(); ++i) {
      const auto& args = commands[i];
      INFO(joined(args));
      Run run = run_evidex(store, args);
      CHECK(run.exit_code < 128);  // no crash
      if (run.exit_code == 3) {
        CHECK(lines(run.err) == 1);
        CHECK_THAT(run.err, Catch::Contains("evidex.sqlite: ") &&
                                (Catch::Contains("damaged") || Catch::Contains("records were lost")));
      } else {
        // A command that reads only sound pages gives the answer it gave before the damage.
        REQUIRE(i < answers.size());
        CHECK(run.exit_code == answers[i].exit_code);
        CHECK(without_times(run.out) == without_times(answers[i].out));
      }
    }
    // Nothing else was touched: no original removed, no index rebuilt from what was left.
    auto after = file_bytes(store);
    for (const char* own : {"evidex.sqlite", "evidex.sqlite-wal", "evidex.sqlite-shm"}) {
      after.erase(own);
    }
    for (const auto& [name, bytes] : after) {
      INFO(name);
      CHECK((others.count(name) && others.at(name) == bytes));
    }
    CHECK(after.size() == others.size());
    for (const char* side : {"evidex.sqlite-wal", "evidex.sqlite-shm"}) {
      fs::remove(store / side);
    }
    write_file(db_file, pristine);
    CHECK(item_paths(store, "A001") == items);
    CHECK(search_paths(store, "escalation", "A001") == hits);
    CHECK(integrity(store) == "ok");
  }
}

TEST_CASE("a lost WAL beside a stale shared-memory file loses only the transaction it held",
          "[e2e][store][fault][sqlite]") {
  Fault fault("the WAL deleted, its -shm left behind");
  TempDir work;
  const auto store = work / "store";
  ingest_sample(store, "A001");
  const auto items = item_paths(store, "A001");
  const auto hits = search_paths(store, "escalation", "A001");
  ::setenv("EVIDEX_TEST_KILL_AT", "after-commit", 1);
  Run killed = run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A002", "--quiet"});
  ::unsetenv("EVIDEX_TEST_KILL_AT");
  REQUIRE(killed.exit_code == 128 + 9);
  REQUIRE(fs::file_size(store / "evidex.sqlite-wal") > 0);
  REQUIRE(fs::exists(store / "evidex.sqlite-shm"));
  fs::remove(store / "evidex.sqlite-wal");

  CHECK(item_paths(store, "A001") == items);
  CHECK(search_paths(store, "escalation", "A001") == hits);
  CHECK(integrity(store) == "ok");
  Run lost = run_evidex(store, {"items", "--apprentice", "A002"});
  CHECK(lost.exit_code == 3);
  CHECK_THAT(lost.err, Catch::Contains("apprentice 'A002': not in the store"));
  // Uploading it again converges, and the originals the lost transaction stored are collected.
  ingest_sample(store, "A002");
  CHECK(item_paths(store, "A002") == items);
  CHECK(search_paths(store, "escalation", "A002").size() == hits.size());
  CHECK(leftovers(store).empty());
}

TEST_CASE("an original deleted by hand is named by show, text and report, other items are unaffected",
          "[e2e][store][fault][blob]") {
  Fault fault("an original deleted by hand");
  TempDir work;
  const auto store = work / "store";
  ingest_sample(store, "A001");
  const auto listing = nlohmann::json::parse(run_evidex(store, {"items", "--apprentice", "A001", "--format", "json"}).out);
  std::string sha;
  std::string other;
  for (const auto& item : listing) {
    if (item["path"] == k_item) {
      sha = item["sha256"];
    } else if (other.empty() && item["error"].is_null()) {
      other = item["path"];
    }
  }
  REQUIRE(sha.size() == 64);
  const fs::path blob = store / "blobs" / sha.substr(0, 2) / sha;
  const std::string text = run_evidex(store, {"text", "--apprentice", "A001", k_item}).out;
  REQUIRE(!text.empty());
  fs::remove(blob);

  Run show = run_evidex(store, {"show", "--apprentice", "A001", k_item});
  CHECK(show.exit_code == 3);
  CHECK(show.out == "");
  CHECK(lines(show.err) == 1);
  CHECK_THAT(show.err, Catch::Contains("the original is missing from the store (" + blob.string()));
  // The text is in the records and still shown, with a line saying its original is gone.
  Run shown_text = run_evidex(store, {"text", "--apprentice", "A001", k_item});
  CHECK(shown_text.exit_code == 0);
  CHECK(shown_text.out == text);
  CHECK(lines(shown_text.err) == 1);
  CHECK_THAT(shown_text.err, Catch::Contains("the original is missing from the store"));
  Run report = run_evidex(store, {"report", "--apprentice", "A001", "--out", (work / "r.html").string()});
  CHECK(report.exit_code == 0);
  const std::string html = read_file(work / "r.html");
  CHECK_THAT(html, Catch::Contains("Original missing:</span> " + blob.string() + " is no longer in the store"));
  CHECK(html.find("Original missing") == html.rfind("Original missing"));  // that item only

  Run other_show = run_evidex(store, {"show", "--apprentice", "A001", other});
  CHECK(other_show.exit_code == 0);
  CHECK(!other_show.out.empty());
  CHECK(item_paths(store, "A001").size() == listing.size());
  CHECK(integrity(store) == "ok");
}
