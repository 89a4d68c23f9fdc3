/** @file
 * @brief Writes the Xapian index from the SQLite records. The index is derived data: it can always
 * be rebuilt from evidex.sqlite, which is what makes a crash between the two commits harmless.
 *
 * Terms: Q<item id> (unique), A<apprentice id>, T<short type>, P<path>, XB<bundle id>, XK<criterion>
 * for every tag that stands (explicit, map, manual; not inferred) (boolean);
 * text and path words with positions, English stemming; pages separated by a gap of 100 positions.
 * Document data: JSON {"item", "apprentice", "path", "page_starts"}. Value 0: item id. (No value
 * holds a name or a path: Xapian keeps each value slot's bounds after the documents are deleted,
 * which an erasure must not leave behind.) Documents are added in item id order, which is the
 * order of the upload, so hits of equal weight are listed alike by an ingest and a rebuild.
 */
#pragma once

#include "indexer/util/errors.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace Xapian {
class Error;
}

namespace evidex::indexer {

class Store;
struct ItemRecord;
struct TextTerms;

/// Prefixes shared with the search side.
inline constexpr const char* k_prefix_item = "Q";
inline constexpr const char* k_prefix_apprentice = "A";
inline constexpr const char* k_prefix_type = "T";
inline constexpr const char* k_prefix_path = "P";
inline constexpr const char* k_prefix_path_words = "XP";
inline constexpr const char* k_prefix_bundle = "XB";
inline constexpr const char* k_prefix_criterion = "XK";
inline constexpr unsigned k_value_item_id = 0;

/// How an index write that found the disk full ends its message (a full disk is not damage).
inline constexpr const char* k_index_disk_full = "no space left on device (free some space, then try again)";

/// The search index failed (damaged, missing, or a full disk). Told apart by type from the other
/// StoreErrors an index update can meet (the records it reads), which must not be taken for damage.
class IndexError : public StoreError {
public:
  IndexError(const std::string& message, bool disk_full) : StoreError(message), m_disk_full(disk_full) {}
  /// A full disk is not damage: the write was cancelled and succeeds once there is room.
  bool disk_full() const { return m_disk_full; }

private:
  bool m_disk_full;
};

/// A Xapian failure as an IndexError naming `dir`: Xapian's description, or for a full disk
/// "cannot write the search index: " + k_index_disk_full.
IndexError index_error(const std::filesystem::path& dir, const Xapian::Error& e);

/// Whether the index has had many documents written since it was last compacted: at least 500 and
/// a quarter of its documents. Batches committed one after the other leave blocks part-full (a third
/// more disk after a 2,000-file ingest, more after many small ones). Throws IndexError.
bool index_wants_compaction(const std::filesystem::path& dir);
/// Records, in the index, that it is being compacted now (call just before compacting: the copy
/// keeps the record). Throws IndexError.
void mark_index_compacted(const std::filesystem::path& dir);

/// Boolean term for a value, kept under Xapian's term length limit.
std::string boolean_term(const std::string& prefix, const std::string& value);

class IndexWriter {
public:
  /// Opens (creating) the database and begins a transaction. Throws StoreError.
  explicit IndexWriter(const std::filesystem::path& dir);
  ~IndexWriter();  // without commit(), the transaction is cancelled
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  /// Deletes the apprentice's documents and adds one per item of their current bundle.
  void replace_apprentice(Store& store, const std::string& apprentice);
  /// Brings only the criterion terms (XK) of the apprentice's documents up to date with the tags
  /// and decisions that stand, modifying the documents in place: no text is indexed again and only
  /// the criteria's posting lists change, so a retag costs a fraction of replace_apprentice().
  /// Returns false, changing nothing, when the documents do not match the apprentice's items one
  /// for one (the index is behind the records): replace_apprentice() is then needed.
  bool update_criteria(Store& store, const std::string& apprentice);
  /// Deletes the apprentice's documents.
  void remove_apprentice(const std::string& apprentice);
  /// Adds (or replaces) the document of one item whose text is at hand: an ingest indexes each
  /// item as it stores it, rather than reading every text back after its commit. No criterion
  /// terms: a new item has no tags yet.
  /// `terms`, when given, are the text's terms made beforehand (by the extraction worker).
  void add_item(const std::string& apprentice, const ItemRecord& item, const std::string& text,
                const TextTerms* terms = nullptr);
  /// Deletes the documents of one bundle (a version being replaced).
  void remove_bundle(std::int64_t bundle_id);
  void commit();

private:
  struct Covering;
  void add_document(const std::string& apprentice, const ItemRecord& item, const std::string& text,
                    const Covering* covering, const TextTerms* terms);
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace evidex::indexer
