// Accounts: users and assessors' assignments. Sessions, tokens, logins and the audit log are in
// files of their own; all of them share accounts.sqlite through this class.
#include "query/access/accounts.hpp"

#include "indexer/store/sqlite.hpp"
#include "indexer/util/errors.hpp"
#include "query/access/accounts_file.hpp"
#include "query/access/password_hash.hpp"

#include <ctime>

namespace evidex::query::access {
namespace {

/// Login names: what people type and what appears in the audit log; no spaces, no look-alikes from
/// other scripts, nothing a terminal or a page would interpret.
constexpr std::size_t k_max_name_length = 64;

void check_name(const std::string& name) {
  if (name.empty() || name.size() > k_max_name_length) {
    throw UsageError("user name '" + name + "': must be 1 to " + std::to_string(k_max_name_length) + " characters");
  }
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-' || c == '@';
    if (!ok) {
      throw UsageError("user name '" + name + "': only letters, digits and . _ - @ are allowed");
    }
  }
}

void check_apprentice_id(const std::string& apprentice) {
  if (apprentice.empty()) {
    throw UsageError("an apprentice ID is needed");
  }
  for (unsigned char c : apprentice) {
    if (c < 0x20 || c == 0x7F) {
      throw UsageError("apprentice ID '" + apprentice + "': control characters are not allowed");
    }
  }
}

constexpr const char* k_user_columns = "SELECT id, name, role, apprentice, disabled, created_at FROM users ";

}  // namespace

Accounts::Accounts(const std::filesystem::path& store_dir)
    : m_file(store_dir / k_accounts_file_name), m_db(open_accounts_file(m_file)),
      m_now([] { return static_cast<std::int64_t>(std::time(nullptr)); }) {}

Accounts::~Accounts() = default;

void Accounts::set_clock(std::function<std::int64_t()> now) {
  std::lock_guard lock(m_mutex);
  m_now = std::move(now);
}

std::optional<User> Accounts::user_where(std::string_view condition,
                                         const std::function<void(indexer::Stmt&)>& bind) {
  auto stmt = m_db->prepare(std::string(k_user_columns) + std::string(condition));
  bind(stmt);
  if (!stmt.step()) {
    return std::nullopt;
  }
  User u;
  u.id = stmt.integer(0);
  u.name = stmt.text(1);
  u.role = parse_role(stmt.text(2)).value_or(Role::apprentice);  // the CHECK constraint allows no other
  u.apprentice = stmt.text(3);
  u.disabled = stmt.integer(4) != 0;
  u.created_at = stmt.text(5);
  if (u.role == Role::assessor) {
    auto assigned = m_db->prepare("SELECT apprentice FROM assignments WHERE assessor = ? ORDER BY apprentice");
    assigned.bind(1, u.id);
    while (assigned.step()) {
      u.assigned.push_back(assigned.text(0));
    }
  }
  return u;
}

User Accounts::require_user(const std::string& name) {
  auto u = user_where("WHERE name = ?", [&](indexer::Stmt& s) { s.bind(1, name); });
  if (!u) {
    // No path in the message: the server may show it to a browser.
    throw InputError("user '" + name + "': no such user");
  }
  return *u;
}

void Accounts::end_sessions(std::int64_t user) {
  m_db->prepare("DELETE FROM sessions WHERE user = ?").bind(1, user).run();
}

