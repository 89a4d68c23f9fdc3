#include "indexer/util/run_program.hpp"

#include "indexer/util/c_handle.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
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

/// Owner of posix_spawn_file_actions_t.
class FileActions {
public:
  FileActions() { m_ok = posix_spawn_file_actions_init(&m_actions) == 0; }
  ~FileActions() {
    if (m_ok) {
      posix_spawn_file_actions_destroy(&m_actions);
    }
  }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  bool ok() const { return m_ok; }
  posix_spawn_file_actions_t* get() { return &m_actions; }

private:
  posix_spawn_file_actions_t m_actions;
  bool m_ok = false;
};

}  // namespace

ProgramResult run_program(const std::string& program, const std::vector<std::string>& args,
                          std::uint64_t max_out, std::uint64_t max_err,
                          std::chrono::milliseconds timeout) {
  ProgramResult result;
  Pipe out_pipe;
  Pipe err_pipe;
  FileActions actions;
  if (!make_pipe(out_pipe) || !make_pipe(err_pipe) || !actions.ok()) {
    result.spawn_error = std::string("cannot create pipes: ") + std::strerror(errno);
    return result;
  }
  // dup2 clears FD_CLOEXEC on the targets, so the child keeps exactly stdin/stdout/stderr.
  posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(actions.get(), out_pipe.write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(actions.get(), err_pipe.write.get(), STDERR_FILENO);

  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& a : args) {
    argv.push_back(const_cast<char*>(a.c_str()));
  }
  argv.push_back(nullptr);

  pid_t pid = -1;
  int rc = posix_spawnp(&pid, program.c_str(), actions.get(), nullptr, argv.data(), environ);
  if (rc != 0) {
    result.spawn_error = "cannot run " + program + ": " + std::strerror(rc);
    return result;
  }
  out_pipe.write.reset();
  err_pipe.write.reset();

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
