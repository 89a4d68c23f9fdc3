// Query latency over a large store: builds (or reuses) a store of generated showcases
// (tests/bench/synthetic_store.hpp) and prints median, p90, p99 and max latency of search and
// coverage, what opening the store costs (the CLI opens it on every call), peak memory, and the
// wall time of finding duplicates across the whole store.
// A benchmark, not a test: it prints figures and asserts nothing about speed.
//   evidex_bench_query [ITEMS=50000] [APPRENTICES=500] [QUERIES=200] [--store DIR] [--only PHASE]
// --store DIR: build the store there and keep it, or reuse it if it is already there (then ITEMS
// and APPRENTICES are those of the stored one).
// --only search|coverage|duplicates: run that phase alone (for a profiler, or to iterate on one).
#include "indexer/store/signatures.hpp"
#include "indexer/store/store.hpp"
#include "mapping/tagger/tag_bundle.hpp"
#include "query/coverage/coverage.hpp"
#include "query/iqa/duplicates.hpp"
#include "query/search/search.hpp"
#include "tests/bench/synthetic_store.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>
#include <xapian.h>

using namespace evidex;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double peak_rss_mib(int who = RUSAGE_SELF);

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// Other people's work on a shared machine shows up as wall time this process did not get the CPU
// for: printed with each phase, so that the figures can be read for what they are.
void print_phase_cpu(const char* phase, Clock::time_point wall_start, double cpu_start) {
  double wall = ms_since(wall_start) / 1000;
  double cpu = cpu_seconds() - cpu_start;
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  std::printf("%s: %.1f s wall, %.1f s CPU (%.0f %%); load average now %.1f; peak RSS %.1f MiB\n", phase, wall, cpu,
              wall > 0 ? 100 * cpu / wall : 0.0, load[0], peak_rss_mib());
}

double peak_rss_mib(int who) {
  rusage usage{};
  getrusage(who, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Nearest-rank percentile of sorted samples.
double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) {
    return 0;
  }
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

void print_header(const char* what) {
  std::printf("\n%-44s %5s %8s %8s %8s %8s %8s\n", what, "runs", "hits", "median", "p90", "p99", "max");
}

// One row: latencies in ms; `hits` is the mean of what each run found (search: Xapian's estimate).
void print_row(const std::string& label, std::vector<double> ms, double hits) {
  std::sort(ms.begin(), ms.end());
  std::string hits_text = hits < 0 ? "-" : std::to_string(static_cast<long long>(std::llround(hits)));
  std::printf("%-44s %5zu %8s %8.2f %8.2f %8.2f %8.2f\n", label.c_str(), ms.size(), hits_text.c_str(),
              percentile(ms, 50), percentile(ms, 90), percentile(ms, 99), ms.empty() ? 0.0 : ms.back());
}

std::uint64_t bytes_under(const fs::path& path) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    return fs::file_size(path, ec);
  }
  std::uint64_t total = 0;
  for (fs::recursive_directory_iterator it(path, ec), end; it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) {
      total += it->file_size(ec);
    }
  }
  return total;
}

std::int64_t count_rows(indexer::Store& store, const char* sql) {
  auto s = store.db().prepare(sql);
  s.step();
  return s.integer(0);
}

struct Args {
  std::size_t items = 50000;
  std::size_t apprentices = 500;
  std::size_t queries = 200;
  fs::path store;
  std::string only;  // empty: every phase
};

Args parse_args(int argc, char** argv) {
  Args args;
  std::vector<std::size_t*> positional = {&args.items, &args.apprentices, &args.queries};
  std::size_t next = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--store" && i + 1 < argc) {
      args.store = argv[++i];
    } else if (a == "--only" && i + 1 < argc) {
      args.only = argv[++i];
    } else if (next < positional.size() && !a.empty() && std::isdigit(static_cast<unsigned char>(a[0]))) {
      *positional[next++] = std::strtoull(a.c_str(), nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: %s [ITEMS=50000] [APPRENTICES=500] [QUERIES=200] [--store DIR] [--only PHASE]\n", argv[0]);
      std::exit(2);
    }
  }
  if (args.items == 0 || args.apprentices == 0 || args.queries == 0 || args.apprentices > args.items) {
    std::fprintf(stderr, "%s: ITEMS >= APPRENTICES > 0 and QUERIES > 0, please\n", argv[0]);
    std::exit(2);
  }
  if (!args.only.empty() && args.only != "search" && args.only != "coverage" && args.only != "duplicates") {
    std::fprintf(stderr, "%s: --only search, coverage or duplicates\n", argv[0]);
    std::exit(2);
  }
  return args;
}

