// The criteria that stand for one path of a portfolio: the rule of Store::tags() (a rejection hides
// an automatic tag, a confirmation adds one while the path is in the portfolio) asked of one path,
// so that a search hit reads its few rows through the (bundle, path) and (item, ref) keys instead
// of every tag of the apprentice.
#include "indexer/store/store.hpp"

namespace evidex::indexer {

std::vector<std::vector<std::string>> Store::path_refs(const std::vector<std::pair<std::string, std::string>>& paths,
                                                       bool with_inferred) {
  Stmt s = m_db.prepare(
      "SELECT t.ref FROM tags t JOIN items i ON t.item = i.id JOIN bundles b ON i.bundle = b.id "
      "WHERE b.apprentice = ?1 AND i.path = ?2 AND (?3 OR t.source <> 'inferred') AND NOT EXISTS("
      "  SELECT 1 FROM decisions d WHERE d.apprentice = ?1 AND d.path = ?2 AND d.ref = t.ref "
      "  AND d.decision = 'reject') "
      "UNION "
      "SELECT d.ref FROM decisions d WHERE d.apprentice = ?1 AND d.path = ?2 AND d.decision <> 'reject' "
      "AND EXISTS(SELECT 1 FROM items i JOIN bundles b ON i.bundle = b.id WHERE b.apprentice = ?1 AND i.path = ?2) "
      "ORDER BY 1");
  std::vector<std::vector<std::string>> out;
  out.reserve(paths.size());
  for (const auto& [apprentice, path] : paths) {
    s.bind(1, apprentice).bind(2, path).bind(3, static_cast<std::int64_t>(with_inferred ? 1 : 0));
    auto& refs = out.emplace_back();
    while (s.step()) {
      refs.push_back(s.text(0));
    }
    s.reset();
  }
  return out;
}

}  // namespace evidex::indexer
