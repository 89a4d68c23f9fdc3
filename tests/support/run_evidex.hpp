/** @file
 * @brief Runs the real evidex binary, as a user or a script would, and captures what it says.
 */
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>
#include <sys/types.h>

namespace evidex::test {

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// How the child is started, for fault tests.
struct ChildSetup {
  /// Run as this user and group (root can, to meet permissions that root itself ignores).
  std::optional<uid_t> uid;
  /// RLIMIT_FSIZE in bytes, with SIGXFSZ ignored so that a write over it fails with EFBIG.
  std::optional<std::uint64_t> file_size_limit;
  /// "NAME=value" set in the child's environment (replacing NAME's value if it has one); "NAME=" with
  /// nothing after it sets it empty.
  std::vector<std::string> env;
  /// The child's working folder (default: the test's).
  std::optional<std::filesystem::path> cwd;
  /// What the child reads on standard input (default: /dev/null).
  std::optional<std::string> input;
};

/// Runs `evidex --store STORE ARGS...` to completion.
Run run_evidex(const std::filesystem::path& store, const std::vector<std::string>& args,
               const ChildSetup& setup = {});

/// Runs `evidex ARGS...` exactly as given.
Run run_evidex_raw(const std::vector<std::string>& args);

/// Runs another program (argv[0] is its path) the same way: for bash, groff, dpkg-deb.
Run run_program(const std::vector<std::string>& argv, const ChildSetup& setup = {});

/// Starts it without waiting; stdout/stderr go to /dev/null. For kill tests.
pid_t start_evidex(const std::filesystem::path& store, const std::vector<std::string>& args);
/// Starts it without waiting, stdout and stderr to these files: for a server the test talks to.
pid_t start_evidex(const std::filesystem::path& store, const std::vector<std::string>& args,
                   const std::filesystem::path& out, const std::filesystem::path& err);

}  // namespace evidex::test
