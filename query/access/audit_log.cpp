// The audit log: who viewed, downloaded, tagged, erased or changed what, and when. Rows are only
// ever added; nothing in evidex updates or deletes them.
#include "query/access/accounts.hpp"

#include "indexer/store/sqlite.hpp"
#include "query/access/accounts_file.hpp"

namespace evidex::query::access {

void Accounts::audit(const User& who, std::string_view action, std::string_view apprentice, std::string_view item,
                     std::string_view detail, std::string_view remote) {
  std::lock_guard lock(m_mutex);
  m_db->prepare("INSERT INTO audit (at, user, role, action, apprentice, item, detail, remote) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(1, utc_iso8601(now()))
      .bind(2, who.name)
      .bind(3, role_name(who.role))
      .bind(4, action)
      .bind(5, apprentice)
      .bind(6, item)
      .bind(7, detail)
      .bind(8, remote)
      .run();
}

std::vector<AuditEntry> Accounts::audit_log(const AuditFilter& filter) {
  std::lock_guard lock(m_mutex);
  // An empty filter field matches every row.
  auto stmt = m_db->prepare(
      "SELECT id, at, user, role, action, apprentice, item, detail, remote FROM audit "
      "WHERE (?1 = '' OR user = ?1) AND (?2 = '' OR apprentice = ?2) AND (?3 = '' OR action = ?3) "
      "ORDER BY id DESC LIMIT ?4");
  stmt.bind(1, filter.user).bind(2, filter.apprentice).bind(3, filter.action);
  stmt.bind(4, static_cast<std::int64_t>(filter.limit));
  std::vector<AuditEntry> out;
  while (stmt.step()) {
    AuditEntry e;
    e.id = stmt.integer(0);
    e.at = stmt.text(1);
    e.user = stmt.text(2);
    e.role = stmt.text(3);
    e.action = stmt.text(4);
    e.apprentice = stmt.text(5);
    e.item = stmt.text(6);
    e.detail = stmt.text(7);
    e.remote = stmt.text(8);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace evidex::query::access
