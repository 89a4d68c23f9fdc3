/** @file
 * @brief Writes one bundle into the store item by item, inside one SQLite transaction: an ingest
 * hands each item over as its worker finishes, so no item's text waits in memory for the others,
 * and nothing is visible to readers until commit(). When the apprentice's documents in the search
 * index are current, each item is indexed as it is stored, in a Xapian transaction committed right
 * after SQLite's: no text is read back, and the index work overlaps the extraction. Should anything
 * stop it in between, the apprentice's index mark (set inside the SQLite transaction) makes the
 * next writer rebuild their documents from the records.
 */
#pragma once

#include "indexer/store/index_writer.hpp"
#include "indexer/store/store.hpp"
#include "indexer/store/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace evidex::indexer {

class BundleWriter {
public:
  /// Opens the transaction, takes out the bundles the new one replaces (named `name`, or with
  /// replace_all every bundle of the apprentice) and writes a provisional bundle row.
  BundleWriter(Store& store, const ApprenticeInfo& who, const BundleInfo& bundle, Placement placement);
  BundleWriter(const BundleWriter&) = delete;
  BundleWriter& operator=(const BundleWriter&) = delete;
  ~BundleWriter();  // not committed: rolled back

  /// Writes one item; NewItem::parent_index counts the items added before it (parents come first).
  /// Returns the item's id.
  std::int64_t add(const NewItem& item);
  std::size_t added() const { return m_ids.size(); }

  /// Completes the bundle row from `bundle` (counts, time, warnings), flushes the originals,
  /// commits, removes the originals nobody uses any more, then brings the index up to date.
  PortfolioChange commit(const BundleInfo& bundle);

private:
  void open_live_index();

  Store& m_store;
  std::string m_apprentice;
  std::optional<Transaction> m_transaction;
  std::optional<Stmt> m_insert;
  std::optional<Stmt> m_insert_text;
  std::int64_t m_bundle_id = 0;
  std::vector<std::int64_t> m_ids;
  std::set<std::string> m_new_paths;
  std::set<std::string> m_old_paths;
  std::vector<std::string> m_old_hashes;
  PortfolioChange m_change;
  std::optional<IndexWriter> m_index;  // indexing as items come; empty when sync_index() must do it
};

}  // namespace evidex::indexer
