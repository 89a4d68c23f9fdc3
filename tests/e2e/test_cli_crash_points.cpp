// Crash injection: a writer killed with SIGKILL at every point of its life (listed by a traced run,
// see indexer/util/test_hooks.hpp) leaves a store that SQLite's promise describes: a committed
// ingest survives, an uncommitted one vanishes, nothing is half-visible, and the next writer
// leaves no stray original, no temporary and an index that agrees with the records.
#include "indexer/util/sha256.hpp"
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>

using namespace evidex::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Items of the sample showcase (PDF, DOCX, e-mail, evidence map, declaration) in both versions.
const std::vector<std::string> k_kept = {
    "Showcase/00 Evidence map.xlsx",
    "Showcase/01 Reflective account - handling a complaint (12S3, 12S6).docx",
    "Showcase/02 Reflective account - handling a complaint.pdf",
    "Showcase/03 Customer feedback.eml",
    "Showcase/08 Declaration of Authenticity.docx",
};
// An item of both versions that is no member: the e-mail's attachment.
const std::string k_attachment = "Showcase/03 Customer feedback.eml/feedback-survey.pdf";
const std::string k_dropped = "Showcase/09 Product guide.pdf";  // only in V1
const std::string k_added = "Showcase/04 Complaints log.csv";   // only in V2
// A phrase of the dropped item and one of the added item, each found nowhere else.
const std::string k_phrase_query = "\"blocked drains\" OR \"loss adjuster\"";
// A criterion both versions' reflective account names: its tags are written after the items.
const std::string k_criterion_query = "ksb:12S3";

// Sets an environment variable for the evidex runs made while it lives (they inherit it).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : m_name(name) { ::setenv(name, value.c_str(), 1); }
  ~ScopedEnv() { ::unsetenv(m_name); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* m_name;
};

struct Command {
  std::string name;
  std::vector<std::string> args;
  fs::path start;  // the store it runs in (a copy of it)
};

class ReadOnlyDb {
 public:
  explicit ReadOnlyDb(const fs::path& file) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    m_db.reset(db);
    if (rc != SQLITE_OK) {
      throw std::runtime_error(file.string() + ": " + (db ? sqlite3_errmsg(db) : "cannot open"));
    }
  }
  // Every row's first column, as text.
  std::vector<std::string> column(const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(m_db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(m_db.get()));
    }
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
    std::vector<std::string> out;
    int rc = 0;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt.get(), 0);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    if (rc != SQLITE_DONE) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(m_db.get()));
    }
    return out;
  }

 private:
  std::unique_ptr<sqlite3, int (*)(sqlite3*)> m_db{nullptr, sqlite3_close_v2};
};

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    out += (out.empty() ? "" : ", ") + s;
  }
  return out;
}

// The two versions of one upload (same file name, so the second is the first's new version).
void write_versions(const fs::path& work) {
  extract_archive(fixture("sample-bundle.zip"), work / "unpacked");
  auto version = [&](const std::string& only) {
    std::vector<Entry> entries;
    for (const auto& path : k_kept) {
      entries.emplace_back(path, read_file(work / "unpacked" / path));
    }
    entries.emplace_back(only, read_file(work / "unpacked" / only));
    return entries;
  };
  fs::create_directories(work / "v1");
  fs::create_directories(work / "v2");
  write_archive(work / "v1" / "Showcase.zip", version(k_dropped));
  write_archive(work / "v2" / "Showcase.zip", version(k_added));
}

std::vector<std::string> trace_passages(const fs::path& scratch, const Command& command) {
  fs::remove_all(scratch);
  fs::copy(command.start, scratch, fs::copy_options::recursive);
  const fs::path trace = scratch.string() + ".trace";
  fs::remove(trace);
  {
    ScopedEnv env("EVIDEX_TEST_TRACE_POINTS", trace.string());
    Run traced = run_evidex(scratch, command.args);
    REQUIRE(traced.exit_code == 0);
  }
  std::vector<std::string> all;
  std::string text = read_file(trace);
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    all.push_back(text.substr(start, end - start));
    start = end == std::string::npos ? text.size() : end + 1;
  }
  // The first and the last passage of each point: a loop's middle passages leave the same state
  // as its ends, and the suite must stay fast enough for the sanitizer build.
  std::map<std::string, std::pair<std::string, std::string>> ends;  // point -> first, last passage
  std::vector<std::string> order;
  for (const auto& passage : all) {
    std::string point = passage.substr(0, passage.find('#'));
    if (!ends.count(point)) {
      order.push_back(point);
      ends[point].first = passage;
    }
    ends[point].second = passage;
  }
  std::vector<std::string> chosen;
  for (const auto& point : order) {
    chosen.push_back(ends[point].first);
    if (ends[point].second != ends[point].first) {
      chosen.push_back(ends[point].second);
    }
  }
  return chosen;
}

