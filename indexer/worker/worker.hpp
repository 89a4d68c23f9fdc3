/** @file
 * @brief Extraction in worker processes. Parsers of PDF, Office, mail and archive formats are code we
 * don't control; each item is detected, hashed and extracted in a forked process with an address-space
 * limit, a CPU limit, a file-size limit and a wall-clock deadline, so that a crash, a hang or a bomb
 * costs that one item and never the ingest (as Xapian Omega's worker.cc does).
 */
#pragma once

#include "indexer/detect/detect.hpp"
#include "indexer/extract/extractor.hpp"

#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <utility>

namespace evidex::indexer {

struct WorkRequest {
  std::filesystem::path file;
  std::string item_path;               // path inside the bundle, for messages and the extension hint
  std::filesystem::path scratch_dir;   // children go here; created by the caller, empty
  std::uint64_t budget_bytes = 0;
  std::uint64_t budget_entries = 0;
};

struct WorkResult {
  Detected type;
  std::uint64_t bytes = 0;
  std::string sha256;
  std::uint64_t words = 0;
  Extraction extraction;
  /// Empty when the item was extracted; else the reason ("encrypted PDF: password required").
  std::string error;
  double seconds = 0;
};

/// Detects, hashes and extracts one file in this process. Never throws for bad input: the reason
/// goes to WorkResult::error. Used inside the worker, and directly by tests.
WorkResult run_extraction(const Detector& detector, const Registry& registry, const Limits& limits,
                          const WorkRequest& request);

/// Words as a person counts them: runs of non-space characters holding a letter or a digit.
std::uint64_t count_words(std::string_view text);

/// Runs requests in up to `jobs` worker processes at once.
class WorkerPool {
public:
  WorkerPool(const Detector& detector, const Registry& registry, Limits limits, unsigned jobs);
  ~WorkerPool();  // kills and reaps whatever still runs
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Queues a request; returns its ticket.
  std::uint64_t submit(WorkRequest request);
  /// Nothing queued and nothing running.
  bool idle() const { return m_queue.empty() && m_running.empty(); }
  /// Blocks until one request finishes; nullopt when a signal interrupted the wait (the caller
  /// checks why and calls again). Must not be called when idle().
  std::optional<std::pair<std::uint64_t, WorkResult>> wait_next();
  /// Kills every worker and forgets the queue (Ctrl-C).
  void cancel();

private:
  struct Running {
    std::uint64_t ticket;
    WorkRequest request;
    pid_t pid;
    int fd;
    std::string output;
    double started;
  };
  void start_queued();
  WorkResult finish(Running& r, bool timed_out);

  const Detector& m_detector;
  const Registry& m_registry;
  Limits m_limits;
  unsigned m_jobs;
  std::uint64_t m_next_ticket = 0;
  std::deque<std::pair<std::uint64_t, WorkRequest>> m_queue;
  std::map<int, Running> m_running;  // by pipe fd
};

}  // namespace evidex::indexer
