/** @file
 * @brief accounts.sqlite: where it is, its schema and its versions. Only the access folder opens it.
 */
#pragma once

#include "indexer/store/sqlite.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace evidex::query::access {

/// The file name inside the store directory.
inline constexpr const char* k_accounts_file_name = "accounts.sqlite";
/// PRAGMA user_version of the schema this evidex writes; a newer file is refused, not guessed at.
inline constexpr int k_accounts_schema_version = 1;

/// Opens the file, creating it (mode 0600: it holds password hashes and the audit log of personal
/// data) and the store directory when missing; WAL mode, a 5 s busy timeout, the schema brought to
/// k_accounts_schema_version. Throws StoreError naming the file.
std::unique_ptr<indexer::Db> open_accounts_file(const std::filesystem::path& file);

/// Unix seconds as UTC ISO 8601 ("2026-12-02T04:35:10Z").
std::string utc_iso8601(std::int64_t unix_seconds);

}  // namespace evidex::query::access