std::vector<std::string> hit_paths(const fs::path& store, const std::string& query, Run& search) {
  search = run_evidex(store, {"search", "--apprentice", "A", "--format", "json", query});
  std::vector<std::string> hits;
  if (search.exit_code == 0) {
    const json found = json::parse(search.out);
    for (const auto& hit : found.at("hits")) {
      hits.push_back(hit["path"].get<std::string>());
    }
  }
  return sorted(hits);
}

struct Expected {
  std::vector<std::string> v1_paths, v2_paths;
  std::vector<std::string> v1_criterion_hits, v2_criterion_hits;
  std::string items_json, coverage_json;  // of V2, in a store never killed
};

std::vector<std::string> item_paths(const fs::path& store, std::vector<std::string>& problems) {
  Run items = run_evidex(store, {"items", "--apprentice", "A", "--format", "json"});
  if (items.exit_code != 0) {
    problems.push_back("the store does not open: items exits " + std::to_string(items.exit_code) + ": " + items.err);
    return {};
  }
  std::vector<std::string> paths;
  for (const auto& item : json::parse(items.out)) {
    paths.push_back(item["path"].get<std::string>());
  }
  return sorted(paths);
}

// What the records say and what the disk holds agree: every original a row names is there with
// the bytes its name promises, and no other.
void check_blobs(const fs::path& store, std::vector<std::string>& problems) {
  ReadOnlyDb db(store / "evidex.sqlite");
  // A folder upload's hash names no file: only an uploaded archive is stored as it came.
  std::set<std::string> referenced;
  for (const auto& sha : db.column("SELECT sha256 FROM items UNION SELECT sha256 FROM bundles WHERE bytes > 0")) {
    if (!sha.empty()) {
      referenced.insert(sha);
    }
  }
  std::set<std::string> present;
  for (const auto& entry : fs::recursive_directory_iterator(store / "blobs")) {
    if (!entry.is_regular_file()) {
      continue;
    }
    std::string name = entry.path().filename().string();
    present.insert(name);
    if (!referenced.count(name)) {
      problems.push_back("unreferenced file under blobs/: " + name);
    }
  }
  for (const auto& sha : referenced) {
    fs::path file = store / "blobs" / sha.substr(0, 2) / sha;
    if (!present.count(sha)) {
      problems.push_back("a row names an original that is not stored: " + sha);
    } else if (evidex::sha256_file(file) != sha) {
      problems.push_back("a stored original does not hash to its name: " + sha);
    }
  }
}

// Everything a store holds after a writer has finished; anything else is a crash's leftover.
void check_store_files(const fs::path& store, std::vector<std::string>& problems) {
  static const std::set<std::string> expected = {"evidex.sqlite", "evidex.sqlite-wal", "evidex.sqlite-shm",
                                                 "lock", "blobs", "tmp", "xapian"};
  for (const auto& entry : fs::directory_iterator(store)) {
    if (!expected.count(entry.path().filename().string())) {
      problems.push_back("left in the store after the next writer: " + entry.path().filename().string());
    }
  }
  if (!fs::is_empty(store / "tmp")) {
    problems.push_back("tmp/ is not empty after the next writer");
  }
}

// The index agrees with the records: the phrase of the stored version is found, the other's not,
// and the criterion's hits are those of the stored version's tags.
void check_search(const fs::path& store, bool v2_stored, const Expected& expected, const std::string& when,
                  std::vector<std::string>& problems) {
  const std::string stored = v2_stored ? "V2" : "V1";
  Run search;
  auto hits = hit_paths(store, k_phrase_query, search);
  if (search.exit_code != 0) {
    problems.push_back("search fails " + when + ": " + search.err);
    return;
  }
  if (hits != std::vector<std::string>{v2_stored ? k_added : k_dropped}) {
    problems.push_back("the index disagrees with the records " + when + " (" + stored +
                       " stored): the phrases find [" + joined(hits) + "]");
  }
  hits = hit_paths(store, k_criterion_query, search);
  if (hits != (v2_stored ? expected.v2_criterion_hits : expected.v1_criterion_hits)) {
    problems.push_back("the index disagrees with the tags " + when + " (" + stored + " stored): " +
                       k_criterion_query + " finds [" + joined(hits) + "]");
  }
}

