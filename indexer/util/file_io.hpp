/** @file
 * @brief Whole-file reads with a size cap, for handlers whose libraries want bytes in memory.
 */
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace evidex {

/// The file's bytes. Throws ItemError(item_path, "limit exceeded: ...") when it is larger than
/// max_bytes, ItemError(item_path, "unreadable: ...") when it cannot be read.
std::string read_file_capped(const std::filesystem::path& file, std::uint64_t max_bytes,
                             const std::string& item_path);

}  // namespace evidex
