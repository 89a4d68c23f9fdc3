#include "cli/commands.hpp"
#include "indexer/util/errors.hpp"
#include "mapping/tagger/tag_bundle.hpp"

#include <iostream>

namespace evidex::cli {

void add_reindex_command(CLI::App& app, Globals& globals) {
  CLI::App* cmd = app.add_subcommand(
      "reindex", "Rebuild the search index from the store's records (after it was lost or damaged)");
  cmd->callback([&globals] {
    const auto dir = store_dir(globals);
    std::error_code ec;  // a store this user may not enter is named by the Store below
    if (!std::filesystem::exists(dir / "evidex.sqlite", ec) && !ec) {
      throw InputError(dir.string() + ": no evidex store here (run 'evidex ingest' first, or pass --store)");
    }
    indexer::Store store(dir, indexer::Store::Mode::write);
    auto done = store.rebuild_index();
    mapping::tag_pending(store, load_standards(globals));
    std::cout << "Rebuilt the search index: " << done.documents << " items of " << done.apprentices
              << " apprentice" << (done.apprentices == 1 ? "" : "s") << "\n";
  });
}

}  // namespace evidex::cli
