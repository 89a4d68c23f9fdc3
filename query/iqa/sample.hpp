/** @file
 * @brief The internal quality assurance (IQA) sample (`evidex sample`): which apprentices' evidence
 * sets, and so which assessors' decisions, a quality assurer moderates.
 *
 * The rule comes from the ST0071 assessment plan (seeds/003, "Internal Quality Assurance"): EPAOs
 * must "Operate moderation of assessment activity and decisions, through examination of
 * documentation and observation of activity, with a minimum of 5% of each independent assessor's
 * assessments moderated." Hence a sample stratified by assessor, with at least
 * ceil(rate × their apprentices) from each, and the CAMERA dimensions of IQA sampling in England
 * (Candidate, Assessor, Method, Evidence, Records, Assessment location) reported for the result.
 *
 * The algorithm knows nothing of the store: it takes candidates (query/iqa/sample_candidates.hpp makes
 * them from a store) and options, so it can be tested on its own.
 *
 * Contract:
 * - Reproducible: the same seed and the same candidates give the same sample, whatever order the
 *   candidates come in. Each candidate's random number is a hash of (seed, apprentice id)
 *   (SplitMix64), not a library generator, so it is the same on every platform and library version,
 *   and adding an apprentice does not change the others' numbers.
 * - Risk raises the chance of selection: weighted sampling without replacement (Efraimidis and
 *   Spirakis, 2006: the largest keys u^(1/w) win), with weight 1 + k_risk_weight per risk flag.
 * - Spread: once each assessor's minimum (min_per_assessor) has been drawn, the rest of their quota
 *   favours candidates that add an evidence type, method or location the sample lacks: each value
 *   they would add raises their weight by k_spread_weight for that draw.
 * - Every selection says why (reasons), and the sample reports its coverage of each dimension.
 */
#pragma once

#include "query/render/render.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace evidex::query {

/// Used when no --seed is given, so that two runs on the same store agree. A quality team should
/// pass its own seed each round (a date such as 20260315 will do): with a fixed, known seed, an
/// assessor who knew the algorithm could predict which evidence sets will be moderated.
inline constexpr std::uint64_t k_default_seed = 1;

/// What one risk flag adds to a candidate's weight (a candidate without flags weighs 1).
inline constexpr double k_risk_weight = 3.0;
/// What each not-yet-covered evidence type, method or location adds to a candidate's weight in the
/// draws after the per-assessor minimum: one new value counts as much as one risk flag.
inline constexpr double k_spread_weight = 3.0;

/// The stratum of apprentices without an assessor, as reports name it.
inline constexpr const char* k_unassigned = "unassigned";

/// One apprentice's evidence set, as the sampler sees it.
struct SampleCandidate {
  std::string apprentice, name, assessor, standard;  // assessor empty: unassigned
  std::vector<std::string> methods, evidence_types;   // methods with evidence; item types ("pdf", "audio")
  std::string location;                               // where assessed; empty: unknown
  std::vector<std::string> risks;                     // in words: "declaration incomplete"
  // Reported, not drawn on:
  std::string verdict;       // coverage verdict ("pass-ready"), empty when unknown
  std::size_t items = 0;     // items in the evidence set (the records a moderator examines)
  std::string declaration;   // "complete", "incomplete", "missing"; empty: not checked
};

struct SampleOptions {
  /// Share of each assessor's apprentices sampled, rounded up; 0 to 1.
  double rate = 0.05;
  std::uint64_t seed = k_default_seed;
  /// At least this many per assessor, capped at how many they have.
  std::size_t min_per_assessor = 1;
  /// An assessor with fewer apprentices than this (0: never) gets the risk flag "few assessments"
  /// and one more of their apprentices in the sample (capped at how many they have): their
  /// decisions have had less moderation. Does not apply to the unassigned stratum.
  std::size_t few_assessments = 5;
  /// Whether draws after the per-assessor minimum favour candidates that widen the spread.
  bool spread = true;
};

struct SampleStratum {
  std::string assessor;  // empty: unassigned
  std::size_t apprentices = 0;
  std::size_t by_rate = 0;  // ceil(rate × apprentices)
  bool few_assessments = false;
  std::size_t required = 0;  // max(by_rate, min_per_assessor) (+1 for few assessments), capped
  std::size_t selected = 0;
};

struct SampleSelection {
  SampleCandidate candidate;  // its risks include the assessor's "few assessments" flag
  std::vector<std::string> reasons;  // never empty
  double weight = 1;         // 1 + k_risk_weight × risks
  std::vector<std::string> adds;  // spread: values this selection added ("evidence type audio")
};

/// Per value of one dimension: how many apprentices have it in the population and in the sample.
struct DimensionSpread {
  std::map<std::string, std::size_t> population, sample;
};

struct SampleDimensions {
  std::size_t candidates = 0, candidates_selected = 0;
  DimensionSpread assessors, methods, evidence_types, locations, verdicts, declarations;  // "unknown" when not known
  std::size_t items = 0, items_selected = 0;  // records
};

struct Sample {
  SampleOptions options;
  std::size_t population = 0;
  std::vector<SampleStratum> strata;        // by assessor id, unassigned last
  std::vector<SampleSelection> selections;  // by assessor as strata, then apprentice id
  SampleDimensions dimensions;
};

/// Throws UsageError for a rate outside 0..1. Candidates with the same apprentice id are one
/// candidate (the first in id order is kept).
Sample draw_sample(std::vector<SampleCandidate> candidates, const SampleOptions& options);

/// `assessor`, or "unassigned" when empty.
std::string stratum_name(const std::string& assessor);

/// The JSON of `evidex sample`: {"seed", "rate", "min_per_assessor", "population", "selected",
/// "strata": [{"assessor", "apprentices", "required", "selected", ...}], "sample": [{"apprentice",
/// "name", "assessor", "standard", "reasons", "risk", "risks", "weight", "methods", "evidence_types",
/// "location", "verdict", "items", "declaration"}], "dimensions": {...}}.
nlohmann::json sample_json(const Sample& sample);
/// The sample in each medium (query/render/render.hpp): render(result, format, colour).
template <>
struct Media<Sample> {
  static nlohmann::json json_value(const Sample& result);  // sample_json
  static std::string csv(const Sample& result);
  static std::string text(const Sample& result, bool colour);
};

}  // namespace evidex::query
