/** @file
 * @brief One apprentice's records, read from the store once for a command: who they are, their
 * bundles, items, the tags that stand, the decisions and the problems found while tagging; each
 * item's extracted text is read the first time a check asks for it and kept.
 *
 * Coverage, the readiness check, the declaration, the duplicates' second look and the report all
 * take the same snapshot, so one `check` or `report` reads each item's text once, not once per
 * check that looks at it.
 */
#pragma once

#include "indexer/store/store.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace evidex::query {

class ApprenticeSnapshot {
public:
  /// Reads the records now; the texts later, from `store`, which must outlive the snapshot.
  ApprenticeSnapshot(indexer::Store& store, const std::string& apprentice);

  ApprenticeSnapshot(const ApprenticeSnapshot&) = delete;
  ApprenticeSnapshot& operator=(const ApprenticeSnapshot&) = delete;

  indexer::Store& store() const { return m_store; }
  const std::string& id() const { return m_info.id; }
  /// As registered; only the ID when the apprentice is not registered.
  const indexer::ApprenticeInfo& info() const { return m_info; }
  bool registered() const { return m_registered; }
  /// The portfolio, in the order the bundles arrived.
  const std::vector<indexer::BundleInfo>& bundles() const { return m_bundles; }
  const std::vector<indexer::ItemRecord>& items() const { return m_items; }
  /// The tags that stand (indexer::Store::tags).
  const std::vector<indexer::TagRecord>& tags() const { return m_tags; }
  const std::vector<indexer::Decision>& decisions() const { return m_decisions; }
  /// (path, message) from tagging.
  const std::vector<std::pair<std::string, std::string>>& tag_problems() const { return m_tag_problems; }

  /// The item's extracted text ("" for none); read from the store on the first call only.
  const std::string& text(std::int64_t item_id) const;
  /// How many texts were read from the store so far.
  std::size_t texts_read() const { return m_texts.size(); }

private:
  indexer::Store& m_store;
  indexer::ApprenticeInfo m_info;
  bool m_registered = false;
  std::vector<indexer::BundleInfo> m_bundles;
  std::vector<indexer::ItemRecord> m_items;
  std::vector<indexer::TagRecord> m_tags;
  std::vector<indexer::Decision> m_decisions;
  std::vector<std::pair<std::string, std::string>> m_tag_problems;
  mutable std::unordered_map<std::int64_t, std::string> m_texts;
};

}  // namespace evidex::query
