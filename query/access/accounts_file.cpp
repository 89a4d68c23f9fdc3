#include "query/access/accounts_file.hpp"

#include "indexer/util/errors.hpp"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <unistd.h>

namespace evidex::query::access {
namespace {

// Names compare without regard to case (COLLATE NOCASE), so that "Sam" cannot be added beside
// "sam" and a login does not depend on how the name was typed. Rows that refer to a user go with it.
constexpr const char* k_schema = R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('apprentice', 'assessor', 'iqa', 'admin')),
  apprentice TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE assignments (
  assessor INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  apprentice TEXT NOT NULL,
  PRIMARY KEY (assessor, apprentice)
);
CREATE INDEX assignments_by_apprentice ON assignments(apprentice);
CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  user INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  label TEXT NOT NULL DEFAULT '',
  secret_sha256 TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sessions (
  id_sha256 TEXT PRIMARY KEY,
  user INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  lifetime INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user);
CREATE TABLE login_failures (
  name TEXT NOT NULL COLLATE NOCASE,
  remote TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_failures_by_name ON login_failures(name, at);
CREATE INDEX login_failures_by_remote ON login_failures(remote, at);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user TEXT NOT NULL,
  role TEXT NOT NULL,
  action TEXT NOT NULL,
  apprentice TEXT NOT NULL DEFAULT '',
  item TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  remote TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_user ON audit(user);
CREATE INDEX audit_by_apprentice ON audit(apprentice);
)sql";

// SQLite creates the file with the process's umask (0644 typically), readable by every local user;
// made here first, it is 0600 from its first byte, and SQLite gives its -wal and -shm files the
// same mode.
void create_private(const std::filesystem::path& file) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return;
    }
    throw StoreError(file.string() + ": cannot create: " + std::strerror(errno));
  }
  ::close(fd);
}

}  // namespace

std::unique_ptr<indexer::Db> open_accounts_file(const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  if (ec) {
    throw StoreError(file.parent_path().string() + ": cannot create the store directory: " + ec.message());
  }
  create_private(file);
  auto db = std::make_unique<indexer::Db>(file, false);
  // A login waits at most this long for `evidex user ...` in another process, and the other way round.
  db->exec("PRAGMA busy_timeout=5000");
  db->use_wal();
  // Every page view writes an audit entry: with FULL each waited for a sync of the disk, one after
  // another under the accounts' lock, and twenty browsers queued behind them. In WAL mode NORMAL
  // keeps the file consistent; a power cut may lose the last moments' entries, not corrupt any.
  db->exec("PRAGMA synchronous=NORMAL");
  auto schema_version = [&] {
    auto stmt = db->prepare("PRAGMA user_version");
    return stmt.step() ? static_cast<int>(stmt.integer(0)) : 0;
  };
  const int version = schema_version();
  if (version > k_accounts_schema_version) {
    throw StoreError(file.string() + ": made by a newer evidex (accounts schema " + std::to_string(version) +
                     ", this one knows " + std::to_string(k_accounts_schema_version) + ")");
  }
  if (version == 0) {
    indexer::Transaction tx(*db);
    // Another process may have created the tables between the read above and this lock.
    if (schema_version() == 0) {
      db->exec(k_schema);
      db->exec("PRAGMA user_version=" + std::to_string(k_accounts_schema_version));
    }
    tx.commit();
  }
  return db;
}

std::string utc_iso8601(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace evidex::query::access
