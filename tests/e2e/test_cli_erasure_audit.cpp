// The erasure audit: after `evidex forget`, every file of the store (the SQLite database, its WAL and
// shared memory, the Xapian tables, the stored originals, tmp/) is scanned for the apprentice's ID,
// name and the words only their evidence held. Also after a forget killed at each of its points: the
// next writer must finish the erasure (or, killed before the records went, the apprentice is whole
// and a second forget erases them). Residue found must be 0.
#include "tests/support/run_evidex.hpp"
#include "tests/support/store_checks.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <sqlite3.h>

using namespace evidex::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* const k_erased = "ZOO-erased";
const char* const k_erased_name = "Hamza Jones";
const char* const k_kept = "ZOO-kept";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::set<std::string> words_of(const std::string& text) {
  std::set<std::string> out;
  std::string word;
  for (char c : text + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      if (word.size() >= 6) {
        out.insert(word);
      }
      word.clear();
    }
  }
  return out;
}

struct Holdings {
  std::set<std::string> words;   // lower-case words of at least 6 letters in the items' text
  std::set<std::string> hashes;  // the stored originals' SHA-256
};

Holdings holdings_of(const fs::path& store, const std::string& apprentice) {
  Holdings h;
  Run items = run_evidex(store, {"items", "--apprentice", apprentice, "--format", "json"});
  REQUIRE(items.exit_code == 0);
  json listed = json::parse(items.out);
  for (const auto& item : listed) {
    h.hashes.insert(item["sha256"].get<std::string>());
    Run text = run_evidex(store, {"text", "--apprentice", apprentice, item["path"].get<std::string>()});
    auto words = words_of(text.out + " " + item["path"].get<std::string>());
    h.words.insert(words.begin(), words.end());
  }
  return h;
}

const char* const k_third_note = "A third apprentice's note about the library opening hours.";

void ingest_kept(const fs::path& store) {
  REQUIRE(run_evidex(store, {"ingest", fixture("showcases/copy-source.zip").string(), "--apprentice", k_kept, "--name",
                             "Other Apprentice", "--quiet"})
              .exit_code == 0);
}

void ingest_third(const fs::path& store) {
  TempDir other;
  write_file(other / "note.txt", k_third_note);
  REQUIRE(run_evidex(store, {"ingest", other.path().string(), "--apprentice", "ZOO-third", "--quiet"}).exit_code == 0);
}

// The bytes and index terms of a store that never held the erased apprentice, only the others: what
// is in it cannot count as residue (words of the schema, of the other apprentices' files, of PDF syntax).
struct Control {
  std::string bytes;  // every file, lower-cased, concatenated
  std::set<std::string> terms;
};

const Control& control() {
  static TempDir dir;
  static const Control c = [] {
    fs::path store = dir / "store";
    ingest_kept(store);
    ingest_third(store);
    Control out;
    for (const auto& entry : fs::recursive_directory_iterator(store)) {
      if (entry.is_regular_file()) {
        out.bytes += lower(read_file(entry.path()));
        out.bytes += '\n';
      }
    }
    Xapian::Database db((store / "xapian").string());
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
      out.terms.insert(*t);
    }
    return out;
  }();
  return c;
}

// What only the erased apprentice brought: their ID and name, the words of their evidence that a
// store without them does not hold anywhere, those words' index terms, and their stored originals.
struct Needles {
  std::vector<std::string> raw;    // looked for case-insensitively in every file's bytes
  std::set<std::string> terms;     // looked for among the index's terms
  std::set<std::string> hashes;    // stored originals that must be gone
};

Needles needles_for(const fs::path& store) {
  Holdings erased = holdings_of(store, k_erased);
  Holdings kept = holdings_of(store, k_kept);
  const Control& c = control();
  Xapian::Stem stem("english");
  Needles n;
  n.raw = {lower(k_erased), lower(k_erased_name)};
  for (const auto& w : erased.words) {
    if (c.bytes.find(w) == std::string::npos) {
      n.raw.push_back(w);
    }
    for (std::string term : {w, "Z" + stem(w)}) {
      if (!c.terms.count(term)) {
        n.terms.insert(term);
      }
    }
  }
  for (const auto& sha : erased.hashes) {
    if (!kept.hashes.count(sha)) {
      n.hashes.insert(sha);
    }
  }
  return n;
}

