/** @file
 * @brief What duplicate detection compares, per item: the hash of its normalised text (same text in
 * two formats), and a MinHash of its word shingles with shared forms and templates cut out (near
 * copies). Derived data: kept in the `signatures` table, computed for items that lack one, and
 * forgotten whenever the templates change.
 *
 * The parameters below, the hash functions and the built-in templates (templates.cpp) are part of
 * what a stored signature means: changing any of them must bump the schema version with a
 * migration step that deletes every signature (they are recomputed on demand).
 */
#pragma once

#include "indexer/store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::indexer {

/// Words per shingle. Calibrated on fixtures/duplicates (see tests/query/iqa/test_duplicates.cpp): with
/// four words a copy with 15 % of its words edited keeps a Jaccard similarity of about 0.32-0.39,
/// while genuinely different accounts of the same kind of work stay below 0.01.
inline constexpr std::size_t k_shingle_words = 4;
/// Hash functions in a MinHash: the estimate's standard error is sqrt(J(1-J)/128), 0.04 at J = 0.3.
inline constexpr std::size_t k_minhash_size = 128;
/// An item is compared for same text and near copies only with at least this many words of its own
/// (words that are not part of a template's text) ...
inline constexpr std::size_t k_min_own_words = 20;
/// ... and this many distinct shingles left once the templates' shingles are removed.
inline constexpr std::size_t k_min_shingles = 16;
/// ... and when at least 1/k_own_words_fraction of its words are its own: otherwise it is a filled-in
/// form (names and dates inside someone else's text), and two such forms filled in by colleagues
/// at one employer on one day would look alike without anyone having copied anything.
inline constexpr std::size_t k_own_words_fraction = 3;

/// Text as duplicate detection compares it: compatibility-decomposed and case-folded (NFKC's
/// equivalence classes, without recomposing), apostrophes and soft hyphens dropped inside words,
/// every other character that is not a letter, mark or digit (punctuation, symbols, spaces, form
/// feeds) a separator; words joined by single spaces. Invalid UTF-8 bytes are separators.
std::string normalise_for_comparison(std::string_view text);

/// The words of normalised text.
std::vector<std::string_view> split_words(std::string_view normalised);

/// A 64-bit hash of each run of k_shingle_words consecutive words, in text order; none when there
/// are fewer words.
std::vector<std::uint64_t> shingle_hashes(const std::vector<std::string_view>& words);

/// The MinHash of a set of shingle hashes (duplicates allowed): k_minhash_size minima under fixed
/// hash functions. All UINT32_MAX for an empty set.
std::vector<std::uint32_t> minhash(const std::vector<std::uint64_t>& shingles);

/// Estimated Jaccard similarity of two MinHashes: the fraction of positions that agree.
double estimate_similarity(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b);
double estimate_similarity(const std::uint32_t* a, const std::uint32_t* b);

/// Exact Jaccard similarity of two sets of shingle hashes (duplicates allowed), for tests and
/// calibration.
double jaccard(std::vector<std::uint64_t> a, std::vector<std::uint64_t> b);

/// A set of shingle hashes (open addressing): the shingles of every template, asked about once
/// per shingle of every item.
class ShingleSet {
public:
  void insert(std::uint64_t shingle);
  bool contains(std::uint64_t shingle) const;
  std::size_t size() const { return m_size; }

private:
  void grow();
  std::vector<std::uint64_t> m_slots;  // 0 = empty; a zero hash is stored as 1
  std::size_t m_size = 0;
};

struct Signature {
  std::string text_hash;         // SHA-256 of the normalised text; empty when it has no words
  std::uint32_t words = 0;       // normalised words
  std::uint32_t own_words = 0;   // words not covered by a template shingle
  std::uint32_t shingles = 0;    // distinct shingles left after templates are discounted
  /// k_minhash_size values when the item is compared (see k_min_own_words ...), else empty.
  std::vector<std::uint32_t> minhash;
  bool compared() const { return !minhash.empty(); }
};

/// Computes signatures against a fixed set of templates.
class SignatureMaker {
public:
  /// The texts of the templates whose shingles are discounted (built-in and registered).
  explicit SignatureMaker(const std::vector<std::string>& template_texts);
  Signature make(std::string_view text) const;
  /// The same, discounting also `common`: shingles found to be template text by how many
  /// apprentices' items hold them (query/iqa/common_text.hpp), so a filled-in form nobody registered
  /// is compared on its own words only.
  Signature make(std::string_view text, const ShingleSet& common) const;
  const ShingleSet& template_shingles() const { return m_templates; }

private:
  ShingleSet m_templates;
};

/// A SignatureMaker for the store's templates: the built-in ones and those registered.
SignatureMaker signature_maker(Store& store);

/// MinHash values as stored (little-endian u32s), and back; a blob of the wrong size reads as empty.
std::string encode_minhash(const std::vector<std::uint32_t>& values);
std::vector<std::uint32_t> decode_minhash(std::string_view blob);

// --- In the store -------------------------------------------------------------------------------

/// Items (of current bundles) that have no signature yet.
std::size_t missing_signatures(Store& store);

/// Computes and writes the signatures of the items that lack one, in one transaction; returns how
/// many. Write mode. Called after an ingest, after templates change, and by `evidex duplicates`
/// when it finds some missing.
std::size_t update_signatures(Store& store);

/// Deletes every signature, inside the caller's transaction (the templates are changing).
void clear_signatures(Store& store);

/// One item as duplicate detection sees it.
struct ComparableItem {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent;
  std::string apprentice;
  std::string path;
  std::string sha256;
  std::uint64_t bytes = 0;
  std::uint64_t words = 0;  // as the extractor counted them
  std::string text_hash;
  std::uint32_t shingles = 0;
  std::vector<std::uint32_t> minhash;  // empty when not compared
  /// Less than a third of its words its own once template text found by frequency is discounted
  /// (query/iqa/common_text.hpp): a blank or barely filled-in form, never reported, even as an exact copy.
  bool mostly_template = false;
};

/// Every item of every current bundle with its signature, in (apprentice, path) order. Items whose
/// signature is missing get one computed in memory (nothing is written), so this works on a store
/// opened for reading; it is fast only when update_signatures() has run.
std::vector<ComparableItem> comparable_items(Store& store);

}  // namespace evidex::indexer
