// The search index is written as items are stored, batch by batch, and compacted after large
// ingests: it must answer exactly for the portfolio as it now stands, and not keep the disk a
// batch-by-batch index wastes.
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <cstdint>

using namespace evidex::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::uint64_t tree_bytes(const fs::path& dir) {
  std::uint64_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      total += entry.file_size();
    }
  }
  return total;
}

// Notes in the words of a customer-service log, different for each n.
std::string note(std::uint32_t n) {
  static const char* words[] = {"customer", "refund",   "order",   "delivery", "complaint", "escalated",
                                "manager",  "apology",  "policy",  "account",  "payment",   "invoice",
                                "courier",  "replaced", "faulty",  "resolved", "feedback",  "survey",
                                "call",     "promised", "callback", "voucher", "damaged",   "parcel"};
  std::string text = "Call note " + std::to_string(n) + ".";
  std::uint32_t state = n * 2654435761u + 1;
  for (int i = 0; i < 120; ++i) {
    state = state * 1664525u + 1013904223u;
    text += ' ';
    text += words[(state >> 16) % (sizeof words / sizeof *words)];
  }
  return text + ".\n";
}

std::vector<std::string> hit_paths(const Run& run) {
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  std::vector<std::string> paths;
  const json result = json::parse(run.out);
  for (const auto& hit : result.at("hits")) {
    paths.push_back(hit.at("path"));
  }
  return paths;
}

}  // namespace

TEST_CASE("a large ingest leaves the search index compacted", "[e2e][ingest][index]") {
  TempDir work;
  fs::path folder = work / "Call notes";
  for (std::uint32_t n = 0; n < 600; ++n) {
    write_file(folder / ("week" + std::to_string(n % 12)) / ("note-" + std::to_string(n) + ".txt"), note(n));
  }
  fs::path store = work / "store";
  Run ingest = run_evidex(store, {"ingest", folder.string(), "--apprentice", "A1", "--quiet"});
  REQUIRE(ingest.exit_code == 0);

  // What Xapian's own compaction makes of the same index: the live one may not be much bigger.
  fs::path copy = work / "compacted";
  Xapian::Database(store / "xapian").compact(copy.string());
  CAPTURE(tree_bytes(store / "xapian"), tree_bytes(copy));
  CHECK(tree_bytes(store / "xapian") <= tree_bytes(copy) * 105 / 100);
  CHECK(Xapian::Database((store / "xapian").string()).get_doccount() == 600);

  Run search = run_evidex(store, {"search", "\"call note 599\"", "--format", "json"});
  REQUIRE(search.exit_code == 0);
  CHECK(hit_paths(search) == std::vector<std::string>{"week11/note-599.txt"});
}

TEST_CASE("a new version of a bundle takes its old version's place in the index", "[e2e][ingest][index]") {
  TempDir work;
  fs::path v1 = work / "v1" / "Showcase";
  write_file(v1 / "old-notes.txt", "The zebrafinch complaint was escalated to the manager.\n");
  write_file(v1 / "kept.txt", "Feedback from the customer survey.\n");
  fs::path v2 = work / "v2" / "Showcase";
  write_file(v2 / "new-notes.txt", "The kingfisher complaint was resolved on the first call.\n");
  write_file(v2 / "kept.txt", "Feedback from the customer survey, updated.\n");
  fs::path other = work / "Other";
  write_file(other / "extra.txt", "A zebrafinch appears in another bundle too.\n");
  fs::path store = work / "store";
  REQUIRE(run_evidex(store, {"ingest", v1.string(), "--apprentice", "A1"}).exit_code == 0);
  REQUIRE(run_evidex(store, {"ingest", other.string(), "--apprentice", "A1"}).exit_code == 0);
  REQUIRE(run_evidex(store, {"ingest", v2.string(), "--apprentice", "A1"}).exit_code == 0);

  // The old version's words are gone with it; the other bundle of the portfolio keeps its own.
  CHECK(hit_paths(run_evidex(store, {"search", "zebrafinch", "--format", "json"})) ==
        std::vector<std::string>{"extra.txt"});
  CHECK(hit_paths(run_evidex(store, {"search", "kingfisher", "--format", "json"})) ==
        std::vector<std::string>{"new-notes.txt"});
  CHECK(hit_paths(run_evidex(store, {"search", "updated", "--format", "json"})) ==
        std::vector<std::string>{"kept.txt"});
  CHECK(Xapian::Database((store / "xapian").string()).get_doccount() == 3);
}

