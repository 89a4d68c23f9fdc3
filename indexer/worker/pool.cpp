#include "indexer/util/errors.hpp"
#include "indexer/worker/serialize.hpp"
#include "indexer/worker/worker.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace evidex::indexer {
namespace {

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void set_limit(int resource, rlim_t value) {
  rlimit rl{value, value};
  setrlimit(resource, &rl);
}

void write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return;
    }
    done += static_cast<std::size_t>(n);
  }
}

// The worker side: limits first, then the work, then the result down the pipe. Never returns.
[[noreturn]] void worker_main(const Detector& detector, const Registry& registry, const Limits& limits,
                              const WorkRequest& request, int out_fd, pid_t parent) {
  // A killed ingest cannot reap its workers, and one re-parented to PID 1 would run on for up to the
  // item timeout. The parent may have died between fork and prctl, so look once it is armed.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) {
    _exit(4);
  }
  setpgid(0, 0);  // its own group, so a timeout kills helper programs it started too
  // Handlers inherited from the parent (a test framework's, say) must not run in the worker: a
  // crash here is reported by the parent from the exit status.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGCHLD}) {
    std::signal(sig, SIG_DFL);
  }
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGPIPE, SIG_DFL);
  std::signal(SIGXFSZ, SIG_IGN);  // over-size writes fail with EFBIG instead of killing us
#ifndef __SANITIZE_ADDRESS__
  set_limit(RLIMIT_AS, limits.worker_memory_bytes);
#else
  // AddressSanitizer reserves terabytes of address space for its shadow memory, so an address-space
  // limit would fail every allocation; its allocator limit (ASAN_OPTIONS malloc_limit_mb, set by
  // scripts/test.sh) stands in for it.
  (void)limits.worker_memory_bytes;
#endif
  set_limit(RLIMIT_CPU, static_cast<rlim_t>(limits.item_timeout.count()) + 1);
  set_limit(RLIMIT_FSIZE, limits.max_item_bytes + 1);
  set_limit(RLIMIT_CORE, 0);
  if (!std::getenv("EVIDEX_WORKER_STDERR")) {
    // Parsers print their complaints to stderr; the reasons we keep are in the result.
    int null_fd = ::open("/dev/null", O_WRONLY);
    if (null_fd >= 0) {
      dup2(null_fd, STDERR_FILENO);
      ::close(null_fd);
    }
  }
  std::string payload;
  try {
    payload = to_json(run_extraction(detector, registry, limits, request));
  } catch (...) {
    _exit(3);
  }
  write_all(out_fd, payload);
  _exit(0);
}

std::string describe_death(int status, bool timed_out, const Limits& limits) {
  if (timed_out) {
    return "timeout: extraction took longer than " + std::to_string(limits.item_timeout.count()) +
           " s and was stopped";
  }
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    if (sig == SIGXCPU) {
      return "timeout: extraction used more than " + std::to_string(limits.item_timeout.count()) +
             " s of CPU and was stopped";
    }
    return std::string("corrupt: the parser crashed (") + strsignal(sig) +
           "); the file is damaged or hostile, or needed more than " +
           std::to_string(limits.worker_memory_bytes >> 20) + " MiB";
  }
  return "corrupt: the extraction worker failed (exit status " + std::to_string(WEXITSTATUS(status)) + ")";
}

}  // namespace

WorkerPool::WorkerPool(const Detector& detector, const Registry& registry, Limits limits, unsigned jobs)
    : m_detector(detector), m_registry(registry), m_limits(limits), m_jobs(jobs == 0 ? 1 : jobs) {}

WorkerPool::~WorkerPool() { cancel(); }

std::uint64_t WorkerPool::submit(WorkRequest request) {
  m_queue.emplace_back(m_next_ticket, std::move(request));
  return m_next_ticket++;
}

