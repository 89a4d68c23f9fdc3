// The peer benchmark: evidex against the indexers a user would pick instead, Xapian's omindex and
// Recoll's recollindex, on the same generated files, one tool right after the other (issue 10).
// For each corpus (text/HTML in folders, a zip of them, many small files in one zip, PDFs from
// fixtures/) and each round, every tool indexes into a fresh directory, the order rotating per
// round; CPU (children included), wall, peak RSS and the size of what it wrote are measured with
// fork/exec and wait4(). Then whole CLI calls of `evidex search` are timed against `quest` on
// omindex's database of the same files, and `evidex coverage` and `check`. --big also builds a
// store of many apprentices' bundles through the CLI and times search on it.
// A benchmark, not a test: it prints one Markdown table (medians over rounds) and asserts nothing
// about speed; it warns when a tool fails or indexes fewer documents than it was given.
#include "fixtures/gen/bundle_generator.hpp"
#include "fixtures/gen/text_model.hpp"
#include "tests/bench/peer_command.hpp"
#include "tests/bench/peer_corpora.hpp"
#include "tests/bench/peer_table.hpp"

#include <nlohmann/json.hpp>
#include <sys/utsname.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace evidex;
using namespace evidex::bench;
namespace fs = std::filesystem;

namespace {

const char* const k_usage =
    "usage: evidex_bench_peers [--files N=2000] [--rounds R=3] [--queries Q=200] [--only text,zip,small-zip,pdf]\n"
    "                          [--keep DIR] [--evidex PATH] [--seed S=42]\n"
    "                          [--big [--apprentices A=500] [--items I=200]]\n";

struct Options {
  std::uint64_t files = 2000;
  int rounds = 3;
  int queries = 200;
  std::set<std::string> only;  // empty: every corpus
  fs::path keep;
  fs::path evidex = EVIDEX_BINARY;
  std::uint32_t seed = 42;
  bool big = false;
  std::uint64_t apprentices = 500;
  std::uint64_t items = 200;
};

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        throw std::invalid_argument(a + " needs a value");
      }
      return argv[++i];
    };
    auto number = [&]() -> std::uint64_t {
      std::string v = value();
      std::size_t used = 0;
      unsigned long long n = std::stoull(v, &used);
      if (used != v.size() || n == 0) {
        throw std::invalid_argument(a + " " + v + ": not a positive whole number");
      }
      return n;
    };
    if (a == "--files") {
      o.files = number();
    } else if (a == "--rounds") {
      o.rounds = static_cast<int>(number());
    } else if (a == "--queries") {
      o.queries = static_cast<int>(number());
    } else if (a == "--only") {
      std::stringstream list(value());
      for (std::string name; std::getline(list, name, ',');) {
        if (name != "text" && name != "zip" && name != "small-zip" && name != "pdf") {
          throw std::invalid_argument("--only " + name + ": not a corpus (text, zip, small-zip, pdf)");
        }
        o.only.insert(name);
      }
    } else if (a == "--keep") {
      o.keep = value();
    } else if (a == "--evidex") {
      o.evidex = fs::absolute(value());
    } else if (a == "--seed") {
      o.seed = static_cast<std::uint32_t>(number());
    } else if (a == "--big") {
      o.big = true;
    } else if (a == "--apprentices") {
      o.apprentices = number();
    } else if (a == "--items") {
      o.items = number();
    } else {
      throw std::invalid_argument(a + ": unknown option");
    }
  }
  return o;
}