// Builds the store in a child process, so that the parent's peak memory is the queries' alone.
bool build_store_in_child(const fs::path& dir, const Args& args) {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("fork");
    return false;
  }
  if (pid == 0) {
    int code = 0;
    try {
      mapping::StandardLibrary library(mapping::standard_dirs());
      auto options = bench::st0072_showcase_options(library);
      options.items = args.items;
      options.apprentices = args.apprentices;
      options.seed = 42;
      auto start = Clock::now();
      // Written items per second, for each tenth: does writing slow down as the index grows?
      double last_write = 0;
      std::size_t last_items = 0;
      auto progress = [&](const bench::SyntheticStoreReport& r) {
        std::printf("  written %zu/%zu apprentices, %zu items; last tenth at %.0f items/s\n", r.apprentices,
                    args.apprentices, r.items,
                    static_cast<double>(r.items - last_items) / (r.write_seconds - last_write));
        std::fflush(stdout);
        last_write = r.write_seconds;
        last_items = r.items;
      };
      auto r = bench::build_synthetic_store(dir, options, fs::path(EVIDEX_FIXTURES) / "tagging" / "labelled", library,
                                            progress);
      double total = ms_since(start) / 1000;
      std::printf("built: %zu apprentices, %zu items, %.1f MB of text (vocabulary of %zu corpus words, "
                  "plus names and case numbers)\n",
                  r.apprentices, r.items, static_cast<double>(r.text_bytes) / 1e6, r.vocabulary);
      std::printf("  items by origin:");
      for (const auto& [origin, n] : r.origins) {
        std::printf(" %s %zu;", origin.c_str(), n);
      }
      std::printf("\n  showcases aimed at:");
      for (const auto& [readiness, n] : r.readiness) {
        std::printf(" %s %zu;", readiness.c_str(), n);
      }
      std::printf("\n  build time %.1f s: generate %.1f s, write (SQLite + Xapian) %.1f s = %.0f items/s, "
                  "tag %.1f s (%zu tags), duplicate signatures %.1f s\n",
                  total, r.generate_seconds, r.write_seconds, static_cast<double>(r.items) / r.write_seconds,
                  r.tag_seconds, r.tags, r.signature_seconds);
      std::printf("  CPU %.1f s of %.1f s wall (%.0f %%); peak RSS while building: %.1f MiB\n", cpu_seconds(), total,
                  100 * cpu_seconds() / total, peak_rss_mib());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "building the store failed: %s\n", e.what());
      code = 1;
    }
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(code);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct QueryKind {
  const char* label;
  std::vector<std::string> queries;
};

const std::vector<QueryKind>& query_mix() {
  static const std::vector<QueryKind> mix = {
      {"one word", {"complaint", "refund", "apologised", "broadband", "manager", "parcel", "empathy", "survey"}},
      {"two words", {"refund policy", "complaint escalated", "team meeting", "customer feedback", "card blocked",
                     "price objection"}},
      {"phrase", {"\"customer service\"", "\"final response\"", "\"development plan\"", "\"data protection\""}},
      {"ksb:12S3 complaint", {"ksb:12S3 complaint", "ksb:13B3 plan", "ksb:14B1 feedback"}},
      {"type:pdf refund", {"type:pdf refund", "type:eml thank", "type:docx complaint"}},
  };
  return mix;
}

void bench_search(indexer::Store& store, const std::vector<indexer::ApprenticeInfo>& apprentices, std::size_t runs,
                  std::mt19937& rng) {
  std::uniform_int_distribution<std::size_t> pick_apprentice(0, apprentices.size() - 1);
  auto run = [&](const std::string& q, const std::string& apprentice, std::size_t& total) {
    query::SearchOptions options;
    options.query = q;
    options.apprentice = apprentice;
    auto start = Clock::now();
    auto result = query::search(store, options);
    double ms = ms_since(start);
    total = result.total;
    return ms;
  };
  // Warm-up: every query once, so that the first row does not pay for cold caches alone.
  for (const auto& kind : query_mix()) {
    for (const auto& q : kind.queries) {
      std::size_t total = 0;
      run(q, "", total);
      run(q, apprentices.front().id, total);
    }
  }
  print_header("search (limit 20, with snippets), ms");
  std::vector<double> all;
  std::vector<double> scope[2];  // whole store, one apprentice
  for (bool one_apprentice : {false, true}) {
    for (const auto& kind : query_mix()) {
      std::vector<double> ms;
      double hits = 0;
      std::uniform_int_distribution<std::size_t> pick_query(0, kind.queries.size() - 1);
      for (std::size_t i = 0; i < runs; ++i) {
        std::size_t total = 0;
        ms.push_back(run(kind.queries[pick_query(rng)],
                         one_apprentice ? apprentices[pick_apprentice(rng)].id : std::string(), total));
        hits += static_cast<double>(total);
      }
      all.insert(all.end(), ms.begin(), ms.end());
      scope[one_apprentice].insert(scope[one_apprentice].end(), ms.begin(), ms.end());
      print_row(std::string(kind.label) + (one_apprentice ? ", --apprentice" : ", all apprentices"), ms,
                hits / static_cast<double>(runs));
    }
  }
  print_row("all kinds, all apprentices", scope[0], -1);
  print_row("all kinds, --apprentice", scope[1], -1);
  print_row("all searches", all, -1);
}

