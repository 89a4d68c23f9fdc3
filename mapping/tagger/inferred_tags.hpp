/** @file
 * @brief Inferred tags: which criteria an item's content evidences when it names none. Each
 * criterion of the standard becomes a weighted Xapian query built from its text, delivery content
 * and evidence terms; a word weighs more the fewer criteria use it and the fewer items contain it
 * (so "customer" says little and "GDPR" a lot). Scores are cosine similarities in the standard's
 * vocabulary, in 0..1; the matched words are kept as the justification. Inferred tags never cover
 * a criterion on their own.
 *
 * The defaults were chosen with `evidex_bench_tagging` on the odd-numbered documents of
 * fixtures/tagging/labelled/ and checked on the even-numbered ones (see the README).
 */
#pragma once

#include "mapping/standard/standard.hpp"

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace evidex::mapping {

struct InferenceOptions {
  /// Least cosine similarity for a tag.
  double min_score = 0.22;
  /// A tag's score must also reach this share of the item's best criterion, so that an item
  /// about one thing is not tagged with everything it brushes against.
  double min_share_of_best = 0.5;
  std::size_t max_per_item = 3;
};

struct InferredTag {
  std::int64_t item = 0;
  std::string ref;
  double score = 0;
  std::vector<std::string> terms;  // the words that matched, as the standard writes them
};

/// Scores the apprentice's items (only those in `items`) against `criteria` using the index at
/// `xapian_dir`. Returns the tags that pass the options, best first per item.
std::vector<InferredTag> infer_tags(const std::filesystem::path& xapian_dir, const std::string& apprentice,
                                    const std::vector<const Criterion*>& criteria,
                                    const std::set<std::int64_t>& items, const InferenceOptions& options = {});

}  // namespace evidex::mapping
