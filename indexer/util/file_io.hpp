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

/// The first max_bytes of the file (all of it when smaller); *cut is set when bytes were left out.
/// For formats that stay readable when cut, such as plain text and HTML: a 500 MB log yields its
/// first max_bytes rather than an error. Throws ItemError(item_path, "unreadable: ...").
std::string read_file_prefix(const std::filesystem::path& file, std::uint64_t max_bytes,
                             const std::string& item_path, bool* cut);

}  // namespace evidex
