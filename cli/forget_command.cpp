#include "cli/commands.hpp"
#include "indexer/util/errors.hpp"
#include "query/access/accounts.hpp"
#include "query/access/accounts_file.hpp"
#include "query/access/command_line_actor.hpp"

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
      "forget", "Erase an apprentice: items, text, tags, decisions, stored originals, index entries and their accounts");
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
    // The web application's accounts too (accounts.sqlite): after the evidence, so that a forget
    // stopped between the two is finished by the next one, which finds the evidence gone.
    query::access::AccountsErasure accounts_done;
    if (std::filesystem::exists(store.dir() / query::access::k_accounts_file_name)) {
      query::access::Accounts accounts(store.dir());
      accounts_done = accounts.forget_apprentice(args->apprentice);
      if (done || accounts_done.any()) {
        accounts.audit(query::access::command_line_actor(), "apprentice.forget", "", "",
                       "an apprentice erased: " + std::to_string(accounts_done.accounts) + " accounts",
                       query::access::k_command_line_remote);
      }
    }
    if (!done && accounts_done.any()) {
      std::cout << "Apprentice " << args->apprentice << " had no evidence in the store; erased from the accounts: "
                << accounts_done.accounts << " accounts, " << accounts_done.assignments << " assignments, "
                << accounts_done.audit_entries << " audit entries no longer name them\n";
      return;
    }
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
    if (accounts_done.any()) {
      std::cout << "Erased from the accounts: " << accounts_done.accounts << " accounts, " << accounts_done.assignments
                << " assignments, " << accounts_done.audit_entries << " audit entries no longer name them\n";
    }
  });
}

}  // namespace evidex::cli