double median(std::vector<double> v) {
  if (v.empty()) {
    return 0;
  }
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Nearest rank.
double percentile(std::vector<double> v, double p) {
  if (v.empty()) {
    return 0;
  }
  std::sort(v.begin(), v.end());
  std::size_t rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

void warn(const std::string& message) {
  std::printf("WARNING: %s\n", message.c_str());
  std::fflush(stdout);
}

// ---- the tools -------------------------------------------------------------------------------

enum class Tool { evidex, omindex, recoll };
constexpr std::array<Tool, 3> k_tools = {Tool::evidex, Tool::omindex, Tool::recoll};

const char* tool_name(Tool t) {
  switch (t) {
    case Tool::evidex: return "evidex";
    case Tool::omindex: return "omindex";
    case Tool::recoll: return "recoll";
  }
  return "?";
}

struct Run {
  Measured measured;
  std::uint64_t store_bytes = 0;
  std::uint64_t documents = 0;
};

/// Documents in the Xapian database `db`, less those that hold any of the terms `not_counted`.
std::uint64_t xapian_documents(const fs::path& db, const std::vector<std::string>& not_counted = {}) {
  try {
    Xapian::Database x(db.string());
    std::uint64_t n = x.get_doccount();
    for (const auto& term : not_counted) {
      n -= std::min<std::uint64_t>(n, x.get_termfreq(term));
    }
    return n;
  } catch (const Xapian::Error& e) {
    warn(db.string() + ": " + e.get_description());
    return 0;
  }
}

std::uint64_t evidex_items(const Options& o, const fs::path& store, const std::string& apprentice) {
  Measured m = run_measured({o.evidex.string(), "items", "--apprentice", apprentice, "--format", "json", "--store",
                             store.string()},
                            true);
  auto items = nlohmann::json::parse(m.output, nullptr, false);
  if (m.exit_code != 0 || !items.is_array()) {
    warn("evidex items --apprentice " + apprentice + " --store " + store.string() + ": exit " +
         std::to_string(m.exit_code) + ", no JSON list");
    return 0;
  }
  return items.size();
}

// Indexes `corpus` with `tool` into the fresh directory `out`; stderr goes to `log`.
Run run_tool(const Options& o, Tool tool, const Corpus& corpus, const fs::path& out, const fs::path& log) {
  Run r;
  std::vector<std::string> argv;
  fs::path db = out;
  switch (tool) {
    case Tool::evidex:
      argv = {o.evidex.string(), "ingest", corpus.input.string(), "--apprentice", "BENCH", "--quiet", "--store",
              out.string()};
      break;
    case Tool::omindex:
      argv = {"omindex", "--db", out.string(), "--url", "/", corpus.peer_dir.string()};
      break;
    case Tool::recoll: {
      // A fresh configuration, its index inside it; idxniceprio = 0 or recollindex lowers its own
      // priority and would lose the machine to whatever else runs.
      fs::create_directories(out);
      db = out / "xapiandb";
      std::ofstream conf(out / "recoll.conf");
      conf << "topdirs = " << corpus.peer_dir.string() << "\nidxniceprio = 0\ndbdir = " << db.string() << "\n";
      argv = {"recollindex", "-c", out.string(), "-z"};
      break;
    }
  }
  r.measured = run_measured(argv, false, log);
  r.store_bytes = tree_bytes(out);
  if (r.measured.exit_code != 0) {
    warn(std::string(tool_name(tool)) + " on " + corpus.name + ": exit " + std::to_string(r.measured.exit_code) +
         " (" + command_line(argv) + "; see " + log.string() + ")");
  }
  switch (tool) {
    case Tool::evidex: r.documents = evidex_items(o, out, "BENCH"); break;
    case Tool::omindex: r.documents = xapian_documents(db); break;
    // recoll also makes a document of each folder and of the zip itself (its type is a T term).
    case Tool::recoll: r.documents = xapian_documents(db, {"Tinode/directory", "Tapplication/zip"}); break;
  }
  // More is fine: a PDF's attachment is an item of its own in evidex and a document in recoll.
  if (r.documents < corpus.files) {
    warn(std::string(tool_name(tool)) + " on " + corpus.name + " indexed " + std::to_string(r.documents) +
         " documents of " + std::to_string(corpus.files) + " files");
  }
  return r;
}

// pdftotext alone over each PDF, summed: what any indexer must at least spend on the text.
Run run_pdftotext(const Corpus& corpus, const fs::path& out) {
  Run r;
  fs::create_directories(out);
  std::uint64_t n = 0;
  for (const auto& entry : fs::recursive_directory_iterator(corpus.input)) {
    if (!entry.is_regular_file()) {
      continue;
    }
    fs::path txt = out / (std::to_string(n++) + ".txt");
    Measured m = run_measured({"pdftotext", entry.path().string(), txt.string()});
    if (m.exit_code != 0) {
      warn("pdftotext " + entry.path().string() + ": exit " + std::to_string(m.exit_code));
    }
    r.measured.cpu_seconds += m.cpu_seconds;
    r.measured.wall_seconds += m.wall_seconds;
    r.measured.peak_rss_mb = std::max(r.measured.peak_rss_mb, m.peak_rss_mb);
    r.documents += m.exit_code == 0;
  }
  r.store_bytes = tree_bytes(out);
  return r;
}

// ---- ingest rounds ---------------------------------------------------------------------------

struct CorpusResult {
  Corpus corpus;
  std::map<Tool, std::vector<Run>> runs;
  std::vector<Run> pdftotext;
  std::map<Tool, fs::path> last_out;  // the last round's output of each tool (kept for search)
};

bool skips(Tool tool, const Corpus& corpus) {
  return tool == Tool::omindex && corpus.zipped;  // omindex does not look inside archives
}

CorpusResult measure_corpus(const Options& o, const Corpus& corpus, const fs::path& work) {
  CorpusResult result{corpus, {}, {}, {}};
  fs::path log = work / "logs" / (corpus.name + ".log");
  fs::create_directories(log.parent_path());
  for (int round = 0; round < o.rounds; ++round) {
    for (std::size_t k = 0; k < k_tools.size(); ++k) {
      Tool tool = k_tools[(k + static_cast<std::size_t>(round)) % k_tools.size()];
      if (skips(tool, corpus)) {
        continue;
      }
      fs::path out = work / "out" / (corpus.name + "-" + tool_name(tool) + "-" + std::to_string(round));
      Run r = run_tool(o, tool, corpus, out, log);
      std::printf("  %-9s round %d %-7s CPU %7.2f s  wall %7.2f s  peak %6.1f MB  store %7.1f MB  %llu docs\n",
                  corpus.name.c_str(), round + 1, tool_name(tool), r.measured.cpu_seconds, r.measured.wall_seconds,
                  r.measured.peak_rss_mb, static_cast<double>(r.store_bytes) / 1e6,
                  static_cast<unsigned long long>(r.documents));
      std::fflush(stdout);
      result.runs[tool].push_back(r);
      if (auto previous = result.last_out.find(tool); previous != result.last_out.end()) {
        fs::remove_all(previous->second);  // only the last round's output is kept, for search
      }
      result.last_out[tool] = out;
    }
    if (corpus.name == "pdf") {
      fs::path out = work / "out" / ("pdftotext-" + std::to_string(round));
      Run r = run_pdftotext(corpus, out);
      std::printf("  %-9s round %d pdftotext CPU %5.2f s  wall %7.2f s\n", corpus.name.c_str(), round + 1,
                  r.measured.cpu_seconds, r.measured.wall_seconds);
      result.pdftotext.push_back(r);
      fs::remove_all(out);
    }
  }
  return result;
}

std::optional<double> median_of(const CorpusResult& c, Tool tool, double (*get)(const Run&, const Corpus&)) {
  auto it = c.runs.find(tool);
  if (it == c.runs.end() || it->second.empty()) {
    return std::nullopt;
  }
  std::vector<double> v;
  for (const auto& r : it->second) {
    v.push_back(get(r, c.corpus));
  }
  return median(v);
}

double cpu_of(const Run& r, const Corpus&) { return r.measured.cpu_seconds; }
double wall_of(const Run& r, const Corpus&) { return r.measured.wall_seconds; }
double rss_of(const Run& r, const Corpus&) { return r.measured.peak_rss_mb; }
double files_per_second(const Run& r, const Corpus& c) {
  return static_cast<double>(c.files) / std::max(r.measured.wall_seconds, 1e-9);
}
double store_ratio(const Run& r, const Corpus& c) {
  return static_cast<double>(r.store_bytes) / static_cast<double>(std::max<std::uint64_t>(c.input_bytes, 1));
}

// ---- search, coverage, check -----------------------------------------------------------------

struct Latencies {
  std::vector<double> ms;
  int with_hits = 0;
};

/// Two-word AND queries of mid-frequency words of `db` (plain lower-case words in 2 % to 20 % of
/// the documents, widened when there are too few), deterministic for a seed.
std::vector<std::string> draw_queries(const fs::path& db, int count, std::uint32_t seed) {
  Xapian::Database x(db.string());
  double n = x.get_doccount();
  std::vector<std::pair<std::string, double>> words;
  for (auto t = x.allterms_begin(); t != x.allterms_end(); ++t) {
    std::string term = *t;
    if (term.size() >= 4 && std::all_of(term.begin(), term.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
      words.emplace_back(term, t.get_termfreq() / n);
    }
  }
  std::vector<std::string> mid;
  for (auto [lo, hi] : {std::pair{0.02, 0.2}, std::pair{0.002, 0.5}, std::pair{0.0, 1.0}}) {
    mid.clear();
    for (const auto& [word, share] : words) {
      if (share >= lo && share <= hi) {
        mid.push_back(word);
      }
    }
    if (mid.size() >= 20) {
      break;
    }
  }
  if (mid.size() < 2) {
    throw std::runtime_error(db.string() + ": too few words to draw queries from");
  }
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> pick(0, mid.size() - 1);
  std::vector<std::string> queries;
  while (static_cast<int>(queries.size()) < count) {
    std::size_t a = pick(rng);
    std::size_t b = pick(rng);
    if (a != b) {
      queries.push_back(mid[a] + " AND " + mid[b]);
    }
  }
  return queries;
}

bool evidex_found(const std::string& output) {
  auto j = nlohmann::json::parse(output, nullptr, false);
  return j.is_object() && j.contains("hits") && j["hits"].is_array() && !j["hits"].empty();
}

bool quest_found(const std::string& output) {
  // quest lists each hit as "<docid>: [<weight>]" after "MSet:".
  std::size_t list = output.find("MSet:\n");
  return list != std::string::npos && list + 6 < output.size() && std::isdigit(static_cast<unsigned char>(output[list + 6]));
}

struct SearchTimes {
  Latencies evidex;
  Latencies quest;
  Latencies coverage;
  Latencies check;
  int queries = 0;
};

void time_call(Latencies& l, const std::vector<std::string>& argv, bool (*found)(const std::string&),
               std::initializer_list<int> ok_exits = {0}) {
  Measured m = run_measured(argv, true);
  if (std::find(ok_exits.begin(), ok_exits.end(), m.exit_code) == ok_exits.end()) {
    warn(command_line(argv) + ": exit " + std::to_string(m.exit_code));
  }
  l.ms.push_back(m.wall_seconds * 1000);
  l.with_hits += found && found(m.output);
}

/// `quest_db`: the database `quest` searches (omindex's of the same files, or evidex's own).
SearchTimes time_queries(const Options& o, const fs::path& store, const fs::path& quest_db, const fs::path& vocabulary,
                         const std::string& apprentice) {
  SearchTimes t;
  std::vector<std::string> queries = draw_queries(vocabulary, o.queries, o.seed);
  t.queries = static_cast<int>(queries.size());
  auto evidex_search = [&](const std::string& q) {
    return std::vector<std::string>{o.evidex.string(), "search", q, "--store", store.string(), "--format", "json"};
  };
  auto quest = [&](const std::string& q) {
    // 20 hits, as many as evidex shows by default.
    return std::vector<std::string>{"quest", "-d", quest_db.string(), "-m", "20", q};
  };
  Latencies warm;
  for (std::size_t i = 0; i < std::min<std::size_t>(3, queries.size()); ++i) {  // page caches, not first-call costs
    time_call(warm, evidex_search(queries[i]), nullptr);
    time_call(warm, quest(queries[i]), nullptr);
  }
  for (std::size_t i = 0; i < queries.size(); ++i) {
    // Alternate which goes first, so neither always finds the other's pages in the cache.
    if (i % 2 == 0) {
      time_call(t.evidex, evidex_search(queries[i]), evidex_found);
      time_call(t.quest, quest(queries[i]), quest_found);
    } else {
      time_call(t.quest, quest(queries[i]), quest_found);
      time_call(t.evidex, evidex_search(queries[i]), evidex_found);
    }
  }
  for (int i = 0; i < 20; ++i) {
    time_call(t.coverage,
              {o.evidex.string(), "coverage", "--apprentice", apprentice, "--store", store.string(), "--format", "json"},
              nullptr);
    // check exits 1 when the apprentice is not ready, which generated files never are.
    time_call(t.check,
              {o.evidex.string(), "check", "--apprentice", apprentice, "--store", store.string(), "--format", "json"},
              nullptr, {0, 1});
  }
  std::printf("  search: %d queries; with hits: evidex %d, quest %d\n", t.queries, t.evidex.with_hits,
              t.quest.with_hits);
  if (t.evidex.with_hits == 0 || t.quest.with_hits == 0) {
    warn("a search tool found nothing for every query");
  }
  return t;
}

void add_search_rows(PeerTable& table, const std::string& label, const SearchTimes& t) {
  double e50 = percentile(t.evidex.ms, 50);
  double e99 = percentile(t.evidex.ms, 99);
  double q50 = percentile(t.quest.ms, 50);
  double q99 = percentile(t.quest.ms, 99);
  table.add_text(label + ": search, whole CLI call p50 / p99 ms (" + std::to_string(t.queries) +
                     " two-word AND queries; omindex column: `quest -m 20`)",
                 {figure(e50) + " / " + figure(e99), figure(q50) + " / " + figure(q99), "",
                  times(e50 / q50) + " / " + times(e99 / q99)});
  table.add_text(label + ": `coverage` / `check` p50 ms (p99), 20 calls each",
                 {figure(percentile(t.coverage.ms, 50)) + " (" + figure(percentile(t.coverage.ms, 99)) + ") / " +
                      figure(percentile(t.check.ms, 50)) + " (" + figure(percentile(t.check.ms, 99)) + ")",
                  "", "", ""});
}

// ---- the big store ---------------------------------------------------------------------------

struct BigStore {
  std::uint64_t apprentices = 0;
  std::uint64_t items = 0;
  std::uint64_t input_bytes = 0;
  double cpu_seconds = 0;
  double wall_seconds = 0;
  double peak_rss_mb = 0;
  std::uint64_t store_bytes = 0;
  fs::path store;
};

std::string apprentice_id(std::uint64_t n) {
  char id[32];
  std::snprintf(id, sizeof id, "AP%05llu", static_cast<unsigned long long>(n));
  return id;
}

BigStore build_big_store(const Options& o, const fs::path& work) {
  BigStore b;
  b.store = work / "out" / "big-evidex";
  fs::path bundles = work / "big-bundles";
  fs::create_directories(bundles);
  fs::path log = work / "logs" / "big.log";
  for (std::uint64_t a = 0; a < o.apprentices; ++a) {
    std::string id = apprentice_id(a);
    fs::path zip = bundles / (id + ".zip");
    fixtures::GeneratedBundle g =
        fixtures::generate_bundle(zip, o.items, o.seed + static_cast<std::uint32_t>(a), fs::path(EVIDEX_FIXTURES) / "formats");
    b.input_bytes += fs::file_size(zip);
    Measured m = run_measured(
        {o.evidex.string(), "ingest", zip.string(), "--apprentice", id, "--quiet", "--store", b.store.string()}, false,
        log);
    if (m.exit_code != 0) {
      warn(std::string("evidex ingest ") + zip.string() + ": exit " + std::to_string(m.exit_code));
    }
    b.cpu_seconds += m.cpu_seconds;
    b.wall_seconds += m.wall_seconds;
    b.peak_rss_mb = std::max(b.peak_rss_mb, m.peak_rss_mb);
    b.items += g.items;
    ++b.apprentices;
    fs::remove(zip);
    if ((a + 1) % std::max<std::uint64_t>(1, o.apprentices / 10) == 0) {
      std::printf("  big: %llu of %llu bundles, %.0f s wall so far\n", static_cast<unsigned long long>(a + 1),
                  static_cast<unsigned long long>(o.apprentices), b.wall_seconds);
      std::fflush(stdout);
    }
  }
  b.store_bytes = tree_bytes(b.store);
  // Spot checks: the first and the last apprentice have every item of their bundle.
  for (std::uint64_t a : {std::uint64_t{0}, o.apprentices - 1}) {
    std::string id = apprentice_id(a);
    std::uint64_t n = evidex_items(o, b.store, id);
    if (n < o.items) {
      warn(id + " has " + std::to_string(n) + " items of " + std::to_string(o.items));
    }
  }
  return b;
}

// ---- the report ------------------------------------------------------------------------------

std::string package_version(const std::string& package) {
  Measured m = run_measured({"dpkg-query", "-W", "-f", "${Version}", package}, true);
  return m.exit_code == 0 ? m.output : "not installed";
}

void print_machine(const Options& o) {
  utsname u{};
  ::uname(&u);
  std::printf("Machine: %ld cores (nproc), %s %s %s; load average at start: ", ::sysconf(_SC_NPROCESSORS_ONLN),
              u.sysname, u.release, u.machine);
  std::ifstream load("/proc/loadavg");
  std::string loadavg;
  std::getline(load, loadavg);
  std::printf("%s\n", loadavg.c_str());
  std::printf("Peers: omindex %s (xapian-omega), recollindex %s (recollcmd), pdftotext %s (poppler-utils)\n",
              package_version("xapian-omega").c_str(), package_version("recollcmd").c_str(),
              package_version("poppler-utils").c_str());
  std::printf("evidex: %s\n", o.evidex.c_str());
  std::printf("Rounds: %d (median shown), order rotated per round; CPU = user + system of the tool and its children "
              "(wait4); store = sum of file sizes (st_size) of its output directory\n\n",
              o.rounds);
}

void add_ingest_rows(PeerTable& table, const CorpusResult& c, const std::optional<CorpusResult>& text) {
  const Corpus& k = c.corpus;
  std::string skip = "skips zips";
  auto row = [&](const std::string& what, double (*get)(const Run&, const Corpus&), Better better, int decimals) {
    table.add(what, median_of(c, Tool::evidex, get), median_of(c, Tool::omindex, get),
              median_of(c, Tool::recoll, get), better, decimals, skip);
  };
  std::string head = k.name + " (" + figure(static_cast<double>(k.files), 0) + " files";
  if (k.words) {
    head += ", " + figure(static_cast<double>(k.words) / 1e6, 2) + "M words";
  }
  head += ", " + figure(static_cast<double>(k.input_bytes) / 1e6, 1) + " MB)";
  row(head + ": CPU s", cpu_of, Better::lower, 2);
  row(k.name + ": wall s", wall_of, Better::lower, 2);
  row(k.name + ": files/s", files_per_second, Better::higher, 0);
  row(k.name + ": CPU ms per file", [](const Run& r, const Corpus& c) {
    return r.measured.cpu_seconds * 1000 / static_cast<double>(std::max<std::uint64_t>(c.files, 1));
  }, Better::lower, 1);
  row(k.name + ": peak RSS MB", rss_of, Better::lower, 0);
  row(k.name + ": store ÷ input", store_ratio, Better::lower, 2);
  if (k.name == "zip" && text) {
    auto zip_over_folder = [&](Tool t) -> std::string {
      auto zip_wall = median_of(c, t, wall_of);
      auto folder_wall = median_of(*text, t, wall_of);
      auto zip_cpu = median_of(c, t, cpu_of);
      auto folder_cpu = median_of(*text, t, cpu_of);
      if (!zip_wall || !folder_wall || !zip_cpu || !folder_cpu) {
        return "";
      }
      return times(*zip_wall / *folder_wall) + " / " + times(*zip_cpu / *folder_cpu);
    };
    table.add_text("zip: wall / CPU ÷ the same files in a folder",
                   {zip_over_folder(Tool::evidex), skip, zip_over_folder(Tool::recoll), ""});
  }
  if (!c.pdftotext.empty()) {
    std::vector<double> cpu;
    for (const auto& r : c.pdftotext) {
      cpu.push_back(r.measured.cpu_seconds);
    }
    double reference = median(cpu);
    auto cell = [&](Tool t) -> std::string {
      auto v = median_of(c, t, cpu_of);
      return v ? times(*v / reference) : "";
    };
    table.add_text("pdf: CPU ÷ `pdftotext` alone over each file (" + figure(reference, 2) + " s)",
                   {cell(Tool::evidex), cell(Tool::omindex), cell(Tool::recoll), ""});
  }
}

fs::path make_work_dir(const Options& o) {
  if (!o.keep.empty()) {
    if (fs::exists(o.keep) && !fs::is_empty(o.keep)) {
      throw std::invalid_argument("--keep " + o.keep.string() + ": not empty");
    }
    fs::create_directories(o.keep);
    return fs::absolute(o.keep);
  }
  std::string pattern = (fs::temp_directory_path() / "evidex-bench-peers-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) {
    throw std::runtime_error(pattern + ": cannot make a directory");
  }
  return pattern;
}

bool wanted(const Options& o, const std::string& corpus) {
  return o.only.empty() || o.only.count(corpus);
}

int run(const Options& o) {
  if (!fs::exists(o.evidex)) {
    throw std::invalid_argument(o.evidex.string() + ": no evidex binary (build it, or give --evidex PATH)");
  }
  fs::path work = make_work_dir(o);
  std::printf("Work directory: %s%s\n", work.c_str(), o.keep.empty() ? " (removed at the end)" : "");
  print_machine(o);

  fixtures::TextModel model(fixtures::read_corpus(fs::path(EVIDEX_FIXTURES) / "tagging" / "labelled"));
  std::vector<Corpus> corpora;
  if (wanted(o, "text") || wanted(o, "zip")) {
    Corpus text = make_text_corpus(work / "corpus" / "text", model, o.files, o.seed);
    if (wanted(o, "text")) {
      corpora.push_back(text);
    }
    if (wanted(o, "zip")) {
      corpora.push_back(make_zip_corpus("zip", text.input, work / "corpus" / "zip" / "text.zip"));
    }
  }
  if (wanted(o, "small-zip")) {
    corpora.push_back(make_small_zip_corpus(work / "corpus" / "small", model, 500, o.seed + 1));
  }
  if (wanted(o, "pdf")) {
    corpora.push_back(make_pdf_corpus(work / "corpus" / "pdf", EVIDEX_FIXTURES, 200));
  }

  PeerTable table;
  std::optional<CorpusResult> text;
  for (const auto& corpus : corpora) {
    std::printf("%s: %llu files, %.1f MB\n", corpus.name.c_str(), static_cast<unsigned long long>(corpus.files),
                static_cast<double>(corpus.input_bytes) / 1e6);
    std::fflush(stdout);
    CorpusResult result = measure_corpus(o, corpus, work);
    add_ingest_rows(table, result, text);
    if (corpus.name == "text") {
      text = result;
    }
  }
  if (text) {
    std::printf("search on the text stores\n");
    fs::path omindex_db = text->last_out.at(Tool::omindex);
    SearchTimes t = time_queries(o, text->last_out.at(Tool::evidex), omindex_db, omindex_db, "BENCH");
    add_search_rows(table, "text " + figure(static_cast<double>(text->corpus.files), 0) + " items", t);
  }
  if (o.big) {
    std::printf("big store: %llu bundles of %llu items through the CLI\n",
                static_cast<unsigned long long>(o.apprentices), static_cast<unsigned long long>(o.items));
    std::fflush(stdout);
    BigStore b = build_big_store(o, work);
    std::string label = "big " + figure(static_cast<double>(b.items), 0) + " items";
    table.add_text(label + " (" + std::to_string(b.apprentices) + " bundles, tagging included): CPU s / wall s",
                   {figure(b.cpu_seconds, 1) + " / " + figure(b.wall_seconds, 1), "", "", ""});
    table.add_text(label + ": peak RSS MB, store MB (÷ zips)",
                   {figure(b.peak_rss_mb, 0) + ", " + figure(static_cast<double>(b.store_bytes) / 1e6, 0) + " (" +
                        times(static_cast<double>(b.store_bytes) / static_cast<double>(b.input_bytes)) + ")",
                    "", "", ""});
    // quest searches evidex's own index here: the same database, so the difference is the CLI's.
    SearchTimes t = time_queries(o, b.store, b.store / "xapian", b.store / "xapian", "AP00000");
    add_search_rows(table, label + " (quest on evidex's own index)", t);
  }

  std::printf("\n");
  table.print(stdout);
  if (o.keep.empty()) {
    fs::remove_all(work);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse_options(argc, argv));
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "evidex_bench_peers: %s\n%s", e.what(), k_usage);
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "evidex_bench_peers: %s\n", e.what());
    return 1;
  }
}
