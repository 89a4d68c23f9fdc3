/** @file
 * @brief Coverage of a standard's criteria by an apprentice's evidence (`evidex coverage`): per
 * criterion, which items cover it and from which source; pass and distinction counts against the
 * method's grading rule; the verdict. Only explicit, map and manual tags cover; inferred tags are
 * listed as suggestions. A tag on an item that could not be read does not cover either, unless a
 * person confirmed it.
 */
#pragma once

#include "indexer/store/store.hpp"
#include "mapping/standard/standard.hpp"
#include "query/coverage/tag_source.hpp"
#include "query/render/render.hpp"
#include "query/snapshot/apprentice_snapshot.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace evidex::query {

struct CoverageEvidence {
  std::string path;
  TagSource source = TagSource::explicit_ref;
  std::optional<double> score;
  std::string span;
  std::string detail;
  bool counts = false;
  std::string why_not;  // when it does not count
};

struct CriterionCoverage {
  const mapping::Criterion* criterion = nullptr;
  bool covered = false;
  std::vector<CoverageEvidence> evidence;
};

enum class Verdict { not_ready, pass_ready, distinction_ready };
std::string verdict_name(Verdict v);  // "not-ready", "pass-ready", "distinction-ready"

struct MethodResult {
  const mapping::Method* method = nullptr;
  std::size_t pass_covered = 0, pass_total = 0;
  std::size_t distinction_covered = 0, distinction_total = 0;
  std::optional<int> distinction_required;
  std::vector<std::string> missing;  // pass criteria not covered
  Verdict verdict = Verdict::not_ready;
};

struct Coverage {
  std::string apprentice;
  std::string name;
  const mapping::Standard* standard = nullptr;
  std::string method;  // a method id, or "all"
  std::vector<CriterionCoverage> criteria;
  std::vector<MethodResult> methods;  // one, or each method for "all"
  // Across the methods shown:
  std::size_t pass_covered = 0, pass_total = 0;
  std::size_t distinction_covered = 0, distinction_total = 0;
  std::optional<int> distinction_required;
  std::vector<std::string> missing;              // pass criteria
  std::vector<std::string> missing_distinction;  // distinction criteria
  Verdict verdict = Verdict::not_ready;
  std::vector<std::pair<std::string, std::string>> problems;  // from tagging: (path, message)
  std::vector<indexer::Decision> decisions;
};

/// Throws UsageError for a method the standard does not have.
Coverage compute_coverage(const ApprenticeSnapshot& snapshot, const mapping::Standard& standard,
                          const std::string& method);
/// The same for one apprentice read from the store (a snapshot of its own).
Coverage compute_coverage(indexer::Store& store, const mapping::Standard& standard, const std::string& apprentice,
                          const std::string& method);

nlohmann::json coverage_json(const Coverage& coverage);
/// Coverage in each medium (query/render/render.hpp): render(result, format, colour).
template <>
struct Media<Coverage> {
  static nlohmann::json json_value(const Coverage& result);  // coverage_json
  static std::string csv(const Coverage& result);
  static std::string text(const Coverage& result, bool colour);
};

}  // namespace evidex::query
