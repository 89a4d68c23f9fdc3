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

}  // namespace evidex::indexer
