/** @file
 * @brief `evidex serve`: one process serving the web pages of apprentices, assessors and IQA, and
 * the JSON API under /api/v1 for other systems, over a store. Reads answer from the store as it
 * stands; uploads are ingested one at a time by the IngestQueue. Every route checks the visitor's
 * role and the apprentice the request is about (query/access), and answers 404 for evidence the
 * visitor may not see, exactly as for evidence that does not exist.
 */
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace evidex::web {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (told through `listening`)
  std::filesystem::path store;
  std::string standards;  // --standards, as for the other commands
  /// The evidex binary, which ingests each upload as a child process.
  std::filesystem::path program;
  std::uint64_t max_upload_bytes = 512ull << 20;
  std::int64_t session_idle_seconds = 30 * 60;
  /// Cookies marked Secure: set when evidex is reached through a TLS proxy (--secure-cookies);
  /// requests that arrive with X-Forwarded-Proto: https get them anyway.
  bool secure_cookies = false;
  /// Called once listening, with the port (useful with port 0).
  std::function<void(int port)> listening;
};

/// Serves until `stop` becomes true (the caller's SIGTERM/SIGINT handler sets it), then stops
/// taking requests, lets the running ingest stop without committing, and returns. Throws
/// InputError when it cannot listen or the store cannot be opened.
void serve(const ServeOptions& options, const std::atomic<bool>& stop);

}  // namespace evidex::web
