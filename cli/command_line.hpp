/** @file
 * @brief A look at the command line before CLI11 parses it: a misspelt command or option is named
 * with the nearest one that exists (as git does), where CLI11 would say something vaguer ("A
 * subcommand is required") or nothing at all; and the flags that stop before any command runs.
 */
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace evidex::cli {

struct CommandLine {
  bool version = false;       // --version, -V
  bool verbose = false;       // --verbose, -v
  std::string standards;      // --standards, for --version --verbose
  bool has_command = false;   // a subcommand was named
};

/// Throws UsageError "unknown command 'coverag'; did you mean 'coverage'?" or "unknown option
/// '--apprentise'; did you mean '--apprentice'?" for a word the parser would not know. Everything
/// else is left to CLI11.
CommandLine scan_command_line(CLI::App& app, const std::vector<std::string>& args);

/// The candidate nearest to `word` (edit distance, or a unique prefix), or "" when none is close.
std::string nearest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace evidex::cli
