// Bearer tokens for other systems (the JSON API): shown once when made, kept only as SHA-256.
#include "query/access/accounts.hpp"

#include "indexer/store/sqlite.hpp"
#include "indexer/util/errors.hpp"
#include "query/access/accounts_file.hpp"
#include "query/access/secrets.hpp"

namespace evidex::query::access {

/// Tokens start with this, so that a secret scanner (or a person) can tell one in a leaked file.
constexpr const char* k_token_prefix = "evidex_";

std::string Accounts::add_token(const std::string& user, const std::string& label) {
  const std::string secret = k_token_prefix + random_secret();
  std::lock_guard lock(m_mutex);
  const User u = require_user(user);
  m_db->prepare("INSERT INTO tokens (user, label, secret_sha256, created_at) VALUES (?, ?, ?, ?)")
      .bind(1, u.id)
      .bind(2, label)
      .bind(3, secret_digest(secret))
      .bind(4, now())
      .run();
  return secret;
}

std::optional<User> Accounts::user_for_token(const std::string& secret) {
  std::lock_guard lock(m_mutex);
  const std::int64_t t = now();
  auto stmt = m_db->prepare("SELECT id, user, last_used_at FROM tokens WHERE secret_sha256 = ? AND revoked = 0");
  stmt.bind(1, secret_digest(secret));
  if (!stmt.step()) {
    return std::nullopt;
  }
  const std::int64_t id = stmt.integer(0);
  const std::int64_t user = stmt.integer(1);
  const bool touch = stmt.is_null(2) || t - stmt.integer(2) >= k_touch_interval_seconds;
  stmt.reset();
  auto u = user_where("WHERE id = ?", [&](indexer::Stmt& s) { s.bind(1, user); });
  if (!u || u->disabled) {
    return std::nullopt;
  }
  if (touch) {
    m_db->prepare("UPDATE tokens SET last_used_at = ? WHERE id = ?").bind(1, t).bind(2, id).run();
  }
  return u;
}

std::vector<Token> Accounts::tokens(const std::string& user) {
  std::lock_guard lock(m_mutex);
  std::optional<User> only;
  if (!user.empty()) {
    only = require_user(user);
  }
  auto stmt = m_db->prepare(
      "SELECT t.id, u.name, t.label, t.created_at, t.last_used_at, t.revoked FROM tokens t "
      "JOIN users u ON u.id = t.user WHERE ? IS NULL OR t.user = ? ORDER BY t.id");
  if (only) {
    stmt.bind(1, only->id).bind(2, only->id);
  } else {
    stmt.bind_null(1).bind_null(2);
  }
  std::vector<Token> out;
  while (stmt.step()) {
    Token tk;
    tk.id = stmt.integer(0);
    tk.user = stmt.text(1);
    tk.label = stmt.text(2);
    tk.created_at = utc_iso8601(stmt.integer(3));
    tk.last_used_at = stmt.is_null(4) ? std::string() : utc_iso8601(stmt.integer(4));
    tk.revoked = stmt.integer(5) != 0;
    out.push_back(std::move(tk));
  }
  return out;
}

void Accounts::revoke_token(std::int64_t id) {
  std::lock_guard lock(m_mutex);
  m_db->prepare("UPDATE tokens SET revoked = 1 WHERE id = ?").bind(1, id).run();
  if (m_db->changes() == 0) {
    throw InputError("token " + std::to_string(id) + ": no such token");
  }
}

}  // namespace evidex::query::access
