/** @file
 * @brief Duplicate evidence (`evidex duplicates`): groups of items that are the same file
 * (`exact`), the same text in different files (`same-text`: a .docx and its PDF export), or near
 * copies (`near`: estimated Jaccard similarity of four-word shingles at or above a threshold).
 * Within one apprentice a group is evidence submitted more than once; across apprentices it is an
 * authenticity risk.
 *
 * Shared forms are not copying: the text of the built-in and registered templates is cut out of
 * every item before comparing (indexer/store/templates.hpp), an item with too little text of its own
 * is not compared for same text or near copies, and a blank form (text that is all template) is
 * not reported even as an exact copy. Items are never grouped with their own container.
 *
 * Then a second look at the items grouped (or near each other at half the threshold), which reads
 * their texts (common_text.hpp): an item that is the Declaration of Authenticity, in any wording, is
 * taken out of every comparison; text held by items of three or more apprentices, in different
 * texts, is template text and discounted like a registered template. When that changes anything,
 * the groups are found again.
 *
 * Near copies are found by MinHash with LSH banding (64 bands of 2 rows): candidates come from
 * items that share a band, so the work grows with the number of distinct texts, not with its
 * square; each candidate pair is verified by its MinHash estimate. Groups are the connected
 * components of the verified pairs.
 */
#pragma once

#include "indexer/store/store.hpp"
#include "query/render/render.hpp"
#include "query/snapshot/apprentice_snapshot.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace evidex::query {

/// Default near-copy threshold (estimated Jaccard similarity of four-word shingles). Calibrated on
/// fixtures/duplicates by tests/query/iqa/test_duplicates.cpp ("threshold calibration"): a copy with
/// 15 % of its words edited measures 0.32-0.39 (0.37 for the committed one), different accounts of
/// the same kind of work at most 0.01; LSH recall at 0.2 is about 0.93, at 0.3 above 0.99.
inline constexpr double k_default_near_threshold = 0.2;

/// LSH banding: k_bands * k_band_rows == indexer::k_minhash_size. Two rows per band make a pair at
/// similarity J a candidate with probability 1 - (1 - J^2)^64.
inline constexpr std::size_t k_bands = 64;
inline constexpr std::size_t k_band_rows = 2;

/// The LSH keys of a MinHash, one per band: two texts are candidate near copies when they share a
/// key (exposed for the recall test).
std::vector<std::uint64_t> lsh_band_keys(const std::uint32_t* minhash);

/// Ordered as the groups are listed: exact first.
enum class DuplicateKind {
  exact,      // the same file
  same_text,  // the same text in different files
  near,       // near copies
};

/// The contract's spelling: "exact", "same-text", "near".
std::string duplicate_kind_name(DuplicateKind kind);

/// The inverse of duplicate_kind_name; InputError naming the word for any other.
DuplicateKind parse_duplicate_kind(std::string_view name);

struct DuplicateItem {
  std::string apprentice;
  std::string path;
  std::string sha256;
};

/// Two members of a near group whose similarity was measured, as indices into its items.
struct DuplicatePair {
  std::size_t a = 0;
  std::size_t b = 0;
  double similarity = 0;
};

struct DuplicateGroup {
  DuplicateKind kind = DuplicateKind::exact;
  /// 1 for exact and same-text; for near, the highest similarity of a pair in the group.
  double similarity = 1;
  std::vector<DuplicateItem> items;  // by apprentice, then path
  bool cross_apprentice = false;
  std::vector<std::string> apprentices;  // sorted, distinct
  std::string reason;                    // what makes them duplicates, for people
  std::vector<DuplicatePair> pairs;      // near only: the pairs that link the group
};

using DuplicateGroups = std::vector<DuplicateGroup>;

struct DuplicateOptions {
  std::string apprentice;  // empty = the whole store; else every group with one of their items
  double threshold = k_default_near_threshold;  // near copies: 0 < threshold <= 1
  /// When set (for options.apprentice), their items' texts are read through it, once for every check.
  const ApprenticeSnapshot* snapshot = nullptr;
};

/// Groups, exact first, then same-text, then near; within a kind by similarity (highest first).
/// Works on a store opened for reading; signatures that are missing are computed in memory (slow
/// for a large store: run indexer::update_signatures on a writable store first).
std::vector<DuplicateGroup> find_duplicates(indexer::Store& store, const DuplicateOptions& options);

nlohmann::json duplicates_json(const std::vector<DuplicateGroup>& groups);
/// The duplicate groups in each medium (query/render/render.hpp): render(result, format, colour).
template <>
struct Media<DuplicateGroups> {
  static nlohmann::json json_value(const DuplicateGroups& result);  // duplicates_json
  static std::string csv(const DuplicateGroups& result);
  static std::string text(const DuplicateGroups& result, bool colour);
};

}  // namespace evidex::query