TEST_CASE("the index an ingest writes from its workers' terms is the one a rebuild writes from the records",
          "[e2e][ingest][index]") {
  // The workers make each item's terms and the ingest only stores them; 'evidex reindex' makes them
  // again from the stored text. Every answer must be the same, word for word, page for page.
  TempDir work;
  fs::path store = work / "store";
  REQUIRE(run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A1"}).exit_code == 0);
  const std::vector<std::string> queries{"complaint", "\"customer service\"", "escalat*", "refund OR apology",
                                         "type:pdf policy", "ksb:2K1", "path:letters"};
  std::vector<std::string> before;
  for (const auto& q : queries) {
    Run run = run_evidex(store, {"search", q, "--format", "json", "--limit", "50"});
    REQUIRE(run.exit_code == 0);
    before.push_back(run.out);
  }
  CHECK(json::parse(before[0]).at("total").get<int>() > 0);
  REQUIRE(run_evidex(store, {"reindex"}).exit_code == 0);
  for (std::size_t i = 0; i < queries.size(); ++i) {
    INFO(queries[i]);
    CHECK(run_evidex(store, {"search", queries[i], "--format", "json", "--limit", "50"}).out == before[i]);
  }
}

TEST_CASE("an item stored under a qualified name is found by that name", "[e2e][ingest][index]") {
  // The worker indexes the text; the path words come from the name the item is stored under, which
  // only the parent knows (a path another bundle of the portfolio has is qualified by the bundle).
  TempDir work;
  fs::path first = work / "Showcase";
  write_file(first / "notes.txt", "The first notes mention a heron.\n");
  fs::path second = work / "Extra";
  write_file(second / "notes.txt", "The second notes mention a kestrel.\n");
  fs::path store = work / "store";
  REQUIRE(run_evidex(store, {"ingest", first.string(), "--apprentice", "A1"}).exit_code == 0);
  REQUIRE(run_evidex(store, {"ingest", second.string(), "--apprentice", "A1"}).exit_code == 0);
  CHECK(hit_paths(run_evidex(store, {"search", "kestrel", "--format", "json"})) ==
        std::vector<std::string>{"Extra/notes.txt"});
  CHECK(hit_paths(run_evidex(store, {"search", "path:extra", "--format", "json"})) ==
        std::vector<std::string>{"Extra/notes.txt"});
  CHECK(hit_paths(run_evidex(store, {"search", "heron path:notes", "--format", "json"})) ==
        std::vector<std::string>{"notes.txt"});
}

TEST_CASE("hits of equal weight are listed in the order of the upload, however the workers finish",
          "[e2e][search][index]") {
  // A zip whose members come in reverse order, the second one big: with two workers it finishes
  // after several of the small ones that follow it.
  TempDir work;
  std::vector<Entry> entries;
  std::vector<std::string> order;
  for (int n = 30; n >= 1; --n) {
    std::string name = "notes-" + std::string(n < 10 ? "0" : "") + std::to_string(n) + ".txt";
    std::string text = "Call " + std::to_string(n) + ": the customer asked about a refund.\n";
    if (n == 29) {
      for (std::uint32_t i = 0; i < 4000; ++i) {
        text += note(i);
      }
    }
    entries.push_back({name, text});
    order.push_back(name);
  }
  write_archive(work / "showcase.zip", entries);
  for (const char* jobs : {"2", "1"}) {
    CAPTURE(jobs);
    fs::path store = work / (std::string("store-") + jobs);
    REQUIRE(run_evidex(store, {"ingest", (work / "showcase.zip").string(), "--apprentice", "A1", "--jobs", jobs})
                .exit_code == 0);
    // Filters only: every hit weighs the same.
    CHECK(hit_paths(run_evidex(store, {"search", "type:text", "--format", "json", "--limit", "50"})) == order);
    // A rebuild keeps the order.
    REQUIRE(run_evidex(store, {"reindex"}).exit_code == 0);
    CHECK(hit_paths(run_evidex(store, {"search", "type:text", "--format", "json", "--limit", "50"})) == order);
  }
}
