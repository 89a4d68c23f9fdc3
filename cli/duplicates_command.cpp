#include "cli/commands.hpp"
#include "cli/numeric_options.hpp"
#include "indexer/store/signatures.hpp"
#include "indexer/util/errors.hpp"
#include "query/iqa/duplicates.hpp"

#include <iostream>
#include <unistd.h>

namespace evidex::cli {
namespace {

// Signatures are written after every ingest; a store written by an evidex without them, an ingest
// stopped between its commits, or a template change interrupted leaves some missing: computing
// them needs the store open for writing (and its lock), once.
std::unique_ptr<indexer::Store> open_store_with_signatures(const Globals& globals) {
  auto store = std::make_unique<indexer::Store>(store_dir(globals), indexer::Store::Mode::read);
  if (indexer::missing_signatures(*store) == 0) {
    return store;
  }
  store.reset();
  auto writer = open_writer_if_idle(globals);
  if (!writer) {
    return std::make_unique<indexer::Store>(store_dir(globals), indexer::Store::Mode::read);
  }
  indexer::update_signatures(*writer);
  return writer;
}

}  // namespace

void add_duplicates_command(CLI::App& app, Globals& globals) {
  struct Args {
    std::string apprentice;
    double threshold = query::k_default_near_threshold;
    std::string format = "text";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "duplicates",
      "Groups of duplicate evidence: the same file, the same text, near copies (also across apprentices)");
  cmd->add_option("--apprentice", args->apprentice,
                  "Only groups with one of this apprentice's items (default: the whole store)");
  cmd->add_option("--threshold", args->threshold,
                  "Near copies: estimated similarity of four-word sequences, above 0 and at most 1 (default 0.2)")
      ->check(share(false));
  cmd->add_option("--format", args->format, "text, json or csv");
  cmd->callback([args, &globals] {
    query::Format format = query::parse_format(args->format);
    auto store = open_store_with_signatures(globals);
    if (!args->apprentice.empty()) {
      require_apprentice(*store, args->apprentice);
    }
    auto groups = query::find_duplicates(*store, {args->apprentice, args->threshold});
    std::cout << query::render(groups, format, colour_wanted(globals));
  });
}

}  // namespace evidex::cli
