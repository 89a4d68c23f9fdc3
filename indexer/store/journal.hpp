/** @file
 * @brief The small files under a store's tmp/ that let the next writer finish or undo what a killed
 * one started: hash journals (one SHA-256 a line) and markers.
 */
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace evidex::indexer {

/// Why a write failed, in words a user acts on ("no space left on device" for ENOSPC and EDQUOT).
std::string write_failure(int err);

/// Appends hashes to a journal and flushes them to the file before the caller goes on.
void append_journal(const std::filesystem::path& journal, const std::vector<std::string>& hashes);

/// The journal's lines; none when it does not exist.
std::vector<std::string> read_journal(const std::filesystem::path& journal);

/// Creates an empty marker file and makes it durable (file and directory synced) before returning.
void write_marker(const std::filesystem::path& marker);

}  // namespace evidex::indexer
