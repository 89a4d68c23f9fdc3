/** @file
 * @brief The subcommands. Each add_*_command registers options and a callback that calls the
 * libraries; exceptions travel to main(), which alone maps them to exit codes.
 */
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>

namespace evidex::cli {

struct Globals {
  std::string store;  // --store
  int exit_code = 0;  // set by a command that finishes without throwing
};

/// --store, else $EVIDEX_STORE, else ./evidex-store.
std::filesystem::path store_dir(const Globals& globals);

void add_ingest_command(CLI::App& app, Globals& globals);
void add_item_commands(CLI::App& app, Globals& globals);  // items, text, show

}  // namespace evidex::cli
