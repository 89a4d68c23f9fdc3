/** @file
 * @brief Runs one command of the peer benchmark (tests/bench/bench_peers.cpp) and measures it as
 * the kernel sees it: fork/exec, then wait4(), whose rusage covers the command and every child it
 * waited for (workers, filters such as pdftotext), so CPU and peak memory include them.
 */
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace evidex::bench {

struct Measured {
  double cpu_seconds = 0;   // user + system, waited-for children included
  double wall_seconds = 0;
  double peak_rss_mb = 0;   // ru_maxrss: the largest single process (command or child), MiB
  int exit_code = -1;       // the exit status, or 128 + signal
  std::string output;       // standard output, when asked for
};

/// Runs `argv` (argv[0] looked up in PATH), standard input from /dev/null. Standard output is
/// kept in Measured::output when `keep_output`, else discarded; standard error goes to `log`
/// (appended; /dev/null when empty). Throws std::runtime_error when the command cannot start.
Measured run_measured(const std::vector<std::string>& argv, bool keep_output = false,
                      const std::filesystem::path& log = {});

/// Sum of the sizes (st_size) of the regular files below `dir`; 0 when it does not exist.
std::uint64_t tree_bytes(const std::filesystem::path& dir);

/// The command line, quoted where needed, for messages.
std::string command_line(const std::vector<std::string>& argv);

}  // namespace evidex::bench
