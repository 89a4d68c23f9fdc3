/** @file
 * @brief Extraction in worker processes. Parsers of PDF, Office, mail and archive formats are code we
 * don't control; each item is detected, hashed and extracted in a worker process with an
 * address-space limit, a CPU limit per item, a file-size limit and a wall-clock deadline per item,
 * so that a crash, a hang or a bomb costs that one item and never the ingest (as Xapian Omega's
 * worker.cc does). Workers are forked once and take item after item (a fork per item cost more than
 * the extraction of a small file); one is replaced after a crash, a timeout, a number of items or
 * when it has grown, and an item that killed a worker which had served others is tried once more in
 * a fresh one, so an item's outcome never depends on what came before it.
 */
#pragma once

#include "indexer/detect/detect.hpp"
#include "indexer/extract/extractor.hpp"
#include "indexer/store/text_terms.hpp"

#include <cstdint>
#include <deque>
#include <filesystem>
#include <list>
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
  std::uint64_t worker_rss = 0;  // the worker's resident bytes after the item: a grown one is replaced
  /// The text's index terms, made in the worker so that the parent's single index writer only
  /// stores them (empty for a failed item, or when they could not be made).
  std::optional<TextTerms> terms;
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
  ~WorkerPool();  // kills and reaps every worker
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  /// Queues a request; returns its ticket.
  std::uint64_t submit(WorkRequest request);
  /// Nothing queued and nothing running.
  bool idle() const;
  /// Blocks until one request finishes; nullopt when a signal interrupted the wait (the caller
  /// checks why and calls again). Must not be called when idle().
  std::optional<std::pair<std::uint64_t, WorkResult>> wait_next();
  /// Kills every worker and forgets the queue (Ctrl-C).
  void cancel();
  /// Requests with this ticket or a later one wait in the queue, however idle the workers: the
  /// caller bounds how far ahead of the oldest unfinished request results may pile up.
  void hold_from(std::uint64_t ticket) { m_hold_from = ticket; }
  /// Worker processes started so far (replacements included).
  std::uint64_t workers_started() const { return m_started; }

private:
  struct Job {
    std::uint64_t ticket = 0;
    WorkRequest request;
    bool fresh_worker = false;  // a retry: only a worker that has served nothing may take it
  };
  struct Worker {
    pid_t pid = -1;
    int fd = -1;  // our end of the socket pair: requests out, results in
    std::uint64_t served = 0;
    std::optional<Job> job;
    std::string received;
    double started = 0;
  };
  void dispatch();
  std::list<Worker>::iterator spawn();
  void retire(std::list<Worker>::iterator w);
  /// The worker's job ended without a result: reap it and say why (`reason`, else from how it
  /// died), or queue the job again for a fresh worker.
  std::optional<std::pair<std::uint64_t, WorkResult>> lost(std::list<Worker>::iterator w, bool timed_out,
                                                           const std::string& reason = {});

  const Detector& m_detector;
  const Registry& m_registry;
  Limits m_limits;
  unsigned m_jobs;
  std::uint64_t m_next_ticket = 0;
  std::uint64_t m_started = 0;
  std::uint64_t m_hold_from = UINT64_MAX;
  std::deque<Job> m_queue;
  std::list<Worker> m_workers;
};

}  // namespace evidex::indexer
