// evidex: argument parsing and exit codes only; the work is in the libraries.
#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "cli/version.hpp"
#include "indexer/util/errors.hpp"
#include "query/render/terminal_text.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace {

int run(int argc, char** argv) {
  using namespace evidex;
  CLI::App app{"evidex: index apprentices' evidence portfolios and EPA showcases"};
  app.name("evidex");  // not argv[0]: the usage line names the command a person types
  app.require_subcommand(0, 1);
  // People write options where they think of them: `evidex ingest X --store S` as well as
  // `evidex --store S ingest X`. Subcommands inherit this, so the global options reach every one.
  app.fallthrough();
  // A usage error is one line naming the option, like every other error evidex prints.
  app.failure_message([](const CLI::App*, const CLI::Error& e) { return "evidex: " + std::string(e.what()) + "\n"; });
  cli::Globals globals;
  app.add_option("--store", globals.store, "Store directory (default: $EVIDEX_STORE, else ./evidex-store)");
  app.add_option("--standards", globals.standards,
                 "A folder of extra standards files, searched before the shipped ones (also $EVIDEX_STANDARDS)");
  app.add_option("--color", globals.colour,
                 "Colour text output: auto (on a terminal, unless $NO_COLOR is set), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  // Handled by scan_command_line before parsing; declared here for --help and the option checks.
  bool version = false;
  bool verbose = false;
  app.add_flag("--version,-V", version, "Print evidex's version and exit");
  app.add_flag("--verbose,-v", verbose, "With --version: also the store schema, the libraries and the standards folders");
  cli::add_ingest_command(app, globals);
  cli::add_apprentices_command(app, globals);
  cli::add_serve_command(app, globals);
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
  cli::add_user_commands(app, globals);
  cli::add_token_commands(app, globals);
  cli::add_audit_command(app, globals);
  cli::add_help_command(app);

  try {
    const cli::CommandLine line = cli::scan_command_line(app, std::vector<std::string>(argv + 1, argv + argc));
    if (line.version) {
      std::cout << cli::version_text(line.verbose, line.standards);
      return 0;
    }
    app.parse(argc, argv);
    if (app.get_subcommands().empty()) {
      // As git does: the short help, and a status that says nothing was done.
      std::cerr << app.help();
      return 2;
    }
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

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (...) {
    // Something that is not a std::exception, or a failure while reporting one: still exit 4 with
    // a line, never std::terminate's abort (134), which a script would read as a crash.
    std::fputs("evidex: internal error: an unexpected failure\n", stderr);
    return 4;
  }
}