// Every place the erased apprentice can still be found: "<file>: <needle>".
std::vector<std::string> residue(const fs::path& store, const Needles& n) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(store)) {
    if (!entry.is_regular_file()) {
      continue;
    }
    std::string bytes = lower(read_file(entry.path()));
    for (const auto& needle : n.raw) {
      if (bytes.find(needle) != std::string::npos) {
        found.push_back(entry.path().string() + ": " + needle);
      }
    }
    if (n.hashes.count(entry.path().filename().string())) {
      found.push_back(entry.path().string() + ": a stored original of the erased apprentice");
    }
  }
  if (fs::exists(store / "xapian")) {
    Xapian::Database db((store / "xapian").string());
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
      std::string term = *t;
      if (n.terms.count(term) || lower(term).find(lower(k_erased)) != std::string::npos) {
        found.push_back((store / "xapian").string() + ": term " + term);
      }
    }
  }
  return found;
}

// Fails the test with every place the apprentice can still be found.
void check_no_residue(const fs::path& store, const Needles& n) {
  std::vector<std::string> left = residue(store, n);
  for (const auto& r : left) {
    UNSCOPED_INFO(r);
  }
  CHECK(left.empty());
  CHECK(leftovers(store).empty());
}

// A store holding the erased apprentice's showcase and another apprentice's, built once.
const fs::path& prepared_store() {
  static TempDir dir;
  static const fs::path store = [] {
    fs::path s = dir / "store";
    REQUIRE(run_evidex(s, {"ingest", fixture("showcases/assessor-led-records.zip").string(), "--apprentice", k_erased,
                           "--name", k_erased_name, "--quiet"})
                .exit_code == 0);
    // A second bundle, replaced once, so replaced text has passed through the database too.
    TempDir extra;
    write_file(extra / "supervisor note.txt", "Hamza Jones calmed the Quillfeather Leisure member with care.");
    REQUIRE(run_evidex(s, {"ingest", extra.path().string(), "--apprentice", k_erased, "--quiet"})
                .exit_code == 0);
    write_file(extra / "supervisor note.txt", "Hamza Jones resolved the Quillfeather Leisure booking clash.");
    REQUIRE(run_evidex(s, {"ingest", extra.path().string(), "--apprentice", k_erased, "--quiet"})
                .exit_code == 0);
    ingest_kept(s);
    return s;
  }();
  return store;
}

const Needles& prepared_needles() {
  static const Needles n = needles_for(prepared_store());
  return n;
}

fs::path copy_of_prepared(const TempDir& work) {
  fs::path copy = work / "store";
  fs::copy(prepared_store(), copy, fs::copy_options::recursive);
  return copy;
}

std::size_t item_count(const fs::path& store, const std::string& apprentice) {
  Run items = run_evidex(store, {"items", "--apprentice", apprentice, "--format", "json"});
  return items.exit_code == 0 ? json::parse(items.out).size() : 0;
}

int search_total(const fs::path& store, const std::string& query) {
  Run found = run_evidex(store, {"search", query, "--format", "json"});
  REQUIRE(found.exit_code == 0);
  return json::parse(found.out)["total"].get<int>();
}

// The points forget passes, in order; each names what has just become durable.
const std::vector<std::string> k_forget_points = {
    "forget-marked",        "forget-index-removed", "forget-journalled",     "forget-after-commit",
    "forget-vacuumed",      "forget-wal-truncated", "forget-blobs-removed",  "forget-index-swapped",
    "forget-index-compacted",
};
// Up to (not including) this one the apprentice's records are still there.
const std::string k_first_point_after_commit = "forget-after-commit";

}  // namespace

TEST_CASE("the erasure audit finds nothing of a forgotten apprentice in any store file", "[e2e][forget][erasure]") {
  TempDir work;
  fs::path store = copy_of_prepared(work);
  const Needles& n = prepared_needles();
  // The audit can see: before forget it finds the apprentice everywhere.
  REQUIRE(n.raw.size() > 20);
  REQUIRE(n.hashes.size() >= 20);
  REQUIRE(residue(store, n).size() > n.raw.size());
  const std::size_t kept_items = item_count(store, k_kept);
  const int kept_hits = search_total(store, "apprentice:" + std::string(k_kept));

  Run forget = run_evidex(store, {"forget", "--apprentice", k_erased, "--yes"});
  REQUIRE(forget.exit_code == 0);
  CHECK_THAT(forget.out, Catch::Contains("no copy remains on disk"));

  std::vector<std::string> left = residue(store, n);
  std::cout << "erasure audit: " << n.raw.size() << " needles, " << n.hashes.size() << " originals, residue "
            << left.size() << "\n";
  check_no_residue(store, n);
  CHECK(integrity(store) == "ok");
  CHECK(item_count(store, k_kept) == kept_items);
  CHECK(search_total(store, "apprentice:" + std::string(k_kept)) == kept_hits);
}

