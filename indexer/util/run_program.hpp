/** @file
 * @brief Runs an external program without a shell and captures its output, with a cap. For the
 * handlers that wrap command-line converters (catdoc and friends).
 */
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace evidex {

struct ProgramResult {
  /// Exit status; -1 when the program was killed by a signal (term_signal says which) or could not
  /// be started (spawn_error says why).
  int exit_code = -1;
  int term_signal = 0;
  std::string spawn_error;
  std::string out;
  /// stdout went over max_out: the program was killed and out holds the first max_out bytes.
  bool out_truncated = false;
  std::string err;  // first max_err bytes of stderr
  bool timed_out = false;
};

/// Runs program (a name looked up in PATH, or a path) with args (argv[1..]), stdin from /dev/null.
/// Never throws for the program's failures: they are in the result. The program is killed after
/// timeout, and when the thread that called this dies (PR_SET_PDEATHSIG), so a killed worker leaves
/// no helper behind; call it from a thread that outlives the call.
ProgramResult run_program(const std::string& program, const std::vector<std::string>& args,
                          std::uint64_t max_out, std::uint64_t max_err = 64 * 1024,
                          std::chrono::milliseconds timeout = std::chrono::seconds(25));

}  // namespace evidex
