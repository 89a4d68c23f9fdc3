// Erasure of one apprentice. Deleting rows is not enough for personal data: SQLite keeps deleted
// pages (secure_delete zeroes them) and old pages in its WAL (checkpointed and truncated), and a
// Xapian database keeps the blocks of deleted documents until it is compacted.
#include "indexer/store/index_writer.hpp"
#include "indexer/store/store.hpp"

#include <xapian.h>

#include <set>

namespace evidex::indexer {
namespace fs = std::filesystem;

namespace {

// Rewrites the index with only its live documents, then swaps it in.
void compact_index(const fs::path& dir) {
  if (!fs::exists(dir)) {
    return;
  }
  fs::path fresh = dir.parent_path() / "xapian.compacting";
  fs::path old = dir.parent_path() / "xapian.old";
  std::error_code ec;
  fs::remove_all(fresh, ec);
  fs::remove_all(old, ec);
  try {
    Xapian::Database(dir.string()).compact(fresh.string());
  } catch (const Xapian::Error& e) {
    fs::remove_all(fresh, ec);
    throw StoreError(dir.string() + ": cannot compact the index: " + e.get_description());
  }
  fs::rename(dir, old, ec);
  if (ec) {
    throw StoreError(dir.string() + ": cannot replace the index: " + ec.message());
  }
  fs::rename(fresh, dir, ec);
  if (ec) {
    fs::rename(old, dir, ec);
    throw StoreError(dir.string() + ": cannot replace the index: " + ec.message());
  }
  fs::remove_all(old, ec);
}

}  // namespace

std::optional<Store::Forgotten> Store::forget(const std::string& apprentice) {
  if (!this->apprentice(apprentice)) {
    return std::nullopt;
  }
  Forgotten result;
  std::vector<std::string> hashes;
  for (const auto& bundle : bundles_of(apprentice)) {
    hashes.push_back(bundle.sha256);
  }
  for (const auto& item : items(apprentice)) {
    hashes.push_back(item.sha256);
    ++result.items;
  }

  // The index first: if the SQLite deletion then failed, the next writer would rebuild the
  // documents from the records that are still there.
  {
    IndexWriter writer(xapian_dir());
    writer.remove_apprentice(apprentice);
    writer.commit();
  }
  {
    Transaction t(m_db);
    // Cascades to bundles, items, item_text, tags, tag_problems, signatures and decisions.
    m_db.prepare("DELETE FROM apprentices WHERE id = ?").bind(1, apprentice).run();
    m_db.prepare("DELETE FROM index_pending WHERE apprentice = ?").bind(1, apprentice).run();
    m_db.prepare("DELETE FROM tagging_pending WHERE apprentice = ?").bind(1, apprentice).run();
    t.commit();
  }
  m_item_text.reset();
  m_db.exec("VACUUM");
  m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)");

  std::set<std::string> unique(hashes.begin(), hashes.end());
  Stmt used = m_db.prepare("SELECT (SELECT COUNT(*) FROM items WHERE sha256 = ?1) + "
                           "(SELECT COUNT(*) FROM bundles WHERE sha256 = ?1)");
  for (const auto& sha : unique) {
    if (sha.size() != 64) {
      continue;
    }
    used.bind(1, sha);
    used.step();
    bool shared = used.integer(0) > 0;
    used.reset();
    std::error_code ec;
    if (shared) {
      ++result.blobs_kept;
    } else if (fs::remove(blob_file(sha), ec)) {
      ++result.blobs_removed;
    }
  }
  compact_index(xapian_dir());
  return result;
}

}  // namespace evidex::indexer
