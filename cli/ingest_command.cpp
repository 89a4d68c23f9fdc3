#include "cli/commands.hpp"
#include "cli/numeric_options.hpp"
#include "cli/progress_line.hpp"
#include "indexer/pipeline/ingest.hpp"
#include "indexer/store/signatures.hpp"
#include "indexer/util/errors.hpp"
#include "mapping/tagger/tag_bundle.hpp"
#include "query/render/output.hpp"
#include "query/render/terminal_text.hpp"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <iostream>
#include <regex>
#include <sys/resource.h>
#include <unistd.h>

namespace evidex::cli {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) { g_interrupted = true; }

// Each job is a process with up to 2 GiB of address space; past a few hundred the machine, not
// evidex, decides what happens.
constexpr std::uint64_t k_max_jobs = 256;
// A day: longer is a hang, whatever the item.
constexpr std::uint64_t k_max_timeout_seconds = 24 * 60 * 60;

struct IngestArgs {
  std::string path;
  indexer::ApprenticeInfo apprentice;
  bool quiet = false;
  bool replace = false;
  unsigned jobs = 0;
  int timeout = 0;
  std::string format = "text";
  int progress_fd = -1;
  int nice = 0;
};

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: the worker wait returns at once and sees the flag
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Evidence arrives over time: say exactly what an upload did to the portfolio, so that nothing is
// ever replaced without a line saying so.
void print_portfolio_change(const indexer::PortfolioChange& c, bool replace_all) {
  if (replace_all && !c.replaced.empty()) {
    std::size_t items = 0;
    std::string names;
    for (const auto& b : c.replaced) {
      items += b.item_count;
      names += (names.empty() ? "" : ", ") + query::terminal_text(b.name);
    }
    std::cout << "  replaced the whole portfolio (--replace): removed " << plural(c.replaced.size(), "bundle", "bundles")
              << " (" << names << ") with " << plural(items, "item", "items") << "; " << c.added.size()
              << " added, " << c.dropped.size() << " dropped, " << c.kept << " kept\n";
  } else if (!c.replaced.empty()) {
    std::cout << "  new version of '" << query::terminal_text(c.replaced.front().name) << "' (stored "
              << c.replaced.front().ingested_at << "): it replaces the earlier one; " << c.added.size() << " added, "
              << c.dropped.size() << " dropped, " << c.kept << " kept\n";
  }
  for (const auto& path : c.dropped) {
    std::cout << "  dropped: " << query::terminal_text(path) << "\n";
  }
  if (c.bundles > 1) {
    std::cout << "  the portfolio now holds " << plural(c.bundles, "bundle", "bundles") << " with "
              << plural(c.items, "item", "items") << "; coverage spans them all\n";
  }
}

// For scripts: everything the text summary says, with the exact values (no terminal escaping).
nlohmann::json ingest_json(const IngestArgs& args, const indexer::IngestReport& report,
                           const std::vector<mapping::TaggingReport>& tagged, const std::string& index_problem) {
  using nlohmann::json;
  const auto& b = report.bundle;
  json errors = json::array();
  for (const auto& item : report.items) {
    if (!item.error.empty()) {
      errors.push_back({{"path", item.path}, {"message", item.error}});
    }
  }
  json replaced = json::array();
  for (const auto& r : report.change.replaced) {
    replaced.push_back({{"name", r.name}, {"ingested_at", r.ingested_at}, {"items", r.item_count}});
  }
  json out = {{"apprentice", args.apprentice.id},
              {"path", args.path},
              {"bundle",
               {{"name", b.name},
                {"sha256", b.sha256.empty() ? json(nullptr) : json(b.sha256)},
                {"bytes", b.bytes},
                {"seconds", b.seconds},
                {"ingested_at", b.ingested_at}}},
              {"unchanged", report.unchanged},
              {"items", report.unchanged ? b.item_count : report.items.size()},
              {"failed", errors.size()},
              {"errors", std::move(errors)},
              {"warnings", b.warnings},
              {"index_problem", index_problem.empty() ? json(nullptr) : json(index_problem)},
              {"change",
               {{"added", report.change.added},
                {"dropped", report.change.dropped},
                {"kept", report.change.kept},
                {"replaced", std::move(replaced)},
                {"replace_all", args.replace},
                {"bundles", report.change.bundles},
                {"portfolio_items", report.change.items}}},
              {"tags", nullptr},
              {"problems", json::array()}};
  for (const auto& t : tagged) {
    if (t.apprentice != args.apprentice.id) {
      continue;
    }
    out["tags"] = {{"standard", t.standard},
                   {"explicit", t.explicit_tags},
                   {"map", t.map_tags},
                   {"inferred", t.inferred_tags},
                   {"maps", t.maps}};
    for (const auto& [path, message] : t.problems) {
      out["problems"].push_back({{"path", path}, {"message", message}});
    }
  }
  return out;
}