// Kills `command` at `passage` in a copy of its store and returns what went wrong (nothing, if it
// survived).
std::vector<std::string> kill_and_check(const fs::path& copy, const fs::path& b_folder,
                                        const fs::path& v2, const Command& command, const std::string& passage,
                                        const Expected& expected) {
  std::vector<std::string> problems;
  fs::remove_all(copy);
  fs::copy(command.start, copy, fs::copy_options::recursive);
  {
    ScopedEnv kill("EVIDEX_TEST_KILL_AT", passage);
    Run killed = run_evidex(copy, command.args);
    if (killed.exit_code != 128 + 9) {
      problems.push_back("not killed (exit " + std::to_string(killed.exit_code) + "): the point was not passed");
      return problems;
    }
  }
  // As the crash left it, before any other process touches the store.
  const fs::path db_file = copy / "evidex.sqlite";
  bool raw_v2 = false;
  {
    ReadOnlyDb db(db_file);
    auto integrity = db.column("PRAGMA integrity_check");
    if (integrity != std::vector<std::string>{"ok"}) {
      problems.push_back("integrity_check: " + joined(integrity));
    }
    if (auto broken = db.column("PRAGMA foreign_key_check"); !broken.empty()) {
      problems.push_back("foreign_key_check names table " + joined(broken));
    }
    auto raw = sorted(db.column("SELECT i.path FROM items i JOIN bundles b ON i.bundle = b.id WHERE b.apprentice = 'A'"));
    if (raw != expected.v1_paths && raw != expected.v2_paths) {
      problems.push_back("the records hold a mix of the versions: " + joined(raw));
    }
    raw_v2 = raw == expected.v2_paths;
  }
  // The first reader already sees one version whole, in its search results too.
  check_search(copy, raw_v2, expected, "to the first reader", problems);
  const auto paths = item_paths(copy, problems);
  const bool v2_stored = paths == expected.v2_paths;
  if (!v2_stored && paths != expected.v1_paths) {
    problems.push_back("items shows neither version: " + joined(paths));
  }

  // The next writer: the same bytes for another apprentice change nothing but do the recovery.
  Run next = run_evidex(copy, {"ingest", b_folder.string(), "--apprentice", "B", "--quiet"});
  if (next.exit_code != 0) {
    problems.push_back("the next writer fails: " + next.err);
  }
  check_search(copy, v2_stored, expected, "after the next writer", problems);
  check_blobs(copy, problems);
  check_store_files(copy, problems);

  // Converges: the upload again gives what a store never killed holds.
  Run again = run_evidex(copy, {"ingest", v2.string(), "--apprentice", "A", "--quiet"});
  if (again.exit_code != 0) {
    problems.push_back("re-ingesting V2 fails: " + again.err);
    return problems;
  }
  if (run_evidex(copy, {"items", "--apprentice", "A", "--format", "json"}).out != expected.items_json) {
    problems.push_back("after re-ingesting V2 the items differ from a store never killed");
  }
  if (run_evidex(copy, {"coverage", "--apprentice", "A", "--format", "json"}).out != expected.coverage_json) {
    problems.push_back("after re-ingesting V2 the coverage differs from a store never killed");
  }
  return problems;
}

}  // namespace

