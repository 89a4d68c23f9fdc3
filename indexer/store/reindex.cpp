// Rebuilding the search index from the records. The new index is written and compacted beside the
// old one and swapped in with one rename, so a search never sees a half-built index and a crash
// leaves the old index (or none) rather than a mixture.
#include "indexer/store/index_swap.hpp"
#include "indexer/store/index_writer.hpp"
#include "indexer/store/store.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/test_hooks.hpp"

#include <xapian.h>


namespace evidex::indexer {
namespace fs = std::filesystem;

namespace {

constexpr const char* k_building = "xapian.rebuilding";
constexpr const char* k_compacted = "xapian.compacting";

}  // namespace

void Store::discard_interrupted_rebuild() {
  std::error_code ec;
  // Only beside a live index are the copies certainly not it: a forget killed between its two
  // renames leaves its compacted index under the second name and none under xapian/.
  if (!fs::exists(xapian_dir(), ec)) {
    return;
  }
  fs::remove_all(m_dir / k_building, ec);
  fs::remove_all(m_dir / k_compacted, ec);
}

void Store::compact_index_if_grown() {
  if (m_mode != Mode::write || !m_index_problem.empty() || !fs::exists(xapian_dir())) {
    return;
  }
  try {
    if (!index_wants_compaction(xapian_dir())) {
      return;
    }
    mark_index_compacted(xapian_dir());
    compact_index(xapian_dir(), "index-compaction-swapped");
  } catch (const StoreError& e) {
    // Compaction only saves space: the index as it was still answers every search.
    m_index_problem = std::string(e.what());
  }
}

Store::Reindexed Store::rebuild_index(bool retag_all) {
  if (m_mode != Mode::write) {
    throw StoreError(m_dir.string() + ": rebuilding the index needs the store open for writing");
  }
  const fs::path building = m_dir / k_building;
  const fs::path compacted = m_dir / k_compacted;
  std::error_code ec;
  // Left by an interrupted reindex or forget: never the live index.
  fs::remove_all(building, ec);
  fs::remove_all(compacted, ec);
  fs::remove_all(m_dir / "xapian.old", ec);  // left by a forget of evidex before 2026-12
  test_kill_point("reindex-leftovers-removed");
  // Inferred tags are drawn from the index, and were left out while it was unusable: every
  // portfolio is tagged again from the new one. Marked first, so that a reindex killed at any
  // later point still leaves the marks for the next writer.
  if (retag_all) {
    m_db.exec("INSERT OR IGNORE INTO tagging_pending(apprentice) SELECT id FROM apprentices");
  }
  test_kill_point("reindex-tagging-marked");
  Reindexed result;
  try {
    IndexWriter writer(building);
    for (const auto& who : apprentices()) {
      writer.replace_apprentice(*this, who.id);
      ++result.apprentices;
    }
    writer.commit();
  } catch (...) {
    // Records that cannot all be read (a damaged database, a full disk) leave no half-built index
    // holding some of them; the writer is closed by now.
    fs::remove_all(building, ec);
    throw;
  }
  test_kill_point("reindex-copy-written");
  try {
    Xapian::Database db(building.string());
    result.documents = db.get_doccount();
    db.compact(compacted.string());
  } catch (const Xapian::Error& e) {
    fs::remove_all(building, ec);
    fs::remove_all(compacted, ec);
    throw index_error(building, e);
  }
  test_kill_point("reindex-copy-compacted");
  fs::remove_all(building, ec);
  test_kill_point("reindex-copy-removed");
  swap_in_index(compacted, xapian_dir());
  test_kill_point("reindex-swapped");
  // After an exchange `compacted` holds the old (perhaps damaged) index.
  fs::remove_all(compacted, ec);
  test_kill_point("reindex-old-index-removed");
  m_db.exec("DELETE FROM index_pending");
  test_kill_point("reindex-index-marked-current");
  m_index_problem.clear();
  return result;
}

}  // namespace evidex::indexer
