// Browser sessions: the cookie holds a random ID, the table only its SHA-256.
#include "query/access/accounts.hpp"

#include "indexer/store/sqlite.hpp"
#include "indexer/util/errors.hpp"
#include "query/access/secrets.hpp"

#include <algorithm>

namespace evidex::query::access {

Session Accounts::open_session(std::int64_t user, std::int64_t lifetime_seconds) {
  if (lifetime_seconds <= 0) {
    throw UsageError("a session's lifetime must be positive, not " + std::to_string(lifetime_seconds) + " s");
  }
  Session s;
  s.id = random_secret();
  s.csrf = random_secret();
  s.user = user;
  std::lock_guard lock(m_mutex);
  const std::int64_t t = now();
  s.expires_at = t + std::min(lifetime_seconds, k_session_absolute_limit_seconds);
  // Expired sessions are not wanted by anyone: cleared here rather than by a timer.
  m_db->prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(1, t).run();
  m_db->prepare("INSERT INTO sessions (id_sha256, user, csrf, created_at, expires_at, last_seen_at, lifetime) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)")
      .bind(1, secret_digest(s.id))
      .bind(2, user)
      .bind(3, s.csrf)
      .bind(4, t)
      .bind(5, s.expires_at)
      .bind(6, t)
      .bind(7, lifetime_seconds)
      .run();
  return s;
}

std::optional<Session> Accounts::session(const std::string& id) {
  std::lock_guard lock(m_mutex);
  const std::int64_t t = now();
  const std::string digest = secret_digest(id);
  auto stmt = m_db->prepare(
      "SELECT s.user, s.csrf, s.created_at, s.expires_at, s.last_seen_at, s.lifetime, u.disabled "
      "FROM sessions s JOIN users u ON u.id = s.user WHERE s.id_sha256 = ?");
  stmt.bind(1, digest);
  if (!stmt.step()) {
    return std::nullopt;
  }
  Session s;
  s.id = id;
  s.user = stmt.integer(0);
  s.csrf = stmt.text(1);
  const std::int64_t created = stmt.integer(2);
  s.expires_at = stmt.integer(3);
  const std::int64_t last_seen = stmt.integer(4);
  const std::int64_t lifetime = stmt.integer(5);
  const bool disabled = stmt.integer(6) != 0;
  stmt.reset();
  if (t >= s.expires_at || disabled) {
    m_db->prepare("DELETE FROM sessions WHERE id_sha256 = ?").bind(1, digest).run();
    return std::nullopt;
  }
  // A short lifetime (tests, a kiosk) is slid at every quarter of it, lest it end while in use.
  if (t - last_seen >= std::min(k_touch_interval_seconds, lifetime / 4)) {
    s.expires_at = std::min(t + lifetime, created + k_session_absolute_limit_seconds);
    m_db->prepare("UPDATE sessions SET expires_at = ?, last_seen_at = ? WHERE id_sha256 = ?")
        .bind(1, s.expires_at)
        .bind(2, t)
        .bind(3, digest)
        .run();
  }
  return s;
}

void Accounts::close_session(const std::string& id) {
  std::lock_guard lock(m_mutex);
  m_db->prepare("DELETE FROM sessions WHERE id_sha256 = ?").bind(1, secret_digest(id)).run();
}

}  // namespace evidex::query::access
