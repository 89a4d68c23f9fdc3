#include "cli/commands.hpp"
#include "indexer/util/errors.hpp"

#include <iostream>
#include <unistd.h>

namespace evidex::cli {

void add_forget_command(CLI::App& app, Globals& globals) {
  struct Args {
    std::string apprentice;
    bool yes = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "forget", "Erase an apprentice: items, text, tags, decisions, stored originals and index entries");
  cmd->add_option("--apprentice", args->apprentice, "Apprentice ID")->required();
  cmd->add_flag("--yes,-y", args->yes, "Do not ask for confirmation (needed when not on a terminal)");
  cmd->callback([args, &globals] {
    if (!args->yes) {
      if (!::isatty(STDIN_FILENO)) {
        throw UsageError("forget erases apprentice '" + args->apprentice + "' for good; add --yes to confirm");
      }
      std::cerr << "This erases everything evidex holds about apprentice '" << args->apprentice
                << "' and cannot be undone.\nType the apprentice ID to confirm: " << std::flush;
      std::string typed;
      std::getline(std::cin, typed);
      if (typed != args->apprentice) {
        // Exit 1 is check's "not ready" alone (SPEC): a confirmation that does not match is a usage error.
        throw UsageError("forget: not confirmed; nothing was erased");
      }
    }
    indexer::Store store(store_dir(globals), indexer::Store::Mode::write);
    auto done = store.forget(args->apprentice);
    if (!done) {
      throw InputError("apprentice '" + args->apprentice + "': not in the store " + store.dir().string());
    }
    std::cout << "Erased apprentice " << args->apprentice << ": " << done->items << " items, "
              << done->blobs_removed << " stored originals removed";
    if (done->blobs_kept) {
      std::cout << " (" << done->blobs_kept << " kept: identical files another apprentice uploaded)";
    }
    if (done->strays_removed) {
      std::cout << "; " << done->strays_removed << " unreferenced stored files left by an interrupted ingest removed";
    }
    // Said only because forget checked it: an original it could not remove is an error instead.
    std::cout << (done->index_rebuilt ? "; the damaged index was rebuilt from the records"
                                      : "; the index was compacted")
              << " and no copy remains on disk\n";
  });
}

}  // namespace evidex::cli