void run_ingest(const IngestArgs& args, Globals& globals) {
  if (args.nice > 0) {
    // Before any worker is forked, so that they are all as kind to the server's pages.
    ::setpriority(PRIO_PROCESS, 0, args.nice);
  }
  static const std::regex id_pattern("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  if (!std::regex_match(args.apprentice.id, id_pattern)) {
    throw UsageError("--apprentice: '" + args.apprentice.id +
                     "' is not an ID (letters, digits, '.', '_', '-'; at most 64)");
  }
  const mapping::StandardLibrary library = load_standards(globals);
  if (!args.apprentice.standard.empty() && !library.find(args.apprentice.standard)) {
    try {
      library.get(args.apprentice.standard);
    } catch (const InputError& e) {  // a wrong argument, not unreadable input
      throw UsageError(std::string("--standard: ") + e.what());
    }
  }
  indexer::Store store(store_dir(globals), indexer::Store::Mode::write);
  indexer::IngestOptions options;
  options.source = args.path;
  options.apprentice = args.apprentice;
  options.placement = args.replace ? indexer::Placement::replace_all : indexer::Placement::add;
  if (options.apprentice.standard.empty()) {
    auto known = store.apprentice(args.apprentice.id);
    if (!known || known->standard.empty()) {
      options.apprentice.standard = mapping::k_default_standard;
    }
  }
  options.jobs = args.jobs;
  if (args.timeout > 0) {
    options.limits.item_timeout = std::chrono::seconds(args.timeout);
  }
  options.interrupted = &g_interrupted;
  ProgressLine progress(!args.quiet && ::isatty(STDERR_FILENO));
  if (args.progress_fd >= 0) {
    progress.also_to_fd(args.progress_fd);
  }
  options.progress = [&progress](std::size_t done, std::size_t known, const std::string& path) {
    progress.extracting(done, known, path);
  };
  install_interrupt_handlers();
  indexer::IngestReport report = indexer::ingest(store, options);

  const auto& b = report.bundle;
  std::vector<mapping::TaggingReport> tagged;
  try {
    progress.phase("tagging");
    tagged = mapping::tag_pending(store, library);
    progress.phase("signatures");
    indexer::update_signatures(store);  // for 'evidex duplicates'; cheap for one bundle
    progress.phase("index");
    store.compact_index_if_grown();
    progress.clear();
  } catch (const StoreError& e) {
    progress.clear();
    // The bundle is committed whatever happens here: say so, or the user would upload it again.
    if (report.unchanged) {
      throw;
    }
    throw StoreError(args.path + ": stored in apprentice " + args.apprentice.id + "'s portfolio (" +
                     std::to_string(report.items.size()) + " items), but tagging it failed: " + e.what() +
                     "; the next evidex command tags it");
  }
  if (args.format == "json") {
    std::cout << query::json_text(ingest_json(args, report, tagged, store.index_problem()));
    return;
  }
  if (report.unchanged) {
    std::cout << query::terminal_text(args.path) << ": unchanged: already in apprentice " << args.apprentice.id
              << "'s portfolio"
              << (b.name == indexer::bundle_name(args.path) ? std::string()
                                                            : " as '" + query::terminal_text(b.name) + "'")
              << " since " << b.ingested_at << " (" << b.item_count << " items); nothing to do\n";
    return;
  }
  std::size_t failed = 0;
  for (const auto& item : report.items) {
    failed += !item.error.empty();
  }
  std::cout << "Ingested " << query::terminal_text(args.path) << " for apprentice " << args.apprentice.id << ": "
            << report.items.size() << " items, " << failed << " could not be extracted (" << query::human_bytes(b.bytes)
            << ", " << std::fixed << std::setprecision(1) << b.seconds << " s)\n";
  for (const auto& item : report.items) {
    if (!item.error.empty()) {
      std::cout << "  error: " << query::terminal_text(item.path) << ": " << query::terminal_text(item.error) << "\n";
    }
  }
  for (const auto& w : b.warnings) {
    std::cout << "  warning: " << query::terminal_text(w) << "\n";
  }
  print_portfolio_change(report.change, args.replace);
  if (!store.index_problem().empty()) {
    // The records are stored and the rest of the store works; search does not find them yet.
    std::cout << "  warning: " << query::terminal_text(store.index_problem()) << "\n";
  }
  for (const auto& t : tagged) {
    if (t.apprentice != args.apprentice.id) {
      continue;
    }
    std::cout << "Tagged against " << t.standard << ": " << t.explicit_tags << " explicit, " << t.map_tags
              << " from the evidence map"
              << (t.maps.size() == 1 ? " (" + query::terminal_text(t.maps.front()) + ")" : "") << ", "
              << t.inferred_tags << " inferred (suggestions only)\n";
    for (const auto& [path, message] : t.problems) {
      std::cout << "  warning: " << query::terminal_text(path) << ": " << query::terminal_text(message) << "\n";
    }
    std::cout << "See 'evidex coverage --apprentice " << args.apprentice.id << "'\n";
  }
}

}  // namespace