TEST_CASE("a forget killed at any of its points is finished by the next writer, with no residue",
          "[e2e][forget][erasure][crash]") {
  const Needles& n = prepared_needles();
  const std::size_t erased_items = item_count(prepared_store(), k_erased);
  const std::size_t kept_items = item_count(prepared_store(), k_kept);
  bool committed = false;
  for (const auto& point : k_forget_points) {
    committed = committed || point == k_first_point_after_commit;
    DYNAMIC_SECTION("killed at " << point) {
      TempDir work;
      fs::path store = copy_of_prepared(work);
      ::setenv("EVIDEX_TEST_KILL_AT", point.c_str(), 1);
      Run killed = run_evidex(store, {"forget", "--apprentice", k_erased, "--yes"});
      ::unsetenv("EVIDEX_TEST_KILL_AT");
      REQUIRE(killed.exit_code == 128 + SIGKILL);

      // Readers see the apprentice whole or not at all.
      CHECK(integrity(store) == "ok");
      std::size_t seen = item_count(store, k_erased);
      CHECK((seen == erased_items || seen == 0));
      CHECK(item_count(store, k_kept) == kept_items);
      if (committed) {
        // The first command that could write (here a reader) has finished the erasure.
        check_no_residue(store, n);
      }

      // The next writer, whatever it was asked to do, finishes (or undoes) the interrupted erasure.
      ingest_third(store);
      CHECK(integrity(store) == "ok");
      if (committed) {
        CHECK(item_count(store, k_erased) == 0);
      } else {
        // Killed before the records went: the apprentice is whole again, search included.
        CHECK(item_count(store, k_erased) == erased_items);
        CHECK(search_total(store, "Quillfeather") == 1);
        REQUIRE(run_evidex(store, {"forget", "--apprentice", k_erased, "--yes"}).exit_code == 0);
      }
      std::cout << "erasure audit after a forget killed at " << point << ": residue " << residue(store, n).size()
                << "\n";
      check_no_residue(store, n);
      CHECK(item_count(store, k_kept) == kept_items);
      CHECK(search_total(store, "ksb:12S3 apprentice:" + std::string(k_kept)) > 0);
    }
  }
}

TEST_CASE("forget erases an apprentice from a store whose index is damaged, and rebuilds the index",
          "[e2e][forget][erasure]") {
  TempDir work;
  fs::path store = copy_of_prepared(work);
  const Needles& n = prepared_needles();
  write_file(store / "xapian" / "postlist.glass", std::string(8192, 'x'));
  Run forget = run_evidex(store, {"forget", "--apprentice", k_erased, "--yes"});
  INFO(forget.err);
  REQUIRE(forget.exit_code == 0);
  check_no_residue(store, n);
  CHECK(search_total(store, "ksb:12S3 apprentice:" + std::string(k_kept)) > 0);
}

TEST_CASE("forget does not claim an erasure that a reader's open snapshot keeps in the WAL, the next writer finishes it",
          "[e2e][forget][erasure]") {
  TempDir work;
  fs::path store = copy_of_prepared(work);
  const Needles& n = prepared_needles();
  // Another process reading the store: its snapshot predates the forget, so the WAL cannot be emptied.
  sqlite3* reader = nullptr;
  REQUIRE(sqlite3_open_v2((store / "evidex.sqlite").c_str(), &reader, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_exec(reader, "BEGIN; SELECT COUNT(*) FROM item_text;", nullptr, nullptr, nullptr) == SQLITE_OK);
  Run forget = run_evidex(store, {"forget", "--apprentice", k_erased, "--yes"});
  sqlite3_exec(reader, "COMMIT", nullptr, nullptr, nullptr);
  sqlite3_close(reader);
  CHECK(forget.exit_code == 3);
  CHECK_THAT(forget.err, Catch::Contains("a reader still holds older pages"));
  CHECK_THAT(forget.out, !Catch::Contains("no copy remains"));
  CHECK(item_count(store, k_erased) == 0);

  ingest_third(store);
  check_no_residue(store, n);
}

TEST_CASE("forget leaves no residue of a bundle version whose ingest was killed after its commit",
          "[e2e][forget][erasure][crash]") {
  TempDir work;
  fs::path store = copy_of_prepared(work);
  const Needles& n = prepared_needles();
  // The new portfolio drops every item of the old one: killed before its clean-up, the old
  // originals are no row's any more.
  TempDir next;
  write_file(next / "fresh start" / "only item.txt", "Hamza Jones starts again with a single note.");
  ::setenv("EVIDEX_TEST_KILL_AT", "after-commit", 1);
  Run killed = run_evidex(store, {"ingest", (next / "fresh start").string(), "--apprentice", k_erased, "--replace", "--quiet"});
  ::unsetenv("EVIDEX_TEST_KILL_AT");
  REQUIRE(killed.exit_code == 128 + SIGKILL);
  REQUIRE(item_count(store, k_erased) == 1);

  REQUIRE(run_evidex(store, {"forget", "--apprentice", k_erased, "--yes"}).exit_code == 0);
  check_no_residue(store, n);
}
