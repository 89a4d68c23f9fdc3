#include "query/web/ingest_queue.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace evidex::web {
namespace {

// The child's three outputs: the result (stdout), its error line (stderr), progress (fd 3).
struct Pipe {
  int read = -1, write = -1;
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
    read = fds[0];
    write = fds[1];
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void close_read() {
    if (read >= 0) {
      ::close(read);
      read = -1;
    }
  }
  void close_write() {
    if (write >= 0) {
      ::close(write);
      write = -1;
    }
  }
};

struct SpawnActions {
  posix_spawn_file_actions_t actions;
  SpawnActions() { posix_spawn_file_actions_init(&actions); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&actions); }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
};

// The last line of the child's stderr, without "evidex: ": what went wrong, in its words.
std::string last_line(const std::string& text) {
  std::string s = text;
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) {
    s.pop_back();
  }
  auto nl = s.rfind('\n');
  s = nl == std::string::npos ? s : s.substr(nl + 1);
  if (s.rfind("evidex: ", 0) == 0) {
    s = s.substr(8);
  }
  return s;
}

void hide_path(nlohmann::json& value, const std::string& path, const std::string& shown) {
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    for (auto at = text.find(path); at != std::string::npos; at = text.find(path, at + shown.size())) {
      text.replace(at, path.size(), shown);
    }
    value = text;
  } else if (value.is_structured()) {
    for (auto& child : value) {
      hide_path(child, path, shown);
    }
  }
}

}  // namespace

std::string_view upload_state_name(UploadState state) {
  switch (state) {
    case UploadState::queued:
      return "queued";
    case UploadState::running:
      return "running";
    case UploadState::done:
      return "done";
    case UploadState::failed:
      return "failed";
  }
  return "failed";
}

nlohmann::json upload_job_json(const UploadJob& job) {
  return {{"id", job.id},
          {"apprentice", job.apprentice},
          {"user", job.user},
          {"file", job.file_name},
          {"state", upload_state_name(job.state)},
          {"phase", job.phase},
          {"done", job.done},
          {"found", job.found},
          {"message", job.message},
          {"result", job.result}};
}

IngestQueue::IngestQueue(std::vector<std::string> command) : m_command(std::move(command)) {
  m_thread = std::thread([this] { run(); });
}

IngestQueue::~IngestQueue() { stop(); }

std::int64_t IngestQueue::submit(const std::string& apprentice, const std::string& user,
                                 const std::string& file_name, const std::filesystem::path& file) {
  std::lock_guard lock(m_mutex);
  UploadJob job;
  job.id = m_next++;
  job.apprentice = apprentice;
  job.user = user;
  job.file_name = file_name;
  job.file = file;
  m_jobs[job.id] = job;
  m_waiting.push_back(job.id);
  m_wake.notify_one();
  return job.id;
}

std::optional<UploadJob> IngestQueue::job(std::int64_t id) const {
  std::lock_guard lock(m_mutex);
  auto it = m_jobs.find(id);
  return it == m_jobs.end() ? std::nullopt : std::optional<UploadJob>(it->second);
}

std::vector<UploadJob> IngestQueue::jobs_of(const std::string& apprentice) const {
  std::lock_guard lock(m_mutex);
  std::vector<UploadJob> out;
  for (auto it = m_jobs.rbegin(); it != m_jobs.rend(); ++it) {
    if (it->second.apprentice == apprentice) {
      out.push_back(it->second);
    }
  }
  return out;
}

bool IngestQueue::busy() const {
  std::lock_guard lock(m_mutex);
  return m_child > 0 || !m_waiting.empty();
}

void IngestQueue::stop() {
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping && !m_thread.joinable()) {
      return;
    }
    m_stopping = true;
    if (m_child > 0) {
      // The child's interrupt handler stops its workers and commits nothing.
      ::kill(m_child, SIGTERM);
    }
    m_wake.notify_all();
  }
  if (m_thread.joinable()) {
    m_thread.join();
  }
  std::lock_guard lock(m_mutex);
  for (auto id : m_waiting) {
    std::error_code ec;
    std::filesystem::remove_all(m_jobs[id].file.parent_path(), ec);
  }
  m_waiting.clear();
}

