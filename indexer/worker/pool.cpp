#include "indexer/util/errors.hpp"
#include "indexer/worker/serialize.hpp"
#include "indexer/worker/worker.hpp"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace evidex::indexer {
namespace {

// A worker is replaced after this many items: whatever a parser leaks or fragments is returned to
// the system long before it matters, and the address-space limit stays a limit per item in practice.
constexpr std::uint64_t k_items_per_worker = 1000;
// ... or as soon as it holds more than this much memory after an item.
constexpr std::uint64_t k_worker_rss_limit = 256ull << 20;
// The worker's socket is moved to this descriptor; every other inherited one above it is closed.
constexpr int k_worker_fd = 3;

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void set_limit(int resource, rlim_t value) {
  rlimit rl{value, value};
  setrlimit(resource, &rl);
}

bool write_all(int fd, const char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    // send(MSG_NOSIGNAL): a worker that died must be a failed write here, not SIGPIPE.
    ssize_t n = ::send(fd, data + done, size - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// A frame is an 8-byte length, then that many bytes.
bool write_frame(int fd, const std::string& payload) {
  std::uint64_t size = payload.size();
  char header[8];
  std::memcpy(header, &size, sizeof header);
  return write_all(fd, header, sizeof header) && write_all(fd, payload.data(), payload.size());
}

bool read_exact(int fd, char* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = ::read(fd, data + done, size - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool read_frame(int fd, std::string& payload) {
  std::uint64_t size = 0;
  char header[8];
  if (!read_exact(fd, header, sizeof header)) {
    return false;
  }
  std::memcpy(&size, header, sizeof size);
  payload.resize(size);
  return read_exact(fd, payload.data(), size);
}

/// A complete frame at the start of `buffer`, if one has arrived.
std::optional<std::string> take_frame(std::string& buffer) {
  if (buffer.size() < 8) {
    return std::nullopt;
  }
  std::uint64_t size = 0;
  std::memcpy(&size, buffer.data(), sizeof size);
  if (buffer.size() - 8 < size) {
    return std::nullopt;
  }
  std::string payload = buffer.substr(8, size);
  buffer.erase(0, 8 + size);
  return payload;
}

// RLIMIT_CPU counts the process's whole life: before each item, allow what it has used so far
// plus the item's share.
void arm_cpu_limit(std::chrono::seconds per_item) {
  rusage used{};
  getrusage(RUSAGE_SELF, &used);
  rlimit rl{};
  getrlimit(RLIMIT_CPU, &rl);
  rlim_t want = static_cast<rlim_t>(used.ru_utime.tv_sec + used.ru_stime.tv_sec + 1 + per_item.count() + 1);
  rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ? want : std::min(want, rl.rlim_max);
  setrlimit(RLIMIT_CPU, &rl);
}

std::uint64_t resident_bytes() {
  long pages = 0, resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) {
      resident = 0;
    }
    std::fclose(f);
  }
  return static_cast<std::uint64_t>(resident) * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

// The item's index terms, here on the worker's core rather than in the parent, which writes the
// index alone. The text is the parent's item text: the pages joined by form feeds.
void add_text_terms(Xapian::TermGenerator& generator, WorkResult& result) {
  if (!result.error.empty()) {
    return;
  }
  std::string text;
  for (std::size_t i = 0; i < result.extraction.pages.size(); ++i) {
    if (i) {
      text += '\f';
    }
    text += result.extraction.pages[i];
  }
  try {
    result.terms = text_terms(generator, text);
  } catch (const Xapian::Error&) {
    result.terms.reset();  // the parent's index writer makes them, and reports what is wrong
  }
}

// The worker side: limits first, then item after item until the parent closes the socket. Never returns.
[[noreturn]] void worker_main(const Detector& detector, const Registry& registry, const Limits& limits, int fd,
                              pid_t parent) {
  // A killed ingest cannot reap its workers, and one re-parented to PID 1 would run on for up to the
  // item timeout. The parent may have died between fork and prctl, so look once it is armed.
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) {
    _exit(4);
  }
  // Only our socket stays open: a copy of another worker's socket would hide that worker's end
  // from it, and a copy of the search index's lock descriptor would hold the lock after the
  // parent let it go.
  if (fd != k_worker_fd) {
    if (dup2(fd, k_worker_fd) < 0) {
      _exit(4);
    }
  }
  ::close_range(k_worker_fd + 1, ~0U, 0);
  setpgid(0, 0);  // its own group, so a timeout kills helper programs it started too
  // Handlers inherited from the parent (a test framework's, say) must not run in the worker: a
  // crash here is reported by the parent from the exit status.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGCHLD, SIGXCPU}) {
    std::signal(sig, SIG_DFL);
  }
  std::signal(SIGINT, SIG_IGN);  // Ctrl-C reaches the whole terminal group: the parent decides
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
  Xapian::TermGenerator generator = make_term_generator();
  for (;;) {
    std::string frame;
    if (!read_frame(k_worker_fd, frame)) {
      _exit(0);  // the parent is done with us
    }
    std::string payload;
    try {
      WorkRequest request = parse_request(frame);
      arm_cpu_limit(limits.item_timeout);
      WorkResult result = run_extraction(detector, registry, limits, request);
      add_text_terms(generator, result);
      result.worker_rss = resident_bytes();
      payload = serialise_result(result);
    } catch (...) {
      _exit(3);
    }
    if (!write_frame(k_worker_fd, payload)) {
      _exit(0);
    }
  }
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

bool out_of_memory(const WorkResult& r) { return r.error.rfind("limit exceeded: out of memory", 0) == 0; }

// Whatever a worker wrote for an item before it died is not trusted.
void reset_scratch(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
}

}  // namespace

WorkerPool::WorkerPool(const Detector& detector, const Registry& registry, Limits limits, unsigned jobs)
    : m_detector(detector), m_registry(registry), m_limits(limits), m_jobs(jobs == 0 ? 1 : jobs) {}

WorkerPool::~WorkerPool() { cancel(); }

bool WorkerPool::idle() const {
  return m_queue.empty() &&
         std::none_of(m_workers.begin(), m_workers.end(), [](const Worker& w) { return w.job.has_value(); });
}

std::uint64_t WorkerPool::submit(WorkRequest request) {
  m_queue.push_back(Job{m_next_ticket, std::move(request), false});
  return m_next_ticket++;
}

std::list<WorkerPool::Worker>::iterator WorkerPool::spawn() {
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    throw Error(std::string("cannot create a socket for an extraction worker: ") + std::strerror(errno));
  }
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw Error(std::string("cannot start an extraction worker: ") + std::strerror(errno));
  }
  if (pid == 0) {
    worker_main(m_detector, m_registry, m_limits, fds[1], parent);
  }
  ::close(fds[1]);
  setpgid(pid, pid);  // also from this side, so the group exists before any kill
  ++m_started;
  Worker w;
  w.pid = pid;
  w.fd = fds[0];
  return m_workers.insert(m_workers.end(), std::move(w));
}

