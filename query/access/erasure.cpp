// An apprentice's erasure from accounts.sqlite: `evidex forget` erases the evidence store, this the
// accounts, so that no file of the store names them afterwards.
#include "query/access/accounts.hpp"

#include "indexer/store/sqlite.hpp"

#include <set>

namespace evidex::query::access {

/// What an erased apprentice or login becomes in the audit log.
constexpr const char* k_erased = "(erased)";

AccountsErasure Accounts::forget_apprentice(const std::string& apprentice) {
  AccountsErasure done;
  if (apprentice.empty()) {
    return done;
  }
  std::lock_guard lock(m_mutex);
  {
    indexer::Transaction tx(*m_db);
    std::vector<std::string> logins;
    // The audit entries changed, each counted once however many of the updates below touch it.
    std::set<std::int64_t> changed;
    auto collect = [&](const char* sql, const std::string& value) {
      auto stmt = m_db->prepare(sql);
      stmt.bind(1, value);
      while (stmt.step()) {
        changed.insert(stmt.integer(0));
      }
    };
    {
      auto stmt = m_db->prepare("SELECT name FROM users WHERE role = 'apprentice' AND apprentice = ?");
      stmt.bind(1, apprentice);
      while (stmt.step()) {
        logins.push_back(stmt.text(0));
      }
    }
    for (const auto& login : logins) {
      collect("SELECT id FROM audit WHERE user = ?1 OR instr(detail, ?1) > 0", login);
      m_db->prepare("UPDATE audit SET user = ? WHERE user = ?").bind(1, k_erased).bind(2, login).run();
      // A change made to their account names it in the detail ("user sam", "token 3 for user sam").
      m_db->prepare("UPDATE audit SET detail = '' WHERE instr(detail, ?) > 0").bind(1, login).run();
      m_db->prepare("DELETE FROM login_failures WHERE name = ?").bind(1, login).run();
    }
    collect("SELECT id FROM audit WHERE apprentice = ?1", apprentice);
    m_db->prepare("UPDATE audit SET apprentice = ?, item = '', detail = '' WHERE apprentice = ?")
        .bind(1, k_erased)
        .bind(2, apprentice)
        .run();
    done.audit_entries = static_cast<int>(changed.size());
    // Sessions and tokens go with their user (ON DELETE CASCADE).
    m_db->prepare("DELETE FROM users WHERE role = 'apprentice' AND apprentice = ?").bind(1, apprentice).run();
    done.accounts = m_db->changes();
    m_db->prepare("DELETE FROM assignments WHERE apprentice = ?").bind(1, apprentice).run();
    done.assignments = m_db->changes();
    tx.commit();
  }
  // The old pages are still in the WAL until a checkpoint copies the new ones over them; TRUNCATE
  // empties it. A server's open read snapshot can delay that until its next checkpoint.
  m_db->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return done;
}

}  // namespace evidex::query::access
