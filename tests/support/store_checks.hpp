/** @file
 * @brief What the store fault tests look at before a fault and after its removal: the items and
 * search hits of an apprentice, SQLite's integrity check, leftovers, and every file's bytes.
 */
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace evidex::test {

/// `evidex items --apprentice ID --format json`, as sorted paths (empty when the command fails).
std::vector<std::string> item_paths(const std::filesystem::path& store, const std::string& apprentice);

/// The paths of `evidex search WORD --apprentice ID --format json` hits (empty when it fails).
std::vector<std::string> search_paths(const std::filesystem::path& store, const std::string& word,
                                      const std::string& apprentice);

/// PRAGMA integrity_check of the store's database, opened read-only ("ok" when sound).
std::string integrity(const std::filesystem::path& store);

/// Files under blobs/ that no item or bundle references, temporaries beside them, and whatever
/// is left in tmp/.
std::vector<std::string> leftovers(const std::filesystem::path& store);

/// Every regular file under dir (relative name) with its bytes, but the writer lock, whose only
/// content is the pid of the last process that tried to write.
std::map<std::string, std::string> file_bytes(const std::filesystem::path& dir);

/// Lines in a message (the number of '\n').
long lines(const std::string& text);

}  // namespace evidex::test
