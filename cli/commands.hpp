/** @file
 * @brief The subcommands. Each add_*_command registers options and a callback that calls the
 * libraries; exceptions travel to main(), which alone maps them to exit codes.
 */
#pragma once

#include "indexer/store/store.hpp"
#include "mapping/standard/standard.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace evidex::cli {

struct Globals {
  std::string store;      // --store
  std::string standards;  // --standards
  std::string colour = "auto";  // --color: auto, always or never
  int exit_code = 0;  // set by a command that finishes without throwing
};

/// Whether text output to standard output is coloured: --color always or never; with auto (the
/// default) when standard output is a terminal that is not TERM=dumb and NO_COLOR is unset or empty
/// (https://no-color.org). Every command that colours asks this, so that all of them agree.
bool colour_wanted(const Globals& globals);

/// --store, else $EVIDEX_STORE, else ./evidex-store.
std::filesystem::path store_dir(const Globals& globals);

/// The shipped standards, plus those in --standards or $EVIDEX_STANDARDS.
mapping::StandardLibrary load_standards(const Globals& globals);

/// Opens the store for reading. If a bundle in it has not been tagged yet (an ingest stopped
/// between its commits, or a store from before tagging), tags it first when the store can be
/// written at once (open_writer_if_idle); otherwise reads it as it stands.
std::unique_ptr<indexer::Store> open_store_for_query(const Globals& globals, const mapping::StandardLibrary& library);
/// The same for a command that needs no standard itself (search, items): the standards are read
/// only when there is tagging to finish.
std::unique_ptr<indexer::Store> open_store_for_query(const Globals& globals);

/// The store opened for writing when this user may write it and no other writer holds it now;
/// otherwise null, and work a reader would like done waits for the next writer.
std::unique_ptr<indexer::Store> open_writer_if_idle(const Globals& globals);

/// Throws InputError when the store has no such apprentice.
void require_apprentice(indexer::Store& store, const std::string& apprentice);

void add_ingest_command(CLI::App& app, Globals& globals);
void add_item_commands(CLI::App& app, Globals& globals);  // items, text, show
void add_standards_command(CLI::App& app, Globals& globals);  // standards, standards show
void add_coverage_command(CLI::App& app, Globals& globals);
void add_tag_commands(CLI::App& app, Globals& globals);  // tag, untag
void add_search_command(CLI::App& app, Globals& globals);
void add_forget_command(CLI::App& app, Globals& globals);
void add_check_command(CLI::App& app, Globals& globals);
void add_declaration_command(CLI::App& app, Globals& globals);
void add_duplicates_command(CLI::App& app, Globals& globals);
void add_template_commands(CLI::App& app, Globals& globals);  // template add, list, remove
void add_sample_command(CLI::App& app, Globals& globals);
void add_report_command(CLI::App& app, Globals& globals);
void add_reindex_command(CLI::App& app, Globals& globals);
void add_apprentices_command(CLI::App& app, Globals& globals);
void add_serve_command(CLI::App& app, Globals& globals);
void add_user_commands(CLI::App& app, Globals& globals);  // user add, list, disable, enable, passwd, assign, unassign
void add_token_commands(CLI::App& app, Globals& globals);  // token add, list, revoke
void add_audit_command(CLI::App& app, Globals& globals);
/// `evidex help [COMMAND...]`: the same text as `evidex [COMMAND...] --help`.
void add_help_command(CLI::App& app);

}  // namespace evidex::cli
