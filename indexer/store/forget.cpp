// Erasure of one apprentice. Deleting rows is not enough for personal data: SQLite keeps deleted
// pages (secure_delete zeroes them) and old pages in its WAL (checkpointed and truncated), and a
// Xapian database keeps the blocks of deleted documents until it is compacted.
#include "indexer/store/index_swap.hpp"
#include "indexer/store/index_writer.hpp"
#include "indexer/store/journal.hpp"
#include "indexer/store/store.hpp"
#include "indexer/util/test_hooks.hpp"

#include <xapian.h>

#include <algorithm>

namespace evidex::indexer {
namespace fs = std::filesystem;

namespace {

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
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());

  // From here until every copy is gone, a killed forget is finished by the next writer.
  write_marker(erasure_marker());
  test_kill_point("forget-marked");
  // The index first: if the SQLite deletion then failed, the records are still there and the next
  // writer, finding the marker, rebuilds the index from them. A damaged index must not stop an
  // erasure: it is rebuilt from the records once they are gone.
  bool index_damaged = false;
  try {
    IndexWriter writer(xapian_dir());
    writer.remove_apprentice(apprentice);
    writer.commit();
  } catch (const IndexError& e) {
    if (e.disk_full()) {
      // Nothing was erased yet and a rebuild would not fit either: say so and leave the store as it was.
      std::error_code ec;
      fs::remove(erasure_marker(), ec);
      throw;
    }
    index_damaged = true;
  }
  test_kill_point("forget-index-removed");
  append_journal(freed_journal(), hashes);
  test_kill_point("forget-journalled");
  {
    Transaction t(m_db);
    // Cascades to bundles, items, item_text, tags, tag_problems, signatures and decisions.
    m_db.prepare("DELETE FROM apprentices WHERE id = ?").bind(1, apprentice).run();
    m_db.prepare("DELETE FROM index_pending WHERE apprentice = ?").bind(1, apprentice).run();
    m_db.prepare("DELETE FROM tagging_pending WHERE apprentice = ?").bind(1, apprentice).run();
    t.commit();
  }
  test_kill_point("forget-after-commit");
  finish_erasure(index_damaged, hashes, result);
  return result;
}

void Store::finish_erasure(bool rebuild, const std::vector<std::string>& freed, Forgotten& result) {
  // Deleted rows are zeroed (secure_delete), but their older versions stay in WAL frames and the
  // rewritten file must not keep a freed page: VACUUM, then an empty WAL.
  m_item_text.reset();
  m_db.exec("VACUUM");
  test_kill_point("forget-vacuumed");
  truncate_wal();
  test_kill_point("forget-wal-truncated");

  Stmt used = m_db.prepare("SELECT (SELECT COUNT(*) FROM items WHERE sha256 = ?1) + "
                           "(SELECT COUNT(*) FROM bundles WHERE sha256 = ?1)");
  auto referenced = [&](const std::string& sha) {
    used.bind(1, sha);
    used.step();
    bool shared = used.integer(0) > 0;
    used.reset();
    return shared;
  };
  for (const auto& sha : freed) {
    if (sha.size() != 64) {
      continue;
    }
    std::error_code ec;
    if (referenced(sha)) {
      ++result.blobs_kept;
    } else if (fs::remove(blob_file(sha), ec)) {
      ++result.blobs_removed;
    }
  }
  // Blobs no row references, whoever's they were: an ingest killed between its commit and its
  // clean-up, or a forget killed before this point, may have left some with no record.
  std::size_t before = count_blob_files(m_dir / "blobs");
  std::vector<fs::path> stuck = sweep_unreferenced_blobs();
  result.strays_removed = before - count_blob_files(m_dir / "blobs");
  // Verified, not assumed: each of the freed originals that nobody shares is gone from the disk.
  for (const auto& sha : freed) {
    std::error_code ec;
    if (sha.size() == 64 && fs::exists(blob_file(sha), ec) &&
        std::find(stuck.begin(), stuck.end(), blob_file(sha)) == stuck.end() && !referenced(sha)) {
      stuck.push_back(blob_file(sha));
    }
  }
  if (!stuck.empty()) {
    throw StoreError(stuck.front().string() + ": the records are erased but " + std::to_string(stuck.size()) +
                     " stored original(s) could not be removed from the disk");
  }
  test_kill_point("forget-blobs-removed");

  // Compaction writes new tables holding only live documents; the old ones, with the erased
  // documents' blocks, are deleted.
  if (!rebuild) {
    try {
      // Until the old tables are removed they still hold the erased documents: the erasure marker
      // stays until then, and a rebuild (which removes xapian.compacting first) finishes a forget
      // killed in between.
      compact_index(xapian_dir(), "forget-index-swapped");
    } catch (const StoreError&) {
      rebuild = true;
    }
  }
  if (rebuild) {
    rebuild_index(false);
    result.index_rebuilt = true;
  }
  test_kill_point("forget-index-compacted");
  std::error_code ec;
  fs::remove(freed_journal(), ec);
  fs::remove(erasure_marker(), ec);
}

void Store::truncate_wal() {
  // A reader still on an older snapshot keeps its frames needed; the busy handler waits for it
  // (up to the connection's timeout), and a WAL that could not be emptied is not claimed to be.
  Stmt s = m_db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
  if (s.step() && s.integer(0) != 0) {
    throw StoreError(m_db.name() + ": the records are erased, but a reader still holds older pages of the "
                     "database in its write-ahead log; the erasure is finished by the next evidex command "
                     "that writes to this store");
  }
}

void Store::finish_interrupted_erasure() {
  if (!fs::exists(erasure_marker())) {
    return;
  }
  // Which step the forget reached is unknown: the index is rebuilt from the records, which either
  // still hold the apprentice whole (killed before its commit) or not at all.
  Forgotten ignored;
  try {
    finish_erasure(true, read_journal(freed_journal()), ignored);
  } catch (const StoreError& e) {
    throw StoreError(std::string("finishing an interrupted forget: ") + e.what());
  }
}

}  // namespace evidex::indexer
