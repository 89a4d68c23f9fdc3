/** @file
 * @brief Putting a newly written index in place of the live one in one step, so that a search
 * never sees a half-built index and a writer killed at any moment leaves one whole index live.
 */
#pragma once

#include <filesystem>

namespace evidex::indexer {

/// Exchanges the two directories atomically (renameat2 RENAME_EXCHANGE): afterwards `live` is the
/// new index and `fresh` holds the old one, for the caller to remove. When there is no live index,
/// `fresh` is renamed into place.
void swap_in_index(const std::filesystem::path& fresh, const std::filesystem::path& live);

/// Rewrites the index at `dir` with only its live documents, its blocks full (Xapian's compact),
/// beside it under xapian.compacting, and swaps it in; `swapped_point` is the kill point between
/// the swap and the removal of the old tables. Throws StoreError when it cannot be compacted.
void compact_index(const std::filesystem::path& dir, const char* swapped_point);

}  // namespace evidex::indexer
