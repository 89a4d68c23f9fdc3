#include "cli/commands.hpp"
#include "query/sample.hpp"
#include "query/sample_candidates.hpp"

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

namespace evidex::cli {

namespace {

// CLI11 reads "-1" into an unsigned option as a huge number, and clamps values past 2^64 - 1:
// both would silently draw another sample than the one asked for.
const CLI::Validator k_whole_number(
    [](std::string& text) -> std::string {
      if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
        return "'" + text + "' is not a whole number (0 or more)";
      }
      errno = 0;
      std::strtoull(text.c_str(), nullptr, 10);
      return errno == ERANGE ? "'" + text + "' is too large" : std::string();
    },
    "N");

}  // namespace

void add_sample_command(CLI::App& app, Globals& globals) {
  struct Args {
    query::SampleOptions options;
    std::string format = "text";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "sample", "IQA sample of apprentices' evidence sets, stratified by assessor, reproducible for the same seed");
  cmd->add_option("--rate", args->options.rate, "Share of each assessor's apprentices, rounded up (default 0.05)");
  cmd->add_option("--seed", args->options.seed,
                  "Seed of the draw (default " + std::to_string(query::k_default_seed) +
                      "); the same seed and store give the same sample")
      ->check(k_whole_number);
  cmd->add_option("--min-per-assessor", args->options.min_per_assessor,
                  "At least this many per assessor, capped at how many they have (default 1)")
      ->check(k_whole_number);
  cmd->add_option("--format", args->format, "text, json or csv");
  cmd->callback([args, &globals] {
    query::Format format = query::parse_format(args->format);
    const auto library = load_standards(globals);
    auto store = open_store_for_query(globals, library);
    auto sample = query::draw_sample(query::collect_candidates(*store, library), args->options);
    std::cout << query::render_sample(sample, format, ::isatty(STDOUT_FILENO));
  });
}

}  // namespace evidex::cli
