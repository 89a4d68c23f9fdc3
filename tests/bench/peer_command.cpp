#include "tests/bench/peer_command.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace evidex::bench {
namespace {

/// Closes the descriptor it owns.
class Fd {
public:
  explicit Fd(int fd = -1) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return m_fd; }
  void reset(int fd = -1) {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
    m_fd = fd;
  }

private:
  int m_fd;
};

double seconds(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

}  // namespace

Measured run_measured(const std::vector<std::string>& argv, bool keep_output, const std::filesystem::path& log) {
  if (argv.empty()) {
    throw std::runtime_error("run_measured: no command");
  }
  // Standard output goes through a temporary file rather than a pipe, so that reading it costs
  // the measured command nothing and a large output cannot block it.
  Fd out;
  std::string out_path;
  if (keep_output) {
    out_path = (std::filesystem::temp_directory_path() / "evidex-bench-out-XXXXXX").string();
    out.reset(::mkstemp(out_path.data()));
    if (out.get() < 0) {
      throw std::runtime_error(out_path + ": " + std::strerror(errno));
    }
    ::unlink(out_path.c_str());
  }
  std::string err_path = log.empty() ? "/dev/null" : log.string();

  std::vector<char*> args;
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);

  auto start = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid < 0) {
    throw std::runtime_error(command_line(argv) + ": fork: " + std::strerror(errno));
  }
  if (pid == 0) {
    int in = ::open("/dev/null", O_RDONLY);
    int null_out = ::open("/dev/null", O_WRONLY);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (in < 0 || null_out < 0 || err < 0) {
      ::_exit(127);
    }
    ::dup2(in, 0);
    ::dup2(keep_output ? out.get() : null_out, 1);
    ::dup2(err, 2);
    ::execvp(args[0], args.data());
    ::dprintf(2, "%s: %s\n", args[0], std::strerror(errno));
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      throw std::runtime_error(command_line(argv) + ": wait4: " + std::strerror(errno));
    }
  }
  Measured m;
  m.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  m.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
  m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (m.exit_code == 127) {
    throw std::runtime_error(command_line(argv) + ": could not be started (see " + err_path + ")");
  }
  if (keep_output) {
    ::lseek(out.get(), 0, SEEK_SET);
    char buffer[65536];
    ssize_t n = 0;
    while ((n = ::read(out.get(), buffer, sizeof buffer)) > 0) {
      m.output.append(buffer, static_cast<std::size_t>(n));
    }
  }
  return m;
}

std::uint64_t tree_bytes(const std::filesystem::path& dir) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) {
      total += it->file_size(ec);
    }
  }
  return total;
}

std::string command_line(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& a : argv) {
    if (!line.empty()) {
      line += ' ';
    }
    bool plain = !a.empty() && a.find_first_of(" \t'\"\\$*?") == std::string::npos;
    line += plain ? a : "'" + a + "'";
  }
  return line;
}

}  // namespace evidex::bench