void WorkerPool::retire(std::list<Worker>::iterator w) {
  ::close(w->fd);
  kill(-w->pid, SIGKILL);
  kill(w->pid, SIGKILL);
  int status = 0;
  while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR) {
  }
  m_workers.erase(w);
}

void WorkerPool::dispatch() {
  while (!m_queue.empty() && m_queue.front().ticket < m_hold_from) {
    auto w = std::find_if(m_workers.begin(), m_workers.end(), [](const Worker& x) { return !x.job; });
    if (w == m_workers.end()) {
      if (m_workers.size() >= m_jobs) {
        return;
      }
      w = spawn();
    }
    if (m_queue.front().fresh_worker && w->served > 0) {
      retire(w);
      w = spawn();
    }
    Job job = std::move(m_queue.front());
    m_queue.pop_front();
    if (!write_frame(w->fd, serialise_request(job.request))) {
      // It died while idle (killed from outside): replace it; the job goes first again.
      m_queue.push_front(std::move(job));
      retire(w);
      continue;
    }
    w->job = std::move(job);
    w->received.clear();
    w->started = now_seconds();
  }
}

std::optional<std::pair<std::uint64_t, WorkResult>> WorkerPool::lost(std::list<Worker>::iterator w, bool timed_out,
                                                                   const std::string& reason) {
  ::close(w->fd);
  kill(-w->pid, SIGKILL);  // helper programs it started die with it
  kill(w->pid, SIGKILL);
  int status = 0;
  while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR) {
  }
  Job job = std::move(*w->job);
  const bool had_served = w->served > 0;
  const double started = w->started;
  m_workers.erase(w);
  reset_scratch(job.request.scratch_dir);
  if (!timed_out && reason.empty() && had_served && !job.fresh_worker) {
    // Another item may have left this worker damaged: the item is judged in a fresh one.
    job.fresh_worker = true;
    m_queue.push_front(std::move(job));
    return std::nullopt;
  }
  WorkResult failed;
  failed.error = reason.empty() ? describe_death(status, timed_out, m_limits) : reason;
  std::error_code ec;
  failed.bytes = std::filesystem::file_size(job.request.file, ec);
  failed.seconds = now_seconds() - started;
  return std::make_pair(job.ticket, std::move(failed));
}

