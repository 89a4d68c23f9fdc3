/** @file
 * @brief The one writer of `evidex serve`: uploads wait in a queue and are ingested one at a time,
 * each by an `evidex ingest` child process. The child takes the store's writer lock, extracts in its
 * own workers (at a lower CPU priority: people's pages go first) and commits all or nothing, so
 * pages and searches keep answering from the server's readers meanwhile, and a parser that crashes
 * or hangs takes down a child, never the server.
 */
#pragma once

#include <nlohmann/json.hpp>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace evidex::web {

enum class UploadState { queued, running, done, failed };
std::string_view upload_state_name(UploadState state);  // "queued", "running", "done", "failed"

struct UploadJob {
  std::int64_t id = 0;
  std::string apprentice;
  std::string user;       // who uploaded it
  std::string file_name;  // as the browser named it
  std::filesystem::path file;
  UploadState state = UploadState::queued;
  std::string phase;      // extracting, tagging, signatures, index
  std::size_t done = 0;   // items extracted
  std::size_t found = 0;  // items found so far (grows as archives inside are opened)
  std::string message;    // failed: why, in words; done: the summary
  nlohmann::json result;  // done: `evidex ingest --format json`
};

nlohmann::json upload_job_json(const UploadJob& job);

class IngestQueue {
public:
  /// `command`: the evidex binary and its global options (--store, --standards), to which
  /// "ingest FILE --apprentice ID ..." is appended.
  explicit IngestQueue(std::vector<std::string> command);
  ~IngestQueue();
  IngestQueue(const IngestQueue&) = delete;
  IngestQueue& operator=(const IngestQueue&) = delete;

  /// Takes ownership of `file` and the folder it is in, which holds nothing else: both are removed
  /// once the file is ingested, or failed, or the queue stops before its turn.
  std::int64_t submit(const std::string& apprentice, const std::string& user, const std::string& file_name,
                      const std::filesystem::path& file);
  std::optional<UploadJob> job(std::int64_t id) const;
  /// Jobs of one apprentice, newest first.
  std::vector<UploadJob> jobs_of(const std::string& apprentice) const;
  /// Whether an upload is being ingested or waits.
  bool busy() const;
  /// Stops taking jobs, interrupts the running child (it commits nothing) and waits for it.
  void stop();

private:
  void run();
  void ingest(std::int64_t id);

  std::vector<std::string> m_command;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  std::deque<std::int64_t> m_waiting;
  std::map<std::int64_t, UploadJob> m_jobs;
  std::int64_t m_next = 1;
  bool m_stopping = false;
  int m_child = -1;  // pid of the running ingest
  std::thread m_thread;
};

}  // namespace evidex::web