void bench_coverage(const fs::path& dir, indexer::Store& store, const mapping::StandardLibrary& library,
                    const std::vector<indexer::ApprenticeInfo>& apprentices, std::size_t runs, std::mt19937& rng) {
  std::uniform_int_distribution<std::size_t> pick_apprentice(0, apprentices.size() - 1);
  auto coverage_of = [&](indexer::Store& s, const mapping::StandardLibrary& lib, const std::string& apprentice) {
    const auto& standard = mapping::standard_of(s, lib, apprentice);
    return query::compute_coverage(s, standard, apprentice, "showcase");
  };
  coverage_of(store, library, apprentices.front().id);  // warm-up

  print_header("coverage (showcase), ms");
  std::vector<double> ms;
  std::map<std::string, double> verdicts;
  for (std::size_t i = 0; i < runs; ++i) {
    const auto& apprentice = apprentices[pick_apprentice(rng)].id;
    auto start = Clock::now();
    auto coverage = coverage_of(store, library, apprentice);
    ms.push_back(ms_since(start));
    ++verdicts[query::verdict_name(coverage.verdict)];
  }
  print_row("coverage, store already open", ms, -1);

  // What the CLI does on every call before computing: load the standards, open the store for
  // reading and check that nothing waits to be tagged.
  std::vector<double> load_ms, open_ms, cli_ms;
  for (std::size_t i = 0; i < runs; ++i) {
    const auto& apprentice = apprentices[pick_apprentice(rng)].id;
    auto start = Clock::now();
    mapping::StandardLibrary lib(mapping::standard_dirs());
    load_ms.push_back(ms_since(start));
    auto opened = Clock::now();
    indexer::Store s(dir, indexer::Store::Mode::read);
    bool pending = !s.tagging_pending().empty();
    open_ms.push_back(ms_since(opened));
    if (pending) {
      std::printf("(the store has untagged bundles: the CLI would tag them first)\n");
    }
    coverage_of(s, lib, apprentice);
    cli_ms.push_back(ms_since(start));
  }
  print_row("load standards", load_ms, -1);
  print_row("open store (read) + pending check", open_ms, -1);
  print_row("load + open + coverage (as one CLI call)", cli_ms, -1);
  std::printf("verdicts over the runs:");
  for (const auto& [verdict, n] : verdicts) {
    std::printf(" %s %.0f;", verdict.c_str(), n);
  }
  std::printf("\n");
}

