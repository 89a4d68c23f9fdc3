/** @file
 * @brief The store: SQLite for apprentices, bundles and items; a Xapian database for full text;
 * the original bytes of every item, content-addressed under blobs/.
 *
 * Layout of a store directory:
 *   evidex.sqlite   the records (schema versioned with PRAGMA user_version)
 *   xapian/         the full-text index, derived from evidex.sqlite and rebuilt from it when needed
 *   blobs/ab/abcd…  original bytes, named by SHA-256
 *   tmp/            work space of the ingest in progress, emptied when a writer opens the store
 *   lock            held (flock) by the one process that writes
 */
#pragma once

#include "indexer/store/sqlite.hpp"
#include "indexer/store/text_terms.hpp"
#include "indexer/util/errors.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace evidex::indexer {

/// A store written by an older evidex, opened for reading: opening it for writing upgrades it.
class StoreUpgradeNeeded : public StoreError {
public:
  using StoreError::StoreError;
};

/// Another process held the writer lock for longer than the writer would wait.
class StoreLocked : public StoreError {
public:
  using StoreError::StoreError;
};

/// How long a writer waits for the lock: $EVIDEX_LOCK_TIMEOUT seconds, else 30.
double writer_lock_wait_seconds();

struct ApprenticeInfo {
  std::string id;
  std::string name;
  std::string standard;
  std::string assessor;
};

struct BundleInfo {
  std::int64_t id = 0;
  std::string apprentice;
  /// What the portfolio knows the bundle by: the upload's file or folder name. A later upload with
  /// the same name is its new version.
  std::string name;
  std::string source;
  std::string sha256;
  std::uint64_t bytes = 0;
  std::string ingested_at;
  std::uint64_t item_count = 0;
  std::uint64_t error_count = 0;
  double seconds = 0;
  /// About the bundle as a whole, "<path>: <warning>": an upload cut short, names given twice.
  std::vector<std::string> warnings;
};

struct ItemRecord {
  std::int64_t id = 0;
  std::int64_t bundle = 0;  // which bundle of the portfolio it came in
  std::optional<std::int64_t> parent;
  std::string path;
  std::string mime;
  std::string type;
  std::string name_mime;
  bool mismatch = false;
  std::uint64_t bytes = 0;
  std::string sha256;
  std::uint64_t words = 0;
  std::uint64_t pages = 0;
  std::map<std::string, std::string> meta;
  std::string error;  // empty when the item was extracted
  std::vector<std::string> warnings;
};

/// A tag as coverage sees it: an automatic tag nobody rejected, or a person's confirmation.
struct TagRecord {
  std::int64_t item = 0;
  std::string path;
  std::string ref;
  std::string source;              // "explicit", "map", "inferred" or "manual"
  std::optional<double> score;     // inferred only
  std::string span;                // the text that produced it (manual: the note)
  std::string place;               // "name", "text", "map", "content", "decision"
  std::optional<std::int64_t> offset;
  std::string detail;              // map name and row; inferred terms; who decided and when
};

/// A tag found automatically, about to be written.
struct NewTag {
  std::int64_t item = 0;
  std::string ref;
  std::string source;  // "explicit", "map" or "inferred"
  std::optional<double> score;
  std::string span;
  std::string place;
  std::optional<std::int64_t> offset;
  std::string detail;
};

struct Decision {
  std::string path;
  std::string ref;
  std::string decision;  // "confirm" or "reject"
  std::string by;
  std::string at;
  std::string note;
};

/// An item about to be written: its record, its text, and its parent as an index into the same list.
struct NewItem {
  ItemRecord record;
  std::string text;
  std::optional<std::size_t> parent_index;
  /// The text's index terms when they were made beforehand (by the extraction worker); else the
  /// index writer makes them from `text`.
  std::optional<TextTerms> terms;
};

/// How a new bundle joins an apprentice's portfolio.
enum class Placement {
  add,          // beside the other bundles, replacing only the earlier version with the same name
  replace_all,  // instead of every bundle the apprentice had (`ingest --replace`)
};

/// What storing a bundle did to the portfolio, so that nothing is replaced without a line saying so.
struct PortfolioChange {
  std::int64_t bundle_id = 0;
  std::vector<BundleInfo> replaced;  // the earlier version, or with replace_all every earlier bundle
  std::vector<std::string> added;    // item paths new to the portfolio
  std::vector<std::string> dropped;  // item paths of the replaced bundles that are gone
  std::size_t kept = 0;              // item paths the replaced bundles had too
  std::size_t bundles = 0;           // in the portfolio now
  std::size_t items = 0;             // in the portfolio now
};

