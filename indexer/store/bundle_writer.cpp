#include "indexer/store/bundle_writer.hpp"

#include "indexer/store/journal.hpp"
#include "indexer/util/test_hooks.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>

namespace evidex::indexer {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string meta_value(const std::map<std::string, std::string>& meta, const char* key) {
  auto it = meta.find(key);
  return it == meta.end() ? std::string() : it->second;
}

std::string json_text(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

BundleWriter::BundleWriter(Store& store, const ApprenticeInfo& who, const BundleInfo& bundle, Placement placement)
    : m_store(store), m_apprentice(who.id) {
  Db& db = m_store.db();
  m_transaction.emplace(db);
  m_store.update_apprentice(who);
  for (auto& earlier : m_store.bundles_of(who.id)) {
    if (placement == Placement::replace_all || earlier.name == bundle.name) {
      m_old_hashes.push_back(earlier.sha256);
      Stmt s = db.prepare("SELECT path, sha256 FROM items WHERE bundle = ?");
      s.bind(1, earlier.id);
      while (s.step()) {
        m_old_paths.insert(s.text(0));
        m_old_hashes.push_back(s.text(1));
      }
      // Inside the transaction: a reader sees the old bundle until the new one is committed.
      db.prepare("DELETE FROM bundles WHERE id = ?").bind(1, earlier.id).run();
      m_change.replaced.push_back(std::move(earlier));
    }
  }
  db.prepare("INSERT INTO bundles(apprentice, name, source, sha256, bytes, ingested_at, item_count, "
             "error_count, seconds, warnings) VALUES(?, ?, ?, ?, ?, ?, 0, 0, 0, '[]')")
      .bind(1, who.id)
      .bind(2, bundle.name)
      .bind(3, bundle.source)
      .bind(4, bundle.sha256)
      .bind(5, static_cast<std::int64_t>(bundle.bytes))
      .bind(6, bundle.ingested_at)
      .run();
  m_bundle_id = db.last_insert_id();
  test_kill_point("uncommitted-bundle-row");
  open_live_index();
  m_insert.emplace(db.prepare(
      "INSERT INTO items(bundle, parent, path, mime, type, name_mime, mismatch, bytes, sha256, words, "
      "pages, created, modified, title, author, meta, error, warnings) "
      "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  m_insert_text.emplace(db.prepare("INSERT INTO item_text(item, text) VALUES(?, ?)"));
}

BundleWriter::~BundleWriter() = default;

void BundleWriter::open_live_index() {
  Db& db = m_store.db();
  if (m_store.m_mode != Store::Mode::write || m_store.index_pending(m_apprentice) || !m_store.index_problem().empty()) {
    return;
  }
  std::error_code ec;
  if (!fs::exists(m_store.xapian_dir(), ec)) {
    // A missing index is only created here when it would hold nobody else: otherwise searches
    // would silently miss everyone it lost (sync_index() reports it instead).
    Stmt others = db.prepare("SELECT 1 FROM apprentices WHERE id <> ? AND id NOT IN "
                             "(SELECT apprentice FROM index_pending) LIMIT 1");
    others.bind(1, m_apprentice);
    if (others.step()) {
      return;
    }
  }
  try {
    m_index.emplace(m_store.xapian_dir());
    for (const auto& earlier : m_change.replaced) {
      m_index->remove_bundle(earlier.id);
    }
  } catch (const IndexError&) {
    m_index.reset();  // sync_index() meets the problem again after the commit, and reports it
  }
}

std::int64_t BundleWriter::add(const NewItem& item) {
  const ItemRecord& r = item.record;
  Stmt& insert = *m_insert;
  auto nullable = [&](int index, const std::string& v) { v.empty() ? insert.bind_null(index) : insert.bind(index, v); };
  insert.bind(1, m_bundle_id);
  if (item.parent_index) {
    insert.bind(2, m_ids.at(*item.parent_index));  // parents precede their children
  } else {
    insert.bind_null(2);
  }
  insert.bind(3, r.path).bind(4, r.mime).bind(5, r.type).bind(6, r.name_mime);
  insert.bind(7, std::int64_t{r.mismatch}).bind(8, static_cast<std::int64_t>(r.bytes));
  insert.bind(9, r.sha256).bind(10, static_cast<std::int64_t>(r.words));
  insert.bind(11, static_cast<std::int64_t>(r.pages));
  nullable(12, meta_value(r.meta, "created"));
  nullable(13, meta_value(r.meta, "modified"));
  nullable(14, meta_value(r.meta, "title"));
  nullable(15, meta_value(r.meta, "author"));
  insert.bind(16, json_text(r.meta));
  nullable(17, r.error);
  insert.bind(18, json_text(r.warnings));
  insert.run();
  m_ids.push_back(m_store.db().last_insert_id());
  if (!item.text.empty()) {
    m_insert_text->bind(1, m_ids.back()).bind(2, item.text).run();
  }
  m_new_paths.insert(r.path);
  test_kill_point("uncommitted-item-row");
  if (m_index) {
    ItemRecord indexed = r;
    indexed.id = m_ids.back();
    indexed.bundle = m_bundle_id;
    try {
      m_index->add_item(m_apprentice, indexed, item.text, item.terms ? &*item.terms : nullptr);
    } catch (const IndexError&) {
      m_index.reset();  // cancelled: sync_index() writes the documents after the commit, or says why not
    }
  }
  return m_ids.back();
}

PortfolioChange BundleWriter::commit(const BundleInfo& bundle) {
  Db& db = m_store.db();
  std::set_difference(m_new_paths.begin(), m_new_paths.end(), m_old_paths.begin(), m_old_paths.end(),
                      std::back_inserter(m_change.added));
  std::set_difference(m_old_paths.begin(), m_old_paths.end(), m_new_paths.begin(), m_new_paths.end(),
                      std::back_inserter(m_change.dropped));
  m_change.kept = m_new_paths.size() - m_change.added.size();
  db.prepare("UPDATE bundles SET item_count = ?, error_count = ?, seconds = ?, warnings = ?, ingested_at = ? "
             "WHERE id = ?")
      .bind(1, static_cast<std::int64_t>(bundle.item_count))
      .bind(2, static_cast<std::int64_t>(bundle.error_count))
      .bind(3, bundle.seconds)
      .bind(4, json_text(bundle.warnings))
      .bind(5, bundle.ingested_at)
      .bind(6, m_bundle_id)
      .run();
  db.prepare("INSERT OR IGNORE INTO index_pending(apprentice) VALUES(?)").bind(1, m_apprentice).run();
  db.prepare("INSERT OR IGNORE INTO tagging_pending(apprentice) VALUES(?)").bind(1, m_apprentice).run();
  test_kill_point("uncommitted-pending-marks");
  m_store.sync_blobs();
  // Journalled before the commit: a writer killed after it still leaves the replaced bundle's
  // hashes on disk for the next writer to collect (they live nowhere else once the rows are gone).
  append_journal(m_store.freed_journal(), m_old_hashes);
  test_kill_point("freed-journalled");
  m_insert.reset();
  m_insert_text.reset();
  m_transaction->commit();
  m_transaction.reset();
  test_kill_point("after-commit");
  std::error_code ec;
  fs::remove(m_store.blob_journal(), ec);  // committed: the new blobs are in use
  test_kill_point("blob-journal-removed");
  m_store.remove_unreferenced_blobs(m_old_hashes);
  test_kill_point("old-blobs-removed");
  fs::remove(m_store.freed_journal(), ec);
  test_kill_point("freed-journal-removed");
  if (m_index) {
    try {
      m_index->commit();
      m_index.reset();
      test_kill_point("index-committed");
      db.prepare("DELETE FROM index_pending WHERE apprentice = ?").bind(1, m_apprentice).run();
      test_kill_point("index-pending-cleared");
    } catch (const IndexError&) {
      m_index.reset();  // the mark stays: sync_index() tries again below
    }
  }
  m_store.sync_index();  // documents not written above, and other apprentices' left by a killed writer
  m_change.bundle_id = m_bundle_id;
  Stmt count = db.prepare("SELECT COUNT(DISTINCT b.id), COUNT(i.id) FROM bundles b LEFT JOIN items i ON i.bundle = b.id "
                          "WHERE b.apprentice = ?");
  count.bind(1, m_apprentice);
  count.step();
  m_change.bundles = static_cast<std::size_t>(count.integer(0));
  m_change.items = static_cast<std::size_t>(count.integer(1));
  return m_change;
}

}  // namespace evidex::indexer
