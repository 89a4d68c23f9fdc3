/** @file
 * @brief Runs the real evidex binary, as a user or a script would, and captures what it says.
 */
#pragma once

#include <filesystem>
#include <string>
#include <vector>
#include <sys/types.h>

namespace evidex::test {

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs `evidex --store STORE ARGS...` to completion.
Run run_evidex(const std::filesystem::path& store, const std::vector<std::string>& args);

/// Runs `evidex ARGS...` with no `--store` of its own, for options placed after the subcommand.
Run run_evidex_args(const std::vector<std::string>& args);

/// Starts it without waiting; stdout/stderr go to /dev/null. For kill tests.
pid_t start_evidex(const std::filesystem::path& store, const std::vector<std::string>& args);

}  // namespace evidex::test