class Store {
public:
  enum class Mode { read, write };
  /// Read mode needs an existing store (InputError otherwise). Write mode creates it if needed,
  /// takes the writer lock (waiting up to lock_wait_seconds for another writer to finish, then
  /// StoreLocked naming the holder's pid), empties tmp/ and brings the index up to date.
  Store(std::filesystem::path dir, Mode mode);
  Store(std::filesystem::path dir, Mode mode, double lock_wait_seconds);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::filesystem::path& dir() const { return m_dir; }
  std::filesystem::path tmp_dir() const { return m_dir / "tmp"; }
  std::filesystem::path xapian_dir() const { return m_dir / "xapian"; }
  Db& db() { return m_db; }

  std::optional<ApprenticeInfo> apprentice(const std::string& id);
  std::vector<ApprenticeInfo> apprentices();
  /// The apprentice's portfolio, in the order the bundles arrived.
  std::vector<BundleInfo> bundles_of(const std::string& apprentice);
  /// Item paths of the portfolio that storing a bundle named `name` with `placement` would keep: a new
  /// bundle's items must not take them.
  std::set<std::string> paths_kept_beside(const std::string& apprentice, const std::string& name, Placement placement);
  /// Items of every bundle of the apprentice's portfolio, in path order.
  std::vector<ItemRecord> items(const std::string& apprentice);
  std::optional<ItemRecord> item(const std::string& apprentice, const std::string& path);
  /// The item with this record ID and whose portfolio it is in; null when there is none (IDs of a
  /// replaced bundle's items are not reused).
  std::optional<std::pair<std::string, ItemRecord>> item_by_id(std::int64_t id);
  std::string item_text(std::int64_t item_id);

  /// Where the original bytes with this hash live (whether or not they are there).
  std::filesystem::path blob_file(const std::string& sha256) const;
  /// Stores a file's bytes under its hash, atomically (temp file + rename); `move` renames the
  /// source instead of copying it (for files already under tmp/). A blob new to the store is
  /// journalled until the bundle that uses it commits, so that an ingest that never commits (killed,
  /// interrupted, failed) leaves no apprentice's file behind: see discard_uncommitted_blobs().
  void put_blob(const std::filesystem::path& source, const std::string& sha256, bool move);
  /// Removes the blobs put since the last commit, and those a commit freed, that no committed record
  /// uses, with any temporary a killed writer left beside them. Only the journalled hashes are
  /// looked at: cheap on a big store.
  void discard_uncommitted_blobs();
  /// Removes every file under blobs/ that no item or bundle references (leftovers of any past
  /// crash); returns those that could not be removed.
  std::vector<std::filesystem::path> sweep_unreferenced_blobs();

  /// Puts the bundle into the apprentice's portfolio in one transaction (replacing the earlier version
  /// with its name, or with replace_all the whole portfolio), then updates the index.
  PortfolioChange put_bundle(const ApprenticeInfo& who, const BundleInfo& bundle, const std::vector<NewItem>& items,
                             Placement placement = Placement::add);
  /// Updates name/standard/assessor where given (non-empty).
  void update_apprentice(const ApprenticeInfo& who);

  // Tags (store/tags.cpp).
  /// Apprentices whose portfolio has not been tagged since a bundle was written.
  std::vector<std::string> tagging_pending();
  /// Replaces the automatic tags and tag problems of the apprentice's bundle in one transaction,
  /// clears its pending mark and updates the index.
  void replace_tags(const std::string& apprentice, const std::vector<NewTag>& tags,
                    const std::vector<std::pair<std::string, std::string>>& problems);
  /// Automatic tags of the apprentice's bundle, rejected ones included (for explanations).
  std::vector<TagRecord> automatic_tags(const std::string& apprentice);
  /// The tags that stand: automatic tags no decision rejected, plus confirmed ones (as "manual").
  std::vector<TagRecord> tags(const std::string& apprentice);
  /// For each (apprentice, path): the criteria that stand for that path of the portfolio, as tags()
  /// would list them for it (inferred ones left out unless `with_inferred`), sorted and distinct:
  /// what search hits show, read without the whole portfolios' tags (store/path_refs.cpp).
  std::vector<std::vector<std::string>> path_refs(const std::vector<std::pair<std::string, std::string>>& paths,
                                                  bool with_inferred);
  /// (path, message) pairs from the last tagging.
  std::vector<std::pair<std::string, std::string>> tag_problems(const std::string& apprentice);
  /// Records (replacing) a person's decision on one item and criterion, and updates the index.
  void decide(const std::string& apprentice, const Decision& decision);
  /// Removes a decision; false when there was none.
  bool undecide(const std::string& apprentice, const std::string& path, const std::string& ref);
  std::vector<Decision> decisions(const std::string& apprentice);
  /// A digest of every stored row that belongs to the apprentice (their record, bundles, items,
  /// tags, decisions, tag problems and pending marks): equal digests mean nothing of theirs changed,
  /// so a result computed from their portfolio alone may be kept (store/fingerprint.cpp). Text is
  /// covered through each item's hash. Empty when the apprentice is unknown.
  std::string apprentice_fingerprint(const std::string& apprentice);