std::optional<std::pair<std::uint64_t, WorkResult>> WorkerPool::wait_next() {
  dispatch();
  if (std::none_of(m_workers.begin(), m_workers.end(), [](const Worker& w) { return w.job.has_value(); })) {
    throw Error("WorkerPool::wait_next called with nothing running");
  }
  const double timeout = static_cast<double>(m_limits.item_timeout.count());
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<std::list<Worker>::iterator> busy;
    double soonest = 1e18;
    for (auto w = m_workers.begin(); w != m_workers.end(); ++w) {
      if (w->job) {
        fds.push_back(pollfd{w->fd, POLLIN, 0});
        busy.push_back(w);
        soonest = std::min(soonest, w->started + timeout);
      }
    }
    int wait_ms = static_cast<int>(std::max(0.0, (soonest - now_seconds()) * 1000.0)) + 1;
    int n = poll(fds.data(), fds.size(), wait_ms);
    if (n < 0) {
      if (errno == EINTR) {
        return std::nullopt;
      }
      throw Error(std::string("poll on extraction workers failed: ") + std::strerror(errno));
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        continue;
      }
      auto w = busy[i];
      char buffer[1 << 16];
      ssize_t got = ::read(w->fd, buffer, sizeof buffer);
      if (got < 0 && errno == EINTR) {
        continue;
      }
      if (got <= 0) {
        auto failed = lost(w, false);
        dispatch();
        if (failed) {
          return failed;
        }
        break;  // the iterators collected above may be stale now
      }
      w->received.append(buffer, static_cast<std::size_t>(got));
      // The text is capped in the worker; a result far beyond that cap is a parser gone wrong, and
      // must not grow this process without bound.
      const std::uint64_t most = 8 * m_limits.max_text_bytes + (16ull << 20);
      if (w->received.size() > most) {
        auto failed = lost(w, false, "limit exceeded: the extraction's result passed " + std::to_string(most >> 20) +
                                         " MiB and was stopped");
        dispatch();
        return failed;
      }
      auto frame = take_frame(w->received);
      if (!frame) {
        continue;
      }
      WorkResult result;
      try {
        result = parse_result(*frame);
      } catch (const Error&) {
        auto failed = lost(w, false);  // it wrote something that is not a result: do not trust it
        dispatch();
        if (failed) {
          return failed;
        }
        break;
      }
      Job job = std::move(*w->job);
      w->job.reset();
      const bool had_served = w->served++ > 0;
      if (w->served >= k_items_per_worker || result.worker_rss > k_worker_rss_limit) {
        retire(w);
      }
      if (out_of_memory(result) && had_served && !job.fresh_worker) {
        // Memory another item fragmented may be what ran out: judge the item in a fresh worker.
        reset_scratch(job.request.scratch_dir);
        job.fresh_worker = true;
        m_queue.push_front(std::move(job));
        dispatch();
        break;
      }
      dispatch();
      return std::make_pair(job.ticket, std::move(result));
    }
    double now = now_seconds();
    for (auto w = m_workers.begin(); w != m_workers.end(); ++w) {
      if (w->job && now > w->started + timeout) {
        auto failed = lost(w, true);
        dispatch();
        return failed;
      }
    }
  }
}

void WorkerPool::cancel() {
  while (!m_workers.empty()) {
    retire(m_workers.begin());
  }
  m_queue.clear();
}

}  // namespace evidex::indexer
