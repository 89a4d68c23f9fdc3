/** @file
 * @brief Runs the evidex binary on a pseudo-terminal, as a person at a terminal would: standard
 * output and standard error both go to it, and what the terminal received comes back.
 */
#pragma once

#include <string>
#include <vector>

namespace evidex::test {

struct TerminalRun {
  int exit_code = -1;
  std::string screen;  // stdout and stderr, interleaved as the terminal got them
};

/// Runs `evidex ARGS...` with "NAME=value" entries of `env` added to (or replacing in) its environment;
/// `typed` is typed at the terminal once it has started (a line ends with "\n").
TerminalRun run_on_terminal(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                            const std::string& typed = {});

}  // namespace evidex::test
