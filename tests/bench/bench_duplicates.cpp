// Duplicate detection at scale: writes a store of ITEMS items (default 50,000) spread over
// APPRENTICES apprentices (default 500), their text drawn from the words of the hand-labelled set,
// with 1 % exact copies, 1 % same-text copies (other punctuation and case) and 1 % near copies (15 %
// of the words edited) planted across apprentices. Then times the signatures, the whole-store search
// and one apprentice's, and counts how many planted copies were found. A benchmark, not a test: it
// prints figures and asserts nothing about speed.
//
//   ./build/tests/evidex_bench_duplicates [ITEMS] [APPRENTICES]
//
// Rows are written straight into SQLite (no extraction, no Xapian index): what is measured is
// duplicate detection, not ingest.
#include "indexer/store/signatures.hpp"
#include "indexer/util/sha256.hpp"
#include "query/iqa/duplicates.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <sys/resource.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace evidex;

namespace {

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::string> word_pool() {
  std::vector<std::string> words;
  for (const auto& entry : fs::directory_iterator(fs::path(EVIDEX_FIXTURES) / "tagging" / "labelled")) {
    if (entry.path().extension() != ".txt") {
      continue;
    }
    std::ifstream in(entry.path());
    for (std::string w; in >> w;) {
      words.push_back(w);
    }
  }
  return words;
}

std::string edit(const std::string& text, double rate, std::mt19937& rng, const std::vector<std::string>& pool) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) {
    words.push_back(w);
  }
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
  std::string out;
  for (const auto& w : words) {
    double r = u(rng);
    if (r < rate * 0.6) {
      out += pool[pick(rng)] + " ";
    } else if (r < rate * 0.8) {
      continue;
    } else {
      out += w + " ";
      if (r < rate) {
        out += pool[pick(rng)] + " ";
      }
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t item_count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 50000;
  std::size_t apprentices = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 500;
  fs::path dir = fs::temp_directory_path() / ("evidex-bench-dups-" + std::to_string(::getpid()));
  const auto pool = word_pool();
  std::mt19937 rng(42);
  std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
  std::uniform_int_distribution<int> length(150, 900);

  struct Planted {
    std::string kind;
    std::size_t original, copy;
  };
  std::vector<std::string> texts;
  std::vector<Planted> planted;
  texts.reserve(item_count);
  std::uniform_real_distribution<double> u(0, 1);
  std::uint64_t words = 0;
  for (std::size_t i = 0; i < item_count; ++i) {
    double r = u(rng);
    if (i > 100 && r < 0.03) {
      // A copy of an earlier item of (almost surely) another apprentice.
      std::size_t original = std::uniform_int_distribution<std::size_t>(0, i - 100)(rng);
      if (r < 0.01) {
        texts.push_back(texts[original]);
        planted.push_back({"exact", original, i});
      } else if (r < 0.02) {
        std::string t = texts[original];
        for (char& c : t) {
          c = c == ' ' ? '\n' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        texts.push_back(t + " .");
        planted.push_back({"same-text", original, i});
      } else {
        texts.push_back(edit(texts[original], 0.15, rng, pool));
        planted.push_back({"near", original, i});
      }
    } else {
      std::string t;
      for (int w = length(rng); w > 0; --w) {
        t += pool[pick(rng)] + (w % 15 == 0 ? ".\n" : " ");
      }
      texts.push_back(std::move(t));
    }
    words += static_cast<std::uint64_t>(std::count(texts.back().begin(), texts.back().end(), ' ')) + 1;
  }

  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> item_apprentice(item_count), item_path(item_count);
  {
    indexer::Store store(dir, indexer::Store::Mode::write);
    auto& db = store.db();
    indexer::Transaction t(db);
    std::string now = indexer::utc_now_iso();
    auto per = (item_count + apprentices - 1) / apprentices;
    for (std::size_t a = 0; a < apprentices; ++a) {
      char id[32];
      std::snprintf(id, sizeof id, "A%04zu", a);
      db.prepare("INSERT INTO apprentices(id, created_at, updated_at) VALUES(?, ?, ?)")
          .bind(1, id)
          .bind(2, now)
          .bind(3, now)
          .run();
      db.prepare(
            "INSERT INTO bundles(apprentice, name, source, sha256, bytes, ingested_at, item_count, error_count, "
            "seconds) VALUES(?, 'bench', 'bench', ?, 0, ?, ?, 0, 0)")
          .bind(1, id)
          .bind(2, std::string(id))
          .bind(3, now)
          .bind(4, static_cast<std::int64_t>(per))
          .run();
      std::int64_t bundle = db.last_insert_id();
      indexer::Stmt item = db.prepare(
          "INSERT INTO items(bundle, path, mime, type, name_mime, mismatch, bytes, sha256, words, "
          "pages, meta, warnings) VALUES(?, ?, 'text/plain', 'text', 'text/plain', 0, ?, ?, ?, 1, "
          "'{}', '[]')");
      indexer::Stmt text = db.prepare("INSERT INTO item_text(item, text) VALUES(?, ?)");
      for (std::size_t i = a * per; i < std::min(item_count, (a + 1) * per); ++i) {
        std::string path = "evidence/item-" + std::to_string(i) + ".txt";
        item_apprentice[i] = id;
        item_path[i] = path;
        item.bind(1, bundle).bind(2, path).bind(3, static_cast<std::int64_t>(texts[i].size()));
        auto count = std::count(texts[i].begin(), texts[i].end(), ' ') + 1;
        item.bind(4, sha256_hex(texts[i])).bind(5, static_cast<std::int64_t>(count)).run();
        text.bind(1, db.last_insert_id()).bind(2, texts[i]).run();
      }
    }
    t.commit();
  }
  std::printf("store: %zu items, %zu apprentices, %.1f M words; written in %.1f s\n", item_count, apprentices,
              static_cast<double>(words) / 1e6, since(start));

  indexer::Store store(dir, indexer::Store::Mode::write);
  start = std::chrono::steady_clock::now();
  std::size_t computed = indexer::update_signatures(store);
  double signature_seconds = since(start);
  std::printf("signatures: %zu in %.2f s (%.0f items/s, %.1f M words/s)\n", computed, signature_seconds,
              static_cast<double>(computed) / signature_seconds, static_cast<double>(words) / 1e6 / signature_seconds);

  start = std::chrono::steady_clock::now();
  std::size_t missing = indexer::missing_signatures(store);
  std::printf("missing-signature check: %zu missing, %.3f s\n", missing, since(start));

  start = std::chrono::steady_clock::now();
  auto groups = query::find_duplicates(store, {});
  double whole = since(start);
  std::size_t kinds[3] = {0, 0, 0};
  std::set<std::pair<std::string, std::string>> grouped;  // (kind, "apprentice/path" pair key)
  for (const auto& g : groups) {
    kinds[static_cast<int>(g.kind)]++;
    for (std::size_t i = 0; i < g.items.size(); ++i) {
      for (std::size_t j = 0; j < g.items.size(); ++j) {
        if (i != j) {
          grouped.emplace(query::duplicate_kind_name(g.kind), g.items[i].apprentice + "/" + g.items[i].path + "|" +
                                                                  g.items[j].apprentice + "/" + g.items[j].path);
        }
      }
    }
  }
  std::printf("find_duplicates, whole store: %.2f s; %zu groups (%zu exact, %zu same-text, %zu near)\n", whole,
              groups.size(), kinds[0], kinds[1], kinds[2]);
  std::size_t found[3] = {0, 0, 0}, total[3] = {0, 0, 0};
  for (const auto& p : planted) {
    int k = p.kind == "exact" ? 0 : p.kind == "same-text" ? 1 : 2;
    ++total[k];
    std::string key = item_apprentice[p.original] + "/" + item_path[p.original] + "|" + item_apprentice[p.copy] +
                      "/" + item_path[p.copy];
    found[k] += grouped.count({p.kind, key}) > 0;
  }
  std::printf("planted copies found: exact %zu/%zu, same-text %zu/%zu, near (15 %% edited) %zu/%zu\n", found[0],
              total[0], found[1], total[1], found[2], total[2]);

  start = std::chrono::steady_clock::now();
  auto mine = query::find_duplicates(store, {"A0007", query::k_default_near_threshold});
  std::printf("find_duplicates --apprentice A0007: %.2f s; %zu groups\n", since(start), mine.size());
  start = std::chrono::steady_clock::now();
  std::string text = query::render(groups, query::Format::text, false);
  std::string json = query::render(groups, query::Format::json, false);
  std::printf("rendering: text %.1f KB, json %.1f KB in %.2f s\n", static_cast<double>(text.size()) / 1e3,
              static_cast<double>(json.size()) / 1e3, since(start));
  rusage self{};
  getrusage(RUSAGE_SELF, &self);
  std::printf("peak memory: %.1f MiB\n", static_cast<double>(self.ru_maxrss) / 1024.0);
  std::error_code ec;
  fs::remove_all(dir, ec);
}