void add_ingest_command(CLI::App& app, Globals& globals) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand("ingest", "Unpack, detect, extract and index a bundle (archive or folder)");
  cmd->add_option("PATH", args->path, "The bundle: zip, tar(.gz/.bz2/.xz), 7z, or a folder")->required();
  cmd->add_option("--apprentice", args->apprentice.id, "Apprentice ID")->required();
  cmd->add_option("--name", args->apprentice.name, "The apprentice's full name");
  cmd->add_option("--standard", args->apprentice.standard, "Standard, e.g. ST0072");
  cmd->add_option("--assessor", args->apprentice.assessor, "Assessor ID");
  cmd->add_option("--jobs", args->jobs, "Extraction workers (default: one per core)")
      ->check(whole_number(1, k_max_jobs));
  cmd->add_option("--timeout", args->timeout, "Seconds one item may take (default 30)")
      ->check(whole_number(1, k_max_timeout_seconds));
  cmd->add_flag("--replace", args->replace,
                "Replace the apprentice's whole portfolio with this bundle (default: add it; an upload with the "
                "name of an earlier bundle is its new version)");
  cmd->add_flag("--quiet,-q", args->quiet, "No progress display");
  cmd->add_option("--format", args->format, "text, or json for scripts (what was stored, errors, warnings, tags)")
      ->check(CLI::IsMember({"text", "json"}));
  // For `evidex serve`, which starts the ingest as a child: not for people, so not in --help.
  cmd->add_option("--progress-fd", args->progress_fd, "Write progress as JSON lines to this descriptor")
      ->check(CLI::Range(3, 1023))
      ->group("");
  // evidex serve ingests in the background: the pages people are waiting for go first.
  cmd->add_option("--nice", args->nice, "Lower this ingest's CPU priority by N (1-19)")
      ->check(CLI::Range(1, 19))
      ->group("");
  cmd->callback([args, &globals] { run_ingest(*args, globals); });
}

}  // namespace evidex::cli
