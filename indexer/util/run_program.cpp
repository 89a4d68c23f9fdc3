#include "indexer/util/run_program.hpp"

#include "indexer/util/c_handle.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace evidex {
namespace {

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

bool make_pipe(Pipe& p) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    return false;
  }
  p.read.reset(fds[0]);
  p.write.reset(fds[1]);
  return true;
}

/// The file execve would run for `program`, searched in PATH as execvp does; empty if none. Done
/// before fork, because the child of a threaded process may only make async-signal-safe calls.
std::string find_program(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    return program;
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t from = 0;
  for (;;) {
    std::size_t colon = dirs.find(':', from);
    std::string dir = dirs.substr(from, colon == std::string::npos ? std::string::npos : colon - from);
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    if (colon == std::string::npos) {
      return {};
    }
    from = colon + 1;
  }
}

/// The child between fork and exec: only async-signal-safe calls. Never returns.
[[noreturn]] void exec_child(const std::string& file, char* const* argv, pid_t parent, int out_fd, int err_fd,
                             int report_fd) {
  // Dies with the process that started it (an extraction worker killed on timeout, or by its own
  // parent's death): nobody would read its output or reap it. The parent may already have died
  // between fork and prctl, so look once it is armed.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) {
    _exit(127);
  }
  int in_fd = ::open("/dev/null", O_RDONLY);
  // dup2 clears FD_CLOEXEC on the targets, so the program keeps exactly stdin/stdout/stderr.
  if (in_fd < 0 || ::dup2(in_fd, STDIN_FILENO) < 0 || ::dup2(out_fd, STDOUT_FILENO) < 0 ||
      ::dup2(err_fd, STDERR_FILENO) < 0) {
    int e = errno;
    (void)!::write(report_fd, &e, sizeof e);
    _exit(127);
  }
  ::execve(file.c_str(), argv, environ);
  int e = errno;
  (void)!::write(report_fd, &e, sizeof e);  // report_fd is close-on-exec: silence means it ran
  _exit(127);
}

}  // namespace

ProgramResult run_program(const std::string& program, const std::vector<std::string>& args,
                          std::uint64_t max_out, std::uint64_t max_err,
                          std::chrono::milliseconds timeout) {
  ProgramResult result;
  Pipe out_pipe;
  Pipe err_pipe;
  Pipe report_pipe;
  if (!make_pipe(out_pipe) || !make_pipe(err_pipe) || !make_pipe(report_pipe)) {
    result.spawn_error = std::string("cannot create pipes: ") + std::strerror(errno);
    return result;
  }
  const std::string file = find_program(program);
  if (file.empty()) {
    result.spawn_error = "cannot run " + program + ": not found in PATH";
    return result;
  }

  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& a : args) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  argv.push_back(nullptr);

  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    result.spawn_error = "cannot run " + program + ": " + std::strerror(errno);
    return result;
  }
  if (pid == 0) {
    exec_child(file, argv.data(), parent, out_pipe.write.get(), err_pipe.write.get(), report_pipe.write.get());
  }
  out_pipe.write.reset();
  err_pipe.write.reset();
  report_pipe.write.reset();
  int exec_errno = 0;
  ssize_t got_report = 0;
  do {
    got_report = ::read(report_pipe.read.get(), &exec_errno, sizeof exec_errno);
  } while (got_report < 0 && errno == EINTR);
  if (got_report == static_cast<ssize_t>(sizeof exec_errno)) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.spawn_error = "cannot run " + program + ": " + std::strerror(exec_errno);
    return result;
  }

  auto deadline = std::chrono::steady_clock::now() + timeout;
  bool killed = false;
  auto kill_child = [&] {
    if (!killed) {
      ::kill(pid, SIGKILL);
      killed = true;
    }
  };
  char buf[64 * 1024];
  while (out_pipe.read || err_pipe.read) {
    pollfd fds[2];
    nfds_t n = 0;
    if (out_pipe.read) {
      fds[n++] = {out_pipe.read.get(), POLLIN, 0};
    }
    if (err_pipe.read) {
      fds[n++] = {err_pipe.read.get(), POLLIN, 0};
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      kill_child();
      break;
    }
    int ready = ::poll(fds, n, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready < 0) {
      kill_child();
      break;
    }
    for (nfds_t i = 0; i < n; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        continue;
      }
      bool is_out = fds[i].fd == out_pipe.read.get();
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got < 0 && errno == EINTR) {
        continue;
      }
      if (got <= 0) {
        (is_out ? out_pipe.read : err_pipe.read).reset();
        continue;
      }
      std::string& sink = is_out ? result.out : result.err;
      std::uint64_t cap = is_out ? max_out : max_err;
      std::size_t room = sink.size() < cap ? static_cast<std::size_t>(cap - sink.size()) : 0;
      sink.append(buf, std::min(room, static_cast<std::size_t>(got)));
      if (is_out && static_cast<std::size_t>(got) > room) {
        // Nothing past the cap will be kept, so there is no point letting the program run on.
        result.out_truncated = true;
        kill_child();
        out_pipe.read.reset();
        err_pipe.read.reset();
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.term_signal = WTERMSIG(status);
  }
  return result;
}

}  // namespace evidex
