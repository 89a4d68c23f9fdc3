#include "indexer/store/sqlite.hpp"

#include "indexer/util/errors.hpp"

#include <cstring>
#include <sys/resource.h>
#include <unistd.h>

namespace evidex::indexer {
namespace {

// SQLite's message, with what the user can do about it where SQLite's words do not say: a full
// disk is named as such, and damage points to the backup rather than to evidex.
std::string reason(sqlite3* db) {
  if (db == nullptr) {
    return "out of memory";
  }
  switch (sqlite3_errcode(db) & 0xFF) {
    case SQLITE_FULL:
      return "no space left on device (free some space, then try again)";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return std::string(sqlite3_errmsg(db)) + " (the store's records are damaged: restore evidex.sqlite from a backup)";
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_PERM: {
      if (int err = sqlite3_system_errno(db); err != 0) {
        return std::string(sqlite3_errmsg(db)) + ": " + std::strerror(err);
      }
      // SQLite keeps no errno for a failed write. One cause evidex can see for itself is a
      // file-size limit (EFBIG when SIGXFSZ is ignored), which a full disk cannot be told from.
      const int code = sqlite3_extended_errcode(db);
      if (code == SQLITE_IOERR_WRITE || code == SQLITE_IOERR_TRUNCATE) {
        rlimit limit{};
        if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
          return "file too large: over the file-size limit this process runs under (ulimit -f)";
        }
        return "a write failed (a full disk, a file over the file system's size limit, or a failing device)";
      }
      return sqlite3_errmsg(db);
    }
    default:
      return sqlite3_errmsg(db);
  }
}

[[noreturn]] void fail(sqlite3* db, const std::string& name, std::string_view what) {
  throw StoreError(name + ": " + std::string(what) + ": " + reason(db));
}

// A file name as a URI path: '%', '?' and '#' would otherwise end or escape it.
std::string uri_path(const std::filesystem::path& file) {
  std::string out;
  for (char c : std::filesystem::absolute(file).string()) {
    if (c == '%' || c == '?' || c == '#') {
      static const char* hex = "0123456789ABCDEF";
      out += '%';
      out += hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
      out += hex[static_cast<unsigned char>(c) & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Db::Db(const std::filesystem::path& file, bool create, bool read_only) : m_name(file.string()) {
  if (read_only) {
    open_read_only(file);
    return;
  }
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  m_db.reset(raw);  // owned even when opening failed
  if (rc != SQLITE_OK) {
    fail(raw, m_name, "cannot open the database");
  }
  sqlite3_busy_timeout(raw, 10000);
  // FULL, not WAL's usual NORMAL: a committed bundle or erasure must survive a power cut too (one
  // more sync per commit, and evidex commits once per bundle).
  exec("PRAGMA synchronous=FULL");
  exec("PRAGMA foreign_keys=ON");
  // Deleted rows are personal data (an old upload, a forgotten apprentice): overwrite them.
  exec("PRAGMA secure_delete=ON");
}

void Db::open_read_only(const std::filesystem::path& file) {
  auto attempt = [&](const std::string& uri) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(uri.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    m_db.reset(raw);
    if (rc != SQLITE_OK) {
      return false;
    }
    sqlite3_busy_timeout(raw, 10000);
    // Opening is lazy: the first read is what finds out whether the WAL index (-shm) can be used.
    return sqlite3_exec(raw, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr) == SQLITE_OK;
  };
  std::string uri = "file:" + uri_path(file);
  if (attempt(uri)) {
    exec("PRAGMA foreign_keys=ON");
    return;
  }
  // A WAL database needs its -shm file, which a reader cannot create on a read-only mount or in a
  // directory it may not write. Nothing can be writing there either, so SQLite's documented answer
  // is to open it as immutable (no locks, no shared memory).
  auto dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  if (::access(dir.c_str(), W_OK) != 0 && attempt(uri + "?immutable=1")) {
    exec("PRAGMA foreign_keys=ON");
    return;
  }
  fail(m_db.get(), m_name, "cannot open the database for reading");
}

void Db::use_wal() { exec("PRAGMA journal_mode=WAL"); }

void Db::exec(std::string_view sql) {
  std::string s{sql};
  char* message = nullptr;
  if (sqlite3_exec(m_db.get(), s.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    sqlite3_free(message);  // the same words as reason(), which adds what to do
    throw StoreError(m_name + ": " + reason(m_db.get()));
  }
}

Stmt Db::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(m_db.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    fail(m_db.get(), m_name, "cannot prepare '" + std::string(sql.substr(0, 60)) + "'");
  }
  return Stmt(m_db.get(), stmt, m_name);
}

Stmt& Stmt::bind(int index, std::string_view text) {
  // An empty view may have no data at all: SQLite would store NULL for it, not ''.
  if (sqlite3_bind_text(m_stmt.get(), index, text.data() ? text.data() : "", static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
    fail(m_db, m_db_name, "bind");
  }
  return *this;
}

Stmt& Stmt::bind(int index, std::int64_t value) {
  if (sqlite3_bind_int64(m_stmt.get(), index, value) != SQLITE_OK) {
    fail(m_db, m_db_name, "bind");
  }
  return *this;
}

Stmt& Stmt::bind(int index, double value) {
  if (sqlite3_bind_double(m_stmt.get(), index, value) != SQLITE_OK) {
    fail(m_db, m_db_name, "bind");
  }
  return *this;
}

Stmt& Stmt::bind_blob(int index, std::string_view bytes) {
  // A zero-length blob needs a non-null pointer, or SQLite stores NULL.
  static const char empty = 0;
  if (sqlite3_bind_blob(m_stmt.get(), index, bytes.empty() ? &empty : bytes.data(), static_cast<int>(bytes.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    fail(m_db, m_db_name, "bind");
  }
  return *this;
}

Stmt& Stmt::bind_null(int index) {
  sqlite3_bind_null(m_stmt.get(), index);
  return *this;
}

Stmt& Stmt::bind_optional(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

bool Stmt::step() {
  int rc = sqlite3_step(m_stmt.get());
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  fail(m_db, m_db_name, "query failed");
}

void Stmt::run() {
  while (step()) {
  }
  reset();
}

void Stmt::reset() {
  sqlite3_reset(m_stmt.get());
  sqlite3_clear_bindings(m_stmt.get());
}

std::string Stmt::text(int column) const {
  const unsigned char* t = sqlite3_column_text(m_stmt.get(), column);
  int n = sqlite3_column_bytes(m_stmt.get(), column);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(n)) : std::string();
}

std::string Stmt::blob(int column) const {
  const void* b = sqlite3_column_blob(m_stmt.get(), column);
  int n = sqlite3_column_bytes(m_stmt.get(), column);
  return b ? std::string(static_cast<const char*>(b), static_cast<std::size_t>(n)) : std::string();
}

std::int64_t Stmt::integer(int column) const { return sqlite3_column_int64(m_stmt.get(), column); }

double Stmt::real(int column) const { return sqlite3_column_double(m_stmt.get(), column); }

bool Stmt::is_null(int column) const { return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL; }

int Stmt::columns() const { return sqlite3_column_count(m_stmt.get()); }

}  // namespace evidex::indexer
