#include "query/snapshot/apprentice_snapshot.hpp"

namespace evidex::query {

ApprenticeSnapshot::ApprenticeSnapshot(indexer::Store& store, const std::string& apprentice)
    : m_store(store),
      m_bundles(store.bundles_of(apprentice)),
      m_items(store.items(apprentice)),
      m_tags(store.tags(apprentice)),
      m_decisions(store.decisions(apprentice)),
      m_tag_problems(store.tag_problems(apprentice)) {
  if (auto who = store.apprentice(apprentice)) {
    m_info = std::move(*who);
    m_registered = true;
  } else {
    m_info.id = apprentice;
  }
}

const std::string& ApprenticeSnapshot::text(std::int64_t item_id) const {
  auto it = m_texts.find(item_id);
  if (it == m_texts.end()) {
    it = m_texts.emplace(item_id, m_store.item_text(item_id)).first;
  }
  return it->second;
}

}  // namespace evidex::query
