#include "cli/commands.hpp"
#include "cli/numeric_options.hpp"
#include "query/iqa/sample.hpp"
#include "query/iqa/sample_candidates.hpp"

#include <cstdint>
#include <iostream>
#include <limits>
#include <unistd.h>

namespace evidex::cli {

namespace {

// More than any assessor has apprentices: the minimum is capped at that anyway.
constexpr std::uint64_t k_max_min_per_assessor = 1000000;

}  // namespace

void add_sample_command(CLI::App& app, Globals& globals) {
  struct Args {
    query::SampleOptions options;
    std::string format = "text";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "sample", "IQA sample of apprentices' evidence sets, stratified by assessor, reproducible for the same seed");
  cmd->add_option("--rate", args->options.rate, "Share of each assessor's apprentices, rounded up (default 0.05)")
      ->check(share(true));
  cmd->add_option("--seed", args->options.seed,
                  "Seed of the draw (default " + std::to_string(query::k_default_seed) +
                      "); the same seed and store give the same sample")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()));
  cmd->add_option("--min-per-assessor", args->options.min_per_assessor,
                  "At least this many per assessor, capped at how many they have (default 1)")
      ->check(whole_number(0, k_max_min_per_assessor));
  cmd->add_option("--format", args->format, "text, json or csv");
  cmd->callback([args, &globals] {
    query::Format format = query::parse_format(args->format);
    const auto library = load_standards(globals);
    auto store = open_store_for_query(globals, library);
    auto sample = query::draw_sample(query::collect_candidates(*store, library), args->options);
    std::cout << query::render(sample, format, colour_wanted(globals));
  });
}

}  // namespace evidex::cli
