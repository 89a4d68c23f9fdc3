// Rebuilding the search index from the records. The new index is written and compacted beside the
// old one and swapped in with one rename, so a search never sees a half-built index and a crash
// leaves the old index (or none) rather than a mixture.
#include "indexer/store/index_writer.hpp"
#include "indexer/store/store.hpp"
#include "indexer/util/errors.hpp"

#include <xapian.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>

namespace evidex::indexer {
namespace fs = std::filesystem;

namespace {

// Exchanges the two directories in one step (renameat2 RENAME_EXCHANGE), or renames `fresh` into
// place when there is nothing to exchange with.
void swap_in(const fs::path& fresh, const fs::path& live) {
  std::error_code ec;
  if (!fs::exists(live, ec)) {
    fs::rename(fresh, live, ec);
    if (ec) {
      throw StoreError(live.string() + ": cannot put the new index in place: " + ec.message());
    }
    return;
  }
  if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, live.c_str(), RENAME_EXCHANGE) != 0) {
    throw StoreError(live.string() + ": cannot swap in the new index: " + std::strerror(errno));
  }
}

}  // namespace

Store::Reindexed Store::rebuild_index() {
  if (m_mode != Mode::write) {
    throw StoreError(m_dir.string() + ": rebuilding the index needs the store open for writing");
  }
  const fs::path building = m_dir / "xapian.rebuilding";
  const fs::path compacted = m_dir / "xapian.compacting";
  std::error_code ec;
  // Left by an interrupted reindex or forget: never the live index.
  fs::remove_all(building, ec);
  fs::remove_all(compacted, ec);
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
  try {
    Xapian::Database db(building.string());
    result.documents = db.get_doccount();
    db.compact(compacted.string());
  } catch (const Xapian::Error& e) {
    fs::remove_all(building, ec);
    fs::remove_all(compacted, ec);
    throw index_error(building, e);
  }
  fs::remove_all(building, ec);
  swap_in(compacted, xapian_dir());
  // After an exchange `compacted` holds the old (perhaps damaged) index.
  fs::remove_all(compacted, ec);
  m_db.exec("DELETE FROM index_pending");
  // Inferred tags are drawn from the index, and were left out while it was unusable.
  m_db.exec("INSERT OR IGNORE INTO tagging_pending(apprentice) SELECT id FROM apprentices");
  m_index_problem.clear();
  return result;
}

}  // namespace evidex::indexer
