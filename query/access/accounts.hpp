/** @file
 * @brief Who may use the web application and what they did: accounts and roles, assessors'
 * assignments, browser sessions, bearer tokens for other systems, login throttling and the audit
 * log. All of it lives in accounts.sqlite in the store directory, apart from the evidence store
 * (evidex.sqlite), so that the evidence store's writer lock never blocks a login and `evidex user
 * add` works while the server runs.
 *
 * Secrets are never stored: passwords as Argon2id encoded strings (password_hash.hpp), session IDs
 * and bearer tokens as their SHA-256. The CSRF token is kept as it is, one per session.
 *
 * An Accounts object may be shared by the server's threads: every member takes its lock, and the
 * Argon2 work of a login runs outside it. Errors: UsageError for a request that can never succeed
 * (an unknown role, a short password), InputError for one about a name or ID that is not there or
 * already taken, StoreError when accounts.sqlite itself fails.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::indexer {
class Db;
class Stmt;
}

namespace evidex::query::access {

enum class Role { apprentice, assessor, iqa, admin };
/// "apprentice", "assessor", "iqa", "admin".
std::string_view role_name(Role r);
/// The inverse of role_name; null for any other word.
std::optional<Role> parse_role(std::string_view name);

struct User {
  std::int64_t id = 0;
  std::string name;                   // login name, unique regardless of case
  Role role = Role::apprentice;
  std::string apprentice;             // role apprentice: whose evidence this is
  bool disabled = false;
  std::string created_at;             // UTC ISO 8601
  std::vector<std::string> assigned;  // role assessor: apprentice IDs assigned, sorted
};

/// A browser session. `id` goes in the HttpOnly cookie; `csrf` must come back with every
/// state-changing request. expires_at is Unix seconds (idle timeout, slid by session()).
struct Session {
  std::string id;
  std::string csrf;
  std::int64_t user = 0;
  std::int64_t expires_at = 0;
};

/// A bearer token as listed: never its secret.
struct Token {
  std::int64_t id = 0;
  std::string user;
  std::string label;
  std::string created_at;
  std::string last_used_at;  // empty when never used
  bool revoked = false;
};

/// What forget_apprentice removed.
struct AccountsErasure {
  int accounts = 0;       // the apprentice's own logins (their sessions and tokens went with them)
  int assignments = 0;    // assessors' assignments of the apprentice
  int audit_entries = 0;  // entries that no longer name the apprentice, their logins or their items
  bool any() const { return accounts + assignments + audit_entries > 0; }
};

struct AuditEntry {
  std::int64_t id = 0;
  std::string at, user, role, action, apprentice, item, detail, remote;
};
/// Empty fields match everything; newest first, at most `limit` entries.
struct AuditFilter {
  std::string user, apprentice, action;
  std::size_t limit = 200;
};

/// Reasons a login is refused; the page shows one sentence for all but `throttled`, so that a guesser
/// cannot tell a wrong name from a wrong password.
enum class LoginRefusal { bad_credentials, disabled, throttled };
struct LoginResult {
  std::optional<User> user;
  std::optional<LoginRefusal> refused;
  int retry_after_seconds = 0;  // with throttled: when the next attempt may succeed
};

/// The throttle: at most this many failed logins in the window for one name, or from one remote
/// address (a guesser spreading over many names), before further attempts are refused without a
/// password check. A successful login clears the name's failures.
inline constexpr int k_max_failures_per_name = 5;
inline constexpr int k_max_failures_per_remote = 20;
inline constexpr std::int64_t k_failure_window_seconds = 15 * 60;
/// However often it is used, a session ends this long after its login (OWASP's absolute timeout).
inline constexpr std::int64_t k_session_absolute_limit_seconds = 12 * 60 * 60;
/// A session's expiry and a token's last use are written at most this often (a write per request
/// would make every page wait for a sync): idle timeouts are exact to this many seconds.
inline constexpr std::int64_t k_touch_interval_seconds = 60;

class Accounts {
public:
  /// Opens, or creates with mode 0600, `store_dir`/accounts.sqlite (and the directory if missing).
  explicit Accounts(const std::filesystem::path& store_dir);
  ~Accounts();
  Accounts(const Accounts&) = delete;
  Accounts& operator=(const Accounts&) = delete;

  /// Unix seconds now. Tests replace it; the default reads the system clock.
  void set_clock(std::function<std::int64_t()> now);
  const std::filesystem::path& file() const { return m_file; }

  /// Role apprentice needs `apprentice` (the apprentice ID in the evidence store, which need not hold
  /// any evidence yet); the other roles must not have one.
  User add_user(const std::string& name, Role role, const std::string& password, const std::string& apprentice = {});
  std::vector<User> users();
  std::optional<User> user(const std::string& name);
  std::optional<User> user_by_id(std::int64_t id);
  /// Disabling also ends the user's sessions, and their tokens stop working while disabled.
  void set_disabled(const std::string& name, bool disabled);
  /// Ends the user's sessions.
  void set_password(const std::string& name, const std::string& password);
  /// `assessor` must have role assessor. Assigning twice changes nothing.
  void assign(const std::string& assessor, const std::string& apprentice);
  void unassign(const std::string& assessor, const std::string& apprentice);

  /// Checks a name and password, throttled per name and per remote address.
  LoginResult login(const std::string& name, const std::string& password, const std::string& remote);

  /// A new session for the user, ended after `lifetime_seconds` without use (and at the latest
  /// after k_session_absolute_limit_seconds).
  Session open_session(std::int64_t user, std::int64_t lifetime_seconds);
  /// Null when unknown, expired or its user is disabled; otherwise slides its expiry.
  std::optional<Session> session(const std::string& id);
  void close_session(const std::string& id);

  /// A new bearer token for the user; returns the secret, which is shown once and never stored.
  std::string add_token(const std::string& user, const std::string& label);
  /// The token's user, when the token is known, not revoked and its user not disabled.
  std::optional<User> user_for_token(const std::string& secret);
  /// Every token, or one user's; oldest first.
  std::vector<Token> tokens(const std::string& user = {});
  /// Throws InputError when there is no such token.
  void revoke_token(std::int64_t id);

  /// UK GDPR erasure, with `evidex forget`: removes the apprentice's accounts and assignments, and
  /// blanks the apprentice, item and detail of audit entries about them and the user of entries by
  /// their logins (as "(erased)"): the log keeps that something was done, and when, by whom else.
  /// Old row contents are overwritten (secure_delete) and the WAL is emptied.
  AccountsErasure forget_apprentice(const std::string& apprentice);

  void audit(const User& who, std::string_view action, std::string_view apprentice, std::string_view item,
             std::string_view detail, std::string_view remote);
  std::vector<AuditEntry> audit_log(const AuditFilter& filter);

private:
  std::int64_t now() const { return m_now(); }
  // The caller holds m_mutex in all of these.
  std::optional<User> user_where(std::string_view condition, const std::function<void(indexer::Stmt&)>& bind);
  User require_user(const std::string& name);
  void end_sessions(std::int64_t user);

  std::filesystem::path m_file;
  std::unique_ptr<indexer::Db> m_db;
  std::function<std::int64_t()> m_now;
  // The SQLite connection is opened without its own mutex (as every evidex connection is).
  std::mutex m_mutex;
};

/// Authorisation, one place: the server asks these on every route and item.
/// apprentice: their own; assessor: assigned; iqa, admin: all. A disabled user may do nothing.
bool may_read(const User& u, const std::string& apprentice);
/// Every apprentice's evidence, present and future: iqa and admin (search needs no filter for them).
bool may_read_all(const User& u);
/// Tag and untag: an assessor, on assigned apprentices only.
bool may_tag(const User& u, const std::string& apprentice);
/// Confirm or reject inferred suggestions: the apprentice on their own evidence, or an assessor
/// on an assigned apprentice's.
bool may_decide(const User& u, const std::string& apprentice);
/// Upload a showcase: the apprentice their own; an admin anyone's.
bool may_upload(const User& u, const std::string& apprentice);
/// Draw an IQA sample, see duplicates across apprentices: iqa and admin.
bool may_sample(const User& u);
/// Users, assignments, tokens and the audit log: admin.
bool may_manage_users(const User& u);

}  // namespace evidex::query::access