TEST_CASE("a writer killed at any point leaves the old or the new portfolio, whole, and the next writer "
          "cleans up",
          "[e2e][crash]") {
  const auto started = std::chrono::steady_clock::now();
  TempDir work;
  write_versions(work.path());
  const fs::path v1 = work / "v1" / "Showcase.zip";
  const fs::path v2 = work / "v2" / "Showcase.zip";
  const fs::path b_folder = work / "b";
  write_file(b_folder / "rota.txt", "Week 12 rota for the Harbourside reception desk, agreed with the team lead.");

  // A holds V1; B is there so that the next writer has something to re-ingest that changes nothing.
  const fs::path prepared = work / "prepared";
  REQUIRE(run_evidex(prepared, {"ingest", v1.string(), "--apprentice", "A", "--quiet"}).exit_code == 0);
  REQUIRE(run_evidex(prepared, {"ingest", b_folder.string(), "--apprentice", "B", "--quiet"}).exit_code == 0);

  Expected expected;
  expected.v1_paths = k_kept;
  expected.v1_paths.push_back(k_dropped);
  expected.v1_paths.push_back(k_attachment);
  expected.v1_paths = sorted(expected.v1_paths);
  expected.v2_paths = k_kept;
  expected.v2_paths.push_back(k_added);
  expected.v2_paths.push_back(k_attachment);
  expected.v2_paths = sorted(expected.v2_paths);
  {
    const fs::path never_killed = work / "never-killed";
    fs::copy(prepared, never_killed, fs::copy_options::recursive);
    std::vector<std::string> problems;
    REQUIRE(item_paths(never_killed, problems) == expected.v1_paths);
    Run search;
    expected.v1_criterion_hits = hit_paths(never_killed, k_criterion_query, search);
    REQUIRE(run_evidex(never_killed, {"ingest", v2.string(), "--apprentice", "A", "--quiet"}).exit_code == 0);
    REQUIRE(item_paths(never_killed, problems) == expected.v2_paths);
    expected.v2_criterion_hits = hit_paths(never_killed, k_criterion_query, search);
    REQUIRE(!expected.v1_criterion_hits.empty());
    REQUIRE(!expected.v2_criterion_hits.empty());
    expected.items_json = run_evidex(never_killed, {"items", "--apprentice", "A", "--format", "json"}).out;
    expected.coverage_json = run_evidex(never_killed, {"coverage", "--apprentice", "A", "--format", "json"}).out;
    REQUIRE(problems.empty());
  }

  const std::vector<std::string> ingest_v2 = {"ingest", v2.string(), "--apprentice", "A", "--quiet"};
  // A store an ingest was killed in, where the next writer has a recovery to do (and is killed in it).
  auto crashed = [&](const std::string& name, const std::string& passage) {
    const fs::path store = work / name;
    fs::copy(prepared, store, fs::copy_options::recursive);
    ScopedEnv kill("EVIDEX_TEST_KILL_AT", passage);
    REQUIRE(run_evidex(store, ingest_v2).exit_code == 128 + 9);
    return store;
  };
  const std::vector<std::string> ingest_b = {"ingest", b_folder.string(), "--apprentice", "B", "--quiet"};
  const std::vector<Command> commands = {
      {"ingest V2", ingest_v2, prepared},
      {"ingest V2 --replace", {"ingest", v2.string(), "--apprentice", "A", "--replace", "--quiet"}, prepared},
      {"reindex", {"reindex"}, prepared},
      {"recovery from an uncommitted ingest", ingest_b, crashed("crashed-uncommitted", "blob-temporary-written#2")},
      {"recovery from a committed ingest", ingest_b, crashed("crashed-committed", "blob-journal-removed")},
  };
  std::vector<std::pair<const Command*, std::string>> passages;
  std::set<std::string> distinct;
  for (const auto& command : commands) {
    for (auto& passage : trace_passages(work / "traced", command)) {
      distinct.insert(command.name + " " + passage);
      passages.emplace_back(&command, std::move(passage));
    }
  }
  // Fewer would mean points were lost from the writer's path.
  REQUIRE(distinct.size() >= 50);

  std::size_t survived = 0;
  for (const auto& [command, passage] : passages) {
    auto problems = kill_and_check(work / "killed", b_folder, v2, *command, passage, expected);
    for (const auto& problem : problems) {
      FAIL_CHECK(command->name << " killed at " << passage << ": " << problem);
    }
    survived += problems.empty();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "crash points: " << passages.size() << " tried, " << survived << " survived (" << seconds
            << " s)" << std::endl;
  CHECK(survived == passages.size());
}

TEST_CASE("a reindex killed once it has marked the index current still has every portfolio tagged again",
          "[e2e][crash]") {
  TempDir work;
  const fs::path store = work / "store";
  write_file(work / "a" / "complaint.txt", "How I handled a complaint about a late refund and kept the customer informed.");
  // Long enough (30 words and more) for the tagger to infer criteria from the index.
  write_file(work / "b" / "account.txt",
             "My reflective account of resolving a billing complaint. The customer had been charged twice for "
             "the same month, so I apologised, checked the account history with the finance team, arranged a "
             "refund the same day and called her back to confirm it had arrived, as our complaints procedure "
             "asks. I recorded the outcome in the CRM and shared what I learned with my team.");
  REQUIRE(run_evidex(store, {"ingest", (work / "a").string(), "--apprentice", "A", "--quiet"}).exit_code == 0);
  // With the index lost, B's tagging can infer nothing and says to run reindex.
  fs::remove_all(store / "xapian");
  run_evidex(store, {"ingest", (work / "b").string(), "--apprentice", "B", "--quiet"});
  auto problems = [&] {
    Run coverage = run_evidex(store, {"coverage", "--apprentice", "B", "--format", "json"});
    return coverage.out;
  };
  REQUIRE_THAT(problems(), Catch::Contains("no tags were inferred; run 'evidex reindex'"));
  {
    ScopedEnv kill("EVIDEX_TEST_KILL_AT", "reindex-index-marked-current");
    REQUIRE(run_evidex(store, {"reindex"}).exit_code == 128 + 9);
  }
  // The index is whole again: the next reader tags B from it, rather than repeat the old advice.
  CHECK_THAT(problems(), !Catch::Contains("run 'evidex reindex'"));
}