User Accounts::add_user(const std::string& name, Role role, const std::string& password,
                        const std::string& apprentice) {
  check_name(name);
  if (role == Role::apprentice) {
    check_apprentice_id(apprentice);
  } else if (!apprentice.empty()) {
    throw UsageError("user '" + name + "': only an apprentice's account names an apprentice ID (role " +
                     std::string(role_name(role)) + " sees apprentices through assignments or all of them)");
  }
  check_password_policy(password);
  const std::string hash = hash_password(password);  // outside the lock: it takes a while on purpose
  std::lock_guard lock(m_mutex);
  if (auto existing = user_where("WHERE name = ?", [&](indexer::Stmt& s) { s.bind(1, name); })) {
    throw InputError("user '" + name + "': already exists" +
                     (existing->name == name ? std::string() : " as '" + existing->name + "' (names ignore case)"));
  }
  m_db->prepare("INSERT INTO users (name, role, apprentice, password_hash, created_at) VALUES (?, ?, ?, ?, ?)")
      .bind(1, name)
      .bind(2, role_name(role))
      .bind(3, apprentice)
      .bind(4, hash)
      .bind(5, utc_iso8601(now()))
      .run();
  const std::int64_t id = m_db->last_insert_id();
  return *user_where("WHERE id = ?", [&](indexer::Stmt& s) { s.bind(1, id); });
}

std::vector<User> Accounts::users() {
  std::lock_guard lock(m_mutex);
  std::vector<std::int64_t> ids;
  auto stmt = m_db->prepare("SELECT id FROM users ORDER BY name");
  while (stmt.step()) {
    ids.push_back(stmt.integer(0));
  }
  std::vector<User> out;
  for (std::int64_t id : ids) {
    if (auto u = user_where("WHERE id = ?", [&](indexer::Stmt& s) { s.bind(1, id); })) {
      out.push_back(std::move(*u));
    }
  }
  return out;
}

std::optional<User> Accounts::user(const std::string& name) {
  std::lock_guard lock(m_mutex);
  return user_where("WHERE name = ?", [&](indexer::Stmt& s) { s.bind(1, name); });
}

std::optional<User> Accounts::user_by_id(std::int64_t id) {
  std::lock_guard lock(m_mutex);
  return user_where("WHERE id = ?", [&](indexer::Stmt& s) { s.bind(1, id); });
}

void Accounts::set_disabled(const std::string& name, bool disabled) {
  std::lock_guard lock(m_mutex);
  const User u = require_user(name);
  indexer::Transaction tx(*m_db);
  m_db->prepare("UPDATE users SET disabled = ? WHERE id = ?").bind(1, std::int64_t{disabled}).bind(2, u.id).run();
  if (disabled) {
    end_sessions(u.id);
  }
  tx.commit();
}

void Accounts::set_password(const std::string& name, const std::string& password) {
  check_password_policy(password);
  {
    std::lock_guard lock(m_mutex);
    require_user(name);  // before the hash's cost, and so that a typo says so first
  }
  const std::string hash = hash_password(password);
  std::lock_guard lock(m_mutex);
  const User u = require_user(name);
  indexer::Transaction tx(*m_db);
  m_db->prepare("UPDATE users SET password_hash = ? WHERE id = ?").bind(1, hash).bind(2, u.id).run();
  // Whoever knew the old password may be logged in with it.
  end_sessions(u.id);
  tx.commit();
}

void Accounts::assign(const std::string& assessor, const std::string& apprentice) {
  check_apprentice_id(apprentice);
  std::lock_guard lock(m_mutex);
  const User u = require_user(assessor);
  if (u.role != Role::assessor) {
    throw InputError("user '" + assessor + "': is not an assessor (role " + std::string(role_name(u.role)) +
                     "); only assessors are assigned apprentices");
  }
  m_db->prepare("INSERT OR IGNORE INTO assignments (assessor, apprentice) VALUES (?, ?)")
      .bind(1, u.id)
      .bind(2, apprentice)
      .run();
}

void Accounts::unassign(const std::string& assessor, const std::string& apprentice) {
  std::lock_guard lock(m_mutex);
  const User u = require_user(assessor);
  m_db->prepare("DELETE FROM assignments WHERE assessor = ? AND apprentice = ?")
      .bind(1, u.id)
      .bind(2, apprentice)
      .run();
  if (m_db->changes() == 0) {
    throw InputError("user '" + assessor + "': apprentice '" + apprentice + "' is not assigned to them");
  }
}

}  // namespace evidex::query::access
