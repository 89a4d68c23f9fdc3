// The store's tag records: automatic tags written by the tagger, and people's decisions, which
// are kept by path so that a new upload of the same bundle does not lose them.
#include "indexer/store/store.hpp"
#include "indexer/util/test_hooks.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace evidex::indexer {
namespace {

constexpr const char* k_tag_select =
    "SELECT t.item, i.path, t.ref, t.source, t.score, t.span, t.place, t.offset, t.detail "
    "FROM tags t JOIN items i ON t.item = i.id JOIN bundles b ON i.bundle = b.id "
    "WHERE b.apprentice = ? ORDER BY i.path, t.ref, t.source";

TagRecord read_tag(const Stmt& s) {
  TagRecord t;
  t.item = s.integer(0);
  t.path = s.text(1);
  t.ref = s.text(2);
  t.source = s.text(3);
  if (!s.is_null(4)) {
    t.score = s.real(4);
  }
  t.span = s.text(5);
  t.place = s.text(6);
  if (!s.is_null(7)) {
    t.offset = s.integer(7);
  }
  t.detail = s.text(8);
  return t;
}

}  // namespace

std::vector<std::string> Store::tagging_pending() {
  std::vector<std::string> out;
  Stmt s = m_db.prepare("SELECT apprentice FROM tagging_pending ORDER BY apprentice");
  while (s.step()) {
    out.push_back(s.text(0));
  }
  return out;
}

void Store::replace_tags(const std::string& apprentice, const std::vector<NewTag>& tags,
                         const std::vector<std::pair<std::string, std::string>>& problems) {
  bool index_current = false;
  {
    Transaction t(m_db);
    index_current = !index_pending(apprentice);
    m_db.prepare("DELETE FROM tags WHERE item IN (SELECT i.id FROM items i JOIN bundles b ON "
                 "i.bundle = b.id WHERE b.apprentice = ?)")
        .bind(1, apprentice)
        .run();
    m_db.prepare("DELETE FROM tag_problems WHERE apprentice = ?").bind(1, apprentice).run();
    Stmt insert = m_db.prepare(
        "INSERT OR IGNORE INTO tags(item, ref, source, score, span, place, offset, detail) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& tag : tags) {
      insert.bind(1, tag.item).bind(2, tag.ref).bind(3, tag.source);
      tag.score ? insert.bind(4, *tag.score) : insert.bind_null(4);
      insert.bind(5, tag.span).bind(6, tag.place).bind_optional(7, tag.offset).bind(8, tag.detail);
      insert.run();
    }
    Stmt problem = m_db.prepare("INSERT INTO tag_problems(apprentice, path, message) VALUES(?, ?, ?)");
    for (const auto& [path, message] : problems) {
      problem.bind(1, apprentice).bind(2, path).bind(3, message).run();
    }
    test_kill_point("uncommitted-tags");
    m_db.prepare("DELETE FROM tagging_pending WHERE apprentice = ?").bind(1, apprentice).run();
    m_db.prepare("INSERT OR IGNORE INTO index_pending(apprentice) VALUES(?)").bind(1, apprentice).run();
    t.commit();
  }
  test_kill_point("tags-committed");
  // Only criterion terms change in the index when it was current before.
  sync_index(index_current ? apprentice : std::string());
}

std::vector<TagRecord> Store::automatic_tags(const std::string& apprentice) {
  std::vector<TagRecord> out;
  Stmt s = m_db.prepare(k_tag_select);
  s.bind(1, apprentice);
  while (s.step()) {
    out.push_back(read_tag(s));
  }
  return out;
}

std::vector<TagRecord> Store::tags(const std::string& apprentice) {
  std::set<std::pair<std::string, std::string>> rejected;
  std::vector<TagRecord> out;
  std::vector<Decision> confirmed;
  for (auto& d : decisions(apprentice)) {
    if (d.decision == "reject") {
      rejected.emplace(d.path, d.ref);
    } else {
      confirmed.push_back(std::move(d));
    }
  }
  for (auto& tag : automatic_tags(apprentice)) {
    if (!rejected.count({tag.path, tag.ref})) {
      out.push_back(std::move(tag));
    }
  }
  for (const auto& d : confirmed) {
    auto item = this->item(apprentice, d.path);
    if (!item) {
      continue;  // the item is not in the portfolio now; the decision waits for it
    }
    TagRecord t;
    t.item = item->id;
    t.path = d.path;
    t.ref = d.ref;
    t.source = "manual";
    t.span = d.note;
    t.place = "decision";
    t.detail = "confirmed by " + d.by + " at " + d.at;
    out.push_back(std::move(t));
  }
  std::stable_sort(out.begin(), out.end(), [](const TagRecord& a, const TagRecord& b) {
    return std::tie(a.path, a.ref) < std::tie(b.path, b.ref);
  });
  return out;
}

std::vector<std::pair<std::string, std::string>> Store::tag_problems(const std::string& apprentice) {
  std::vector<std::pair<std::string, std::string>> out;
  Stmt s = m_db.prepare("SELECT path, message FROM tag_problems WHERE apprentice = ? ORDER BY rowid");
  s.bind(1, apprentice);
  while (s.step()) {
    out.emplace_back(s.text(0), s.text(1));
  }
  return out;
}

void Store::decide(const std::string& apprentice, const Decision& d) {
  bool index_current = false;
  {
    Transaction t(m_db);
    index_current = !index_pending(apprentice);
    m_db.prepare("INSERT INTO decisions(apprentice, path, ref, decision, decided_by, decided_at, note) "
                 "VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(apprentice, path, ref) DO UPDATE SET "
                 "decision = excluded.decision, decided_by = excluded.decided_by, "
                 "decided_at = excluded.decided_at, note = excluded.note")
        .bind(1, apprentice).bind(2, d.path).bind(3, d.ref).bind(4, d.decision)
        .bind(5, d.by).bind(6, d.at).bind(7, d.note)
        .run();
    m_db.prepare("INSERT OR IGNORE INTO index_pending(apprentice) VALUES(?)").bind(1, apprentice).run();
    t.commit();
  }
  sync_index(index_current ? apprentice : std::string());
}

bool Store::undecide(const std::string& apprentice, const std::string& path, const std::string& ref) {
  bool removed = false;
  bool index_current = false;
  {
    Transaction t(m_db);
    index_current = !index_pending(apprentice);
    m_db.prepare("DELETE FROM decisions WHERE apprentice = ? AND path = ? AND ref = ?")
        .bind(1, apprentice).bind(2, path).bind(3, ref)
        .run();
    removed = m_db.changes() > 0;
    m_db.prepare("INSERT OR IGNORE INTO index_pending(apprentice) VALUES(?)").bind(1, apprentice).run();
    t.commit();
  }
  sync_index(index_current ? apprentice : std::string());
  return removed;
}

std::vector<Decision> Store::decisions(const std::string& apprentice) {
  std::vector<Decision> out;
  Stmt s = m_db.prepare("SELECT path, ref, decision, decided_by, decided_at, note FROM decisions "
                        "WHERE apprentice = ? ORDER BY path, ref");
  s.bind(1, apprentice);
  while (s.step()) {
    out.push_back(Decision{s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5)});
  }
  return out;
}

}  // namespace evidex::indexer