void WorkerPool::start_queued() {
  while (!m_queue.empty() && m_running.size() < m_jobs) {
    auto [ticket, request] = std::move(m_queue.front());
    m_queue.pop_front();
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      throw Error(std::string("cannot create a pipe for an extraction worker: ") + std::strerror(errno));
    }
    const pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
      ::close(fds[0]);
      ::close(fds[1]);
      throw Error(std::string("cannot start an extraction worker: ") + std::strerror(errno));
    }
    if (pid == 0) {
      ::close(fds[0]);
      worker_main(m_detector, m_registry, m_limits, request, fds[1], parent);
    }
    ::close(fds[1]);
    setpgid(pid, pid);  // also from this side, so the group exists before any kill
    m_running.emplace(fds[0], Running{ticket, std::move(request), pid, fds[0], {}, now_seconds()});
  }
}

std::optional<std::pair<std::uint64_t, WorkResult>> WorkerPool::wait_next() {
  start_queued();
  if (m_running.empty()) {
    throw Error("WorkerPool::wait_next called with nothing to wait for");
  }
  const double timeout = static_cast<double>(m_limits.item_timeout.count());
  for (;;) {
    std::vector<pollfd> fds;
    double soonest = 1e18;
    for (const auto& [fd, r] : m_running) {
      fds.push_back(pollfd{fd, POLLIN, 0});
      soonest = std::min(soonest, r.started + timeout);
    }
    int wait_ms = static_cast<int>(std::max(0.0, (soonest - now_seconds()) * 1000.0)) + 1;
    int n = poll(fds.data(), fds.size(), wait_ms);
    if (n < 0) {
      if (errno == EINTR) {
        return std::nullopt;
      }
      throw Error(std::string("poll on extraction workers failed: ") + std::strerror(errno));
    }
    for (const auto& p : fds) {
      if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) {
        continue;
      }
      Running& r = m_running.at(p.fd);
      char buffer[1 << 16];
      ssize_t got = ::read(p.fd, buffer, sizeof buffer);
      if (got > 0) {
        r.output.append(buffer, static_cast<std::size_t>(got));
        continue;
      }
      if (got < 0 && errno == EINTR) {
        continue;
      }
      WorkResult result = finish(r, false);
      std::uint64_t ticket = r.ticket;
      m_running.erase(p.fd);
      start_queued();
      return std::make_pair(ticket, std::move(result));
    }
    double now = now_seconds();
    for (auto it = m_running.begin(); it != m_running.end(); ++it) {
      if (now > it->second.started + timeout) {
        kill(-it->second.pid, SIGKILL);
        kill(it->second.pid, SIGKILL);
        WorkResult result = finish(it->second, true);
        std::uint64_t ticket = it->second.ticket;
        m_running.erase(it);
        start_queued();
        return std::make_pair(ticket, std::move(result));
      }
    }
  }
}

WorkResult WorkerPool::finish(Running& r, bool timed_out) {
  ::close(r.fd);
  int status = 0;
  while (waitpid(r.pid, &status, 0) < 0 && errno == EINTR) {
  }
  // Helper programs the worker started die with it.
  kill(-r.pid, SIGKILL);
  if (!timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    try {
      return work_result_from_json(r.output);
    } catch (const Error&) {
      // fall through: report it as a failed worker
    }
  }
  WorkResult failed;
  failed.error = describe_death(status, timed_out, m_limits);
  std::error_code ec;
  failed.bytes = std::filesystem::file_size(r.request.file, ec);
  failed.seconds = now_seconds() - r.started;
  // Whatever the worker wrote before it died is not trusted.
  std::filesystem::remove_all(r.request.scratch_dir, ec);
  std::filesystem::create_directories(r.request.scratch_dir, ec);
  return failed;
}

void WorkerPool::cancel() {
  for (auto& [fd, r] : m_running) {
    kill(-r.pid, SIGKILL);
    kill(r.pid, SIGKILL);
    ::close(fd);
    int status = 0;
    while (waitpid(r.pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  m_running.clear();
  m_queue.clear();
}

}  // namespace evidex::indexer