  /// Erases everything of one apprentice (UK GDPR erasure): records, text, tags, decisions, the
  /// original bytes no other apprentice shares, and their index entries, leaving no copy in the
  /// SQLite file, its WAL or the Xapian files (store/forget.cpp). Returns false when unknown.
  struct Forgotten {
    std::size_t items = 0;
    std::size_t blobs_removed = 0;
    std::size_t blobs_kept = 0;  // identical bytes that another apprentice uploaded too
    std::size_t strays_removed = 0;  // unreferenced files left in blobs/ by earlier crashes
    bool index_rebuilt = false;      // the index was damaged: rebuilt from the records, not compacted
  };
  std::optional<Forgotten> forget(const std::string& apprentice);

  /// Rebuilds the Xapian documents of every apprentice marked pending. Write mode only. A missing
  /// or damaged index is left alone (the marks stay, index_problem() says why): the records are
  /// the truth, and only rebuild_index() makes a whole new index from them.
  void sync_index();
  /// Whether some apprentice's documents wait for a writer to bring them up to date (a writer
  /// was stopped between its commit and the index's).
  /// Whether a forget was killed or failed before it removed every copy (see finish_erasure()).
  bool erasure_pending() const { return std::filesystem::exists(erasure_marker()); }
  bool index_behind();
  /// Why the index could not be brought up to date by this writer, or empty.
  const std::string& index_problem() const { return m_index_problem; }

  /// Compacts the index (Xapian's compact, swapped in atomically) when many documents were written
  /// since it last was (index_wants_compaction()); compaction costs a fraction of the indexing. A
  /// failure is reported by index_problem(), never thrown: the index stays as it was.
  void compact_index_if_grown();

  /// What rebuild_index() wrote.
  struct Reindexed {
    std::size_t apprentices = 0;
    std::size_t documents = 0;
  };
  /// Writes the whole index afresh from the SQLite records into a new directory, compacts it and
  /// swaps it in atomically for xapian/ (store/reindex.cpp), and marks every apprentice for tagging
  /// again (inferred tags come from the index). Write mode only.
  /// `retag_all` is for an index that was unusable (inferred tags were left out meanwhile); a
  /// rebuild that only drops stale documents leaves the tags alone.
  Reindexed rebuild_index(bool retag_all = true);

private:
  friend class BundleWriter;
  void migrate();
  /// Removes the copies a reindex killed before its end leaves beside a live index.
  void discard_interrupted_rebuild();
  /// sync_index(), knowing that `retagged` (an apprentice) was up to date in the index before its
  /// tags or decisions changed: its documents only need their criterion terms updated.
  void sync_index(const std::string& retagged);
  /// Whether the apprentice's documents are marked for a rebuild.
  bool index_pending(const std::string& apprentice);
  void remove_unreferenced_blobs(const std::vector<std::string>& candidates);
  /// Flushes the blobs written since the last call to the disk, before records refer to them.
  void sync_blobs();
  std::filesystem::path blob_journal() const { return m_dir / "tmp" / "uncommitted-blobs"; }
  /// Hashes a commit (bundle replacement or erasure) stops referencing, written before it.
  std::filesystem::path freed_journal() const { return m_dir / "tmp" / "freed-blobs"; }
  /// Present from the start of a forget until no copy of the apprentice remains anywhere: a forget
  /// killed on the way is finished by the next writer (store/forget.cpp). It names nobody.
  std::filesystem::path erasure_marker() const { return m_dir / "tmp" / "erasure-pending"; }
  /// The part of an erasure that removes copies rather than records: rewrites the SQLite file,
  /// empties its WAL, removes unreferenced originals and gives the index only live documents
  /// (rebuilt from the records when `rebuild` or when it cannot be compacted). Ends by removing the marker.
  void finish_erasure(bool rebuild, const std::vector<std::string>& freed, Forgotten& result);
  /// finish_erasure() for a forget that a killed writer left unfinished (its marker is there).
  void finish_interrupted_erasure();
  /// Checkpoints the WAL into the database and empties it; throws if a reader keeps it from that.
  void truncate_wal();

  std::filesystem::path m_dir;
  Mode m_mode;
  UniqueFd m_lock;
  Db m_db;
  std::string m_index_problem;
  // Prepared once: reindexing asks for every item's text in turn.
  std::optional<Stmt> m_item_text;
  bool m_blobs_unsynced = false;  // put_blob() wrote files not yet flushed to disk
};

/// Current UTC time as ISO 8601 ("2026-11-23T10:15:00Z").
std::string utc_now_iso();

}  // namespace evidex::indexer
