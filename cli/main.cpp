// evidex: argument parsing and exit codes only; the work is in the libraries.
#include "cli/commands.hpp"
#include "indexer/util/errors.hpp"
#include "query/terminal_text.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  using namespace evidex;
  CLI::App app{"evidex: index apprentices' evidence portfolios and EPA showcases"};
  app.require_subcommand(1);
  // People write options where they think of them: `evidex ingest X --store S` as well as
  // `evidex --store S ingest X`. Subcommands inherit this, so the global options reach every one.
  app.fallthrough();
  // A usage error is one line naming the option, like every other error evidex prints.
  app.failure_message([](const CLI::App*, const CLI::Error& e) { return "evidex: " + std::string(e.what()) + "\n"; });
  cli::Globals globals;
  app.add_option("--store", globals.store, "Store directory (default: $EVIDEX_STORE, else ./evidex-store)");
  app.add_option("--standards", globals.standards,
                 "A folder of extra standards files, searched before the shipped ones (also $EVIDEX_STANDARDS)");
  cli::add_ingest_command(app, globals);
  cli::add_item_commands(app, globals);
  cli::add_standards_command(app, globals);
  cli::add_coverage_command(app, globals);
  cli::add_tag_commands(app, globals);
  cli::add_search_command(app, globals);
  cli::add_forget_command(app, globals);
  cli::add_declaration_command(app, globals);
  cli::add_duplicates_command(app, globals);
  cli::add_template_commands(app, globals);
  cli::add_check_command(app, globals);
  cli::add_sample_command(app, globals);
  cli::add_report_command(app, globals);
  cli::add_reindex_command(app, globals);

  try {
    app.parse(argc, argv);
    return globals.exit_code;
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const UsageError& e) {
    std::cerr << "evidex: " << evidex::query::terminal_text(e.what()) << "\n";
    return 2;
  } catch (const InputError& e) {
    std::cerr << "evidex: " << evidex::query::terminal_text(e.what()) << "\n";
    return 3;
  } catch (const Interrupted& e) {
    std::cerr << "\nevidex: " << evidex::query::terminal_text(e.what()) << "\n";
    return 130;
  } catch (const StoreError& e) {
    std::cerr << "evidex: store: " << evidex::query::terminal_text(e.what()) << "\n";
    return 3;
  } catch (const std::exception& e) {
    // Not the user's input: a script can tell this apart from check's "not ready" (1).
    std::cerr << "evidex: internal error: " << evidex::query::terminal_text(e.what()) << "\n";
    return 4;
  }
}
