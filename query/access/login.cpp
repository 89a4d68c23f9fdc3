// Logins and their throttle. A refused attempt costs the same whether the name exists or not, and
// is counted the same, so neither timing nor throttling tells a guesser which names exist.
#include "query/access/accounts.hpp"

#include "indexer/store/sqlite.hpp"
#include "query/access/password_hash.hpp"

#include <algorithm>

namespace evidex::query::access {
namespace {

// Seconds until the oldest failure of the window leaves it, when `max` failures are in it; else 0.
int throttled_for(indexer::Db& db, std::string_view column, const std::string& value, int max, std::int64_t now) {
  auto stmt = db.prepare("SELECT count(*), min(at) FROM login_failures WHERE " + std::string(column) +
                         " = ? AND at > ?");
  stmt.bind(1, value).bind(2, now - k_failure_window_seconds);
  if (!stmt.step() || stmt.integer(0) < max) {
    return 0;
  }
  return static_cast<int>(std::max<std::int64_t>(1, stmt.integer(1) + k_failure_window_seconds - now));
}

}  // namespace

LoginResult Accounts::login(const std::string& name, const std::string& password, const std::string& remote) {
  // Bounded: what a guesser types is stored, and no real name or address is this long.
  const std::string name_key = name.substr(0, 256);
  const std::string remote_key = remote.substr(0, 256);
  std::string hash;
  std::optional<User> found;
  {
    std::lock_guard lock(m_mutex);
    const std::int64_t t = now();
    m_db->prepare("DELETE FROM login_failures WHERE at <= ?").bind(1, t - k_failure_window_seconds).run();
    int wait = std::max(throttled_for(*m_db, "name", name_key, k_max_failures_per_name, t),
                        throttled_for(*m_db, "remote", remote_key, k_max_failures_per_remote, t));
    if (wait > 0) {
      LoginResult r;
      r.refused = LoginRefusal::throttled;
      r.retry_after_seconds = wait;
      return r;
    }
    found = user_where("WHERE name = ?", [&](indexer::Stmt& s) { s.bind(1, name); });
    if (found) {
      auto stmt = m_db->prepare("SELECT password_hash FROM users WHERE id = ?");
      stmt.bind(1, found->id);
      if (stmt.step()) {
        hash = stmt.text(0);
      }
    }
  }
  // Outside the lock: other requests go on while Argon2 works.
  const bool matches = verify_password(found ? hash : dummy_hash(), password) && found;

  std::lock_guard lock(m_mutex);
  LoginResult r;
  if (!matches) {
    m_db->prepare("INSERT INTO login_failures (name, remote, at) VALUES (?, ?, ?)")
        .bind(1, name_key)
        .bind(2, remote_key)
        .bind(3, now())
        .run();
    r.refused = LoginRefusal::bad_credentials;
    return r;
  }
  if (found->disabled) {
    r.refused = LoginRefusal::disabled;
    return r;
  }
  m_db->prepare("DELETE FROM login_failures WHERE name = ?").bind(1, name_key).run();
  r.user = std::move(found);
  return r;
}

}  // namespace evidex::query::access