void bench_duplicates(indexer::Store& store, const std::vector<indexer::ApprenticeInfo>& apprentices,
                      std::mt19937& rng) {
  // Each call compares the whole store, so a few runs say enough.
  constexpr std::size_t k_runs = 5;
  auto start = Clock::now();
  auto groups = query::find_duplicates(store, {});
  std::vector<double> ms = {ms_since(start)};
  print_header("duplicates, ms (hits: groups)");
  print_row("find_duplicates(store, {}), first run", ms, static_cast<double>(groups.size()));
  ms.clear();
  for (std::size_t i = 0; i < k_runs; ++i) {
    start = Clock::now();
    groups = query::find_duplicates(store, {});
    ms.push_back(ms_since(start));
  }
  print_row("find_duplicates(store, {})", ms, static_cast<double>(groups.size()));
  std::uniform_int_distribution<std::size_t> pick_apprentice(0, apprentices.size() - 1);
  std::vector<double> one;
  double found = 0;
  for (std::size_t i = 0; i < k_runs; ++i) {
    query::DuplicateOptions options;
    options.apprentice = apprentices[pick_apprentice(rng)].id;
    start = Clock::now();
    found += static_cast<double>(query::find_duplicates(store, options).size());
    one.push_back(ms_since(start));
  }
  print_row("find_duplicates, one apprentice's groups", one, found / k_runs);

  struct Count {
    std::size_t groups = 0, items = 0, cross = 0;
  };
  std::map<std::string, Count> by_kind;
  for (const auto& g : groups) {
    auto& c = by_kind[query::duplicate_kind_name(g.kind)];
    ++c.groups;
    c.items += g.items.size();
    c.cross += g.cross_apprentice;
  }
  std::printf("groups found:");
  for (const char* kind : {"exact", "same-text", "near"}) {
    const auto& c = by_kind[kind];
    std::printf(" %s %zu (%zu items, %zu across apprentices);", kind, c.groups, c.items, c.cross);
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  Args args = parse_args(argc, argv);
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  std::printf("machine: %ld cores online (hardware_concurrency %u); load average %.1f %.1f %.1f\n",
              sysconf(_SC_NPROCESSORS_ONLN), std::thread::hardware_concurrency(), load[0], load[1], load[2]);
  bool keep = !args.store.empty();
  fs::path dir = keep ? args.store : fs::temp_directory_path() / ("evidex-bench-query-" + std::to_string(::getpid()));
  std::error_code ec;
  if (fs::exists(dir / "evidex.sqlite", ec)) {
    std::printf("store: reusing %s (ITEMS and APPRENTICES are the stored ones)\n", dir.c_str());
  } else {
    std::printf("store: building %s: %zu items for %zu apprentices\n", dir.c_str(), args.items, args.apprentices);
    if (!build_store_in_child(dir, args)) {
      return 1;
    }
  }

  std::size_t missing = 0;
  {
    indexer::Store reader(dir, indexer::Store::Mode::read);
    missing = indexer::missing_signatures(reader);
  }
  if (missing > 0) {
    // A store built before signatures existed: compute them once, as 'evidex duplicates' would.
    auto start = Clock::now();
    indexer::Store writer(dir, indexer::Store::Mode::write);
    indexer::update_signatures(writer);
    std::printf("store: %zu duplicate signatures were missing; computed in %.1f s\n", missing, ms_since(start) / 1000);
  }
  mapping::StandardLibrary library(mapping::standard_dirs());
  indexer::Store store(dir, indexer::Store::Mode::read);
  if (!store.tagging_pending().empty()) {
    std::fprintf(stderr, "%s: some bundles are not tagged; rebuild the store\n", dir.c_str());
    return 1;
  }
  auto apprentices = store.apprentices();
  std::printf("store: %zu apprentices, %lld items, %lld tags; on disk %.1f MB (SQLite %.1f MB, Xapian %.1f MB, "
              "blobs %.1f MB: originals are not written)\n",
              apprentices.size(), static_cast<long long>(count_rows(store, "SELECT COUNT(*) FROM items")),
              static_cast<long long>(count_rows(store, "SELECT COUNT(*) FROM tags")), bytes_under(dir) / 1e6,
              (bytes_under(dir / "evidex.sqlite") + bytes_under(dir / "evidex.sqlite-wal")) / 1e6,
              bytes_under(store.xapian_dir()) / 1e6, bytes_under(dir / "blobs") / 1e6);
  if (args.only.empty()) {
    // How much of the index is free space left by one commit per bundle: a compacted copy.
    fs::path compacted = fs::temp_directory_path() / ("evidex-bench-compact-" + std::to_string(::getpid()));
    auto start = Clock::now();
    Xapian::Database(store.xapian_dir().string()).compact(compacted.string(), Xapian::DBCOMPACT_NO_RENUMBER);
    std::printf("       the Xapian index compacts to %.1f MB (%.1f s)\n", bytes_under(compacted) / 1e6,
                ms_since(start) / 1000);
    fs::remove_all(compacted, ec);
  }
  if (apprentices.empty()) {
    std::fprintf(stderr, "%s: no apprentices\n", dir.c_str());
    return 1;
  }

  std::mt19937 rng(42);  // fixed: runs on the same store are comparable
  auto wall = Clock::now();
  double cpu = cpu_seconds();
  auto wanted = [&](const char* phase) { return args.only.empty() || args.only == phase; };
  if (wanted("search")) {
    bench_search(store, apprentices, args.queries, rng);
    print_phase_cpu("search phase", wall, cpu);
  }
  if (wanted("coverage")) {
    wall = Clock::now();
    cpu = cpu_seconds();
    bench_coverage(dir, store, library, apprentices, args.queries, rng);
    print_phase_cpu("coverage phase", wall, cpu);
  }
  if (wanted("duplicates")) {
    wall = Clock::now();
    cpu = cpu_seconds();
    bench_duplicates(store, apprentices, rng);
    print_phase_cpu("duplicates phase", wall, cpu);
  }

  if (!keep) {
    fs::remove_all(dir, ec);
  }
  return 0;
}