void IngestQueue::run() {
  for (;;) {
    std::int64_t id = 0;
    {
      std::unique_lock lock(m_mutex);
      m_wake.wait(lock, [this] { return m_stopping || !m_waiting.empty(); });
      if (m_stopping) {
        return;
      }
      id = m_waiting.front();
      m_waiting.pop_front();
      m_jobs[id].state = UploadState::running;
    }
    ingest(id);
  }
}

void IngestQueue::ingest(std::int64_t id) {
  UploadJob job = *this->job(id);
  auto finish = [this, id, &job](UploadState state, std::string message, nlohmann::json result) {
    std::error_code ec;
    std::filesystem::remove_all(job.file.parent_path(), ec);
    std::lock_guard lock(m_mutex);
    auto& j = m_jobs[id];
    j.state = state;
    j.message = std::move(message);
    j.result = std::move(result);
    m_child = -1;
  };

  std::vector<std::string> args = m_command;
  // The upload's own name, so that a later upload with it is the bundle's new version.
  args.insert(args.end(), {"ingest", job.file.string(), "--apprentice", job.apprentice, "--format", "json",
                           "--quiet", "--progress-fd", "3", "--nice", "10"});
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);

  Pipe out, err, progress;
  SpawnActions spawn;
  posix_spawn_file_actions_addopen(&spawn.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&spawn.actions, out.write, 1);
  posix_spawn_file_actions_adddup2(&spawn.actions, err.write, 2);
  posix_spawn_file_actions_adddup2(&spawn.actions, progress.write, 3);
  pid_t pid = -1;
  int rc = 0;
  {
    std::lock_guard lock(m_mutex);
    if (m_stopping) {
      rc = ECANCELED;
    } else {
      rc = ::posix_spawn(&pid, argv[0], &spawn.actions, nullptr, argv.data(), environ);
      if (rc == 0) {
        m_child = pid;
      }
    }
  }
  if (rc != 0) {
    finish(UploadState::failed, std::string("could not start the ingest: ") + std::strerror(rc), nullptr);
    return;
  }
  out.close_write();
  err.close_write();
  progress.close_write();

  std::string out_text, err_text, progress_text;
  std::vector<pollfd> fds{{out.read, POLLIN, 0}, {err.read, POLLIN, 0}, {progress.read, POLLIN, 0}};
  std::string* sinks[] = {&out_text, &err_text, &progress_text};
  std::size_t open = fds.size();
  char buffer[16384];
  while (open > 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        continue;
      }
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;
        --open;
      }
    }
    // Progress lines are JSON objects, one per line: keep the last complete one.
    auto end = progress_text.rfind('\n');
    if (end != std::string::npos) {
      auto start = progress_text.rfind('\n', end - 1);
      std::string line = progress_text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1));
      progress_text.erase(0, end + 1);
      auto p = nlohmann::json::parse(line, nullptr, false);
      if (p.is_object()) {
        std::lock_guard lock(m_mutex);
        auto& j = m_jobs[id];
        j.phase = p.value("phase", "");
        j.done = p.value("done", j.done);
        j.found = std::max(j.found, p.value("found", std::size_t{0}));
      }
    }
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    auto result = nlohmann::json::parse(out_text, nullptr, false);
    if (result.is_discarded()) {
      finish(UploadState::failed, "the ingest gave no result", nullptr);
      return;
    }
    const int stored = result.value("items", 0);
    std::string summary = std::to_string(stored) + (stored == 1 ? " item" : " items") + " stored, " +
                          std::to_string(result.value("failed", 0)) + " could not be read";
    if (result.value("unchanged", false)) {
      summary = "unchanged: this file is already in the portfolio";
    }
    // The result names the file where the server kept it: a browser is told the name it sent.
    hide_path(result, job.file.string(), job.file_name);
    finish(UploadState::done, summary, std::move(result));
    return;
  }
  nlohmann::json why = last_line(err_text);
  hide_path(why, job.file.string(), job.file_name);
  if (why.empty()) {
    why = WIFSIGNALED(status) ? "the ingest was stopped (signal " + std::to_string(WTERMSIG(status)) + ")"
                              : "the ingest failed (exit " + std::to_string(WEXITSTATUS(status)) + ")";
  }
  finish(UploadState::failed, why.get<std::string>(), nullptr);
}

}  // namespace evidex::web
