/** @file
 * @brief A thin owner of SQLite handles: every failure becomes a StoreError that names the database
 * and quotes sqlite3_errmsg() while the handle still lives.
 */
#pragma once

#include "indexer/util/c_handle.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace evidex::indexer {

class Stmt {
public:
  Stmt(sqlite3* db, sqlite3_stmt* stmt, std::string db_name) : m_db(db), m_stmt(stmt), m_db_name(std::move(db_name)) {}
  Stmt& bind(int index, std::string_view text);
  Stmt& bind(int index, std::int64_t value);
  Stmt& bind(int index, double value);
  Stmt& bind_null(int index);
  Stmt& bind_optional(int index, const std::optional<std::int64_t>& value);
  /// Binds bytes as a BLOB (bind(int, string_view) binds TEXT).
  Stmt& bind_blob(int index, std::string_view bytes);
  /// Steps once: true when a row is ready, false when done.
  bool step();
  /// Steps to completion and resets, for INSERT/UPDATE/DELETE.
  void run();
  void reset();

  std::string text(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  /// A BLOB column's bytes (empty for NULL or a zero-length blob).
  std::string blob(int column) const;
  bool is_null(int column) const;
  /// Columns of the result rows.
  int columns() const;

private:
  sqlite3* m_db;
  std::unique_ptr<sqlite3_stmt, CFree<sqlite3_finalize>> m_stmt;
  std::string m_db_name;
};

class Db {
public:
  /// Opens (creating if asked) the database file; foreign keys on, busy timeout 10 s. Opening
  /// writes nothing to the file: use_wal() does, once the caller knows the file is its own.
  /// With read_only, the file is opened SQLITE_OPEN_READONLY and its journal mode left alone, so
  /// a store on a read-only mount or without write permission can still be read.
  Db(const std::filesystem::path& file, bool create, bool read_only = false);
  /// Puts the database in WAL mode (a write to its header when it is not in it yet).
  void use_wal();
  void exec(std::string_view sql);
  Stmt prepare(std::string_view sql);
  std::int64_t last_insert_id() const { return sqlite3_last_insert_rowid(m_db.get()); }
  int changes() const { return sqlite3_changes(m_db.get()); }
  const std::string& name() const { return m_name; }

private:
  void open_read_only(const std::filesystem::path& file);

  std::unique_ptr<sqlite3, CFree<sqlite3_close_v2>> m_db;
  std::string m_name;
};

/// Rolls back unless commit() was called: a bundle's rows go in whole or not at all.
class Transaction {
public:
  explicit Transaction(Db& db) : m_db(db) { m_db.exec("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (!m_done) {
      try {
        m_db.exec("ROLLBACK");
      } catch (...) {
      }
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    m_db.exec("COMMIT");
    m_done = true;
  }

private:
  Db& m_db;
  bool m_done = false;
};

}  // namespace evidex::indexer
