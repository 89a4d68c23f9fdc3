// Erasure of one apprentice. Deleting rows is not enough for personal data: SQLite keeps deleted
// pages (secure_delete zeroes them) and old pages in its WAL (checkpointed and truncated), and a
// Xapian database keeps the blocks of deleted documents until it is compacted.
#include "indexer/store/index_writer.hpp"
#include "indexer/store/store.hpp"
#include "indexer/util/test_hooks.hpp"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
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

std::size_t count_blob_files(const fs::path& blobs) {
  std::size_t n = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(blobs, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    n += it->is_regular_file(ec) ? 1 : 0;
  }
  return n;
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
  std::set<std::string> unique(hashes.begin(), hashes.end());
  // Journalled before the records go: a forget killed after its commit leaves the hashes for the
  // next writer to collect.
  {
    std::ofstream journal(freed_journal(), std::ios::app);
    for (const auto& sha : unique) {
      journal << sha << '\n';
    }
    if (!journal.flush()) {
      throw StoreError(freed_journal().string() + ": cannot write: " + std::strerror(errno));
    }
  }
  {
    Transaction t(m_db);
    // Cascades to bundles, items, item_text, tags, tag_problems, signatures and decisions.
    m_db.prepare("DELETE FROM apprentices WHERE id = ?").bind(1, apprentice).run();
    m_db.prepare("DELETE FROM index_pending WHERE apprentice = ?").bind(1, apprentice).run();
    m_db.prepare("DELETE FROM tagging_pending WHERE apprentice = ?").bind(1, apprentice).run();
    t.commit();
  }
  test_kill_point("forget-after-commit");
  m_item_text.reset();
  m_db.exec("VACUUM");
  m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)");

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
  // Blobs no row references, whoever's they were: an ingest killed before this fix, or between
  // its commit and its clean-up, may have left some of this apprentice's files with no record.
  std::size_t before = count_blob_files(m_dir / "blobs");
  std::vector<fs::path> stuck = sweep_unreferenced_blobs();
  result.strays_removed = before - count_blob_files(m_dir / "blobs");
  // Verified, not assumed: each of the apprentice's unshared originals is gone from the disk.
  for (const auto& sha : unique) {
    std::error_code ec;
    if (sha.size() == 64 && fs::exists(blob_file(sha), ec) &&
        std::find(stuck.begin(), stuck.end(), blob_file(sha)) == stuck.end()) {
      used.bind(1, sha);
      used.step();
      bool shared = used.integer(0) > 0;
      used.reset();
      if (!shared) {
        stuck.push_back(blob_file(sha));
      }
    }
  }
  if (!stuck.empty()) {
    throw StoreError(stuck.front().string() + ": apprentice " + apprentice + "'s records are erased but " +
                     std::to_string(stuck.size()) + " stored original(s) could not be removed from the disk");
  }
  std::error_code ec;
  fs::remove(freed_journal(), ec);
  compact_index(xapian_dir());
  return result;
}

}  // namespace evidex::indexer
