/** @file
 * @brief The safety limits of an ingest. Every limit has a name, a default and the reason for that
 * default here, at its definition. An upload is untrusted: these are what stop a bomb.
 */
#pragma once

#include <chrono>
#include <cstdint>

namespace evidex::indexer {

struct Limits {
  /// Bytes one item may expand to (one archive member, one attachment). 512 MiB is far above any
  /// real showcase document or recording and far below the machine's memory.
  std::uint64_t max_item_bytes = 512ull << 20;
  /// Bytes a whole bundle may expand to, all nesting levels together. Stops a 42.zip-style bomb
  /// after 2 GiB of output at most, whatever its shape.
  std::uint64_t max_total_bytes = 2ull << 30;
  /// Largest expansion ratio (output / compressed input) allowed once an entry has produced more than
  /// ratio_grace_bytes. Text compresses ~10:1, office files far less; zeros compress ~1000:1.
  double max_ratio = 200.0;
  std::uint64_t ratio_grace_bytes = 4ull << 20;
  /// Items in one bundle, all levels together: a showcase has tens, a portfolio hundreds.
  std::uint64_t max_entries = 20000;
  /// Archive / attachment nesting depth: a zip in a zip in a zip is plausible; ten levels is not.
  int max_depth = 6;
  /// Wall-clock time one item's extraction may take in its worker before it is killed.
  std::chrono::seconds item_timeout{30};
  /// Address space of one extraction worker. Stops a PDF or XML bomb from taking the machine.
  std::uint64_t worker_memory_bytes = 1ull << 30;
  /// Characters of text kept per item: the index needs words, not a 500 MB log file.
  std::uint64_t max_text_bytes = 64ull << 20;
};

}  // namespace evidex::indexer
