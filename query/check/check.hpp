/** @file
 * @brief `evidex check`: everything that blocks an apprentice's assessment, each as one finding
 * with the item and the reason, and notes that do not block (distinction out of reach). The rules
 * come from the seeds via the standard's data (report deadline, portfolio size, word count) and
 * from the EPA guidance (assessor-led evidence, time-tagged recordings, authenticity).
 */
#pragma once

#include "indexer/store/store.hpp"
#include "mapping/standard/standard.hpp"
#include "query/calendar/calendar.hpp"
#include "query/check/finding.hpp"
#include "query/coverage/coverage.hpp"
#include "query/authenticity/declaration.hpp"
#include "query/iqa/duplicates.hpp"
#include "query/render/render.hpp"
#include "query/snapshot/apprentice_snapshot.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace evidex::query {

struct CheckOptions {
  std::string method = "showcase";  // a method of the standard, or "all"
  std::optional<Day> assessment_date;
  /// When the assessor received the evidence; default: the day the bundle was ingested.
  std::optional<Day> received;
  /// For the deadline in working days; null: shipped_bank_holidays(), read only when needed.
  const BankHolidays* holidays = nullptr;
  /// The whole store's duplicate groups (find_duplicates with no apprentice), when the caller keeps
  /// them: the apprentice's are taken from them instead of comparing every item of the store again
  /// (seconds on a large store; the server shares one computation among all its pages).
  const std::vector<DuplicateGroup>* store_duplicates = nullptr;
};

struct CheckResult {
  std::string apprentice;
  std::string standard;
  std::string method;
  std::optional<Day> assessment_date;
  std::string verdict;  // coverage verdict
  std::vector<Finding> blocking;
  std::vector<Finding> notes;
  // What the findings were drawn from, so that a caller showing them (the report) need not
  // compute them again.
  Coverage coverage;
  DeclarationCheck declaration;
  std::vector<DuplicateGroup> duplicates;
  bool ready() const { return blocking.empty(); }
};

CheckResult run_check(const ApprenticeSnapshot& snapshot, const mapping::Standard& standard,
                      const CheckOptions& options);
/// The same for one apprentice read from the store (a snapshot of its own).
CheckResult run_check(indexer::Store& store, const mapping::Standard& standard, const std::string& apprentice,
                      const CheckOptions& options);

nlohmann::json check_json(const CheckResult& result);
/// The readiness check in each medium (query/render/render.hpp): render(result, format, colour).
template <>
struct Media<CheckResult> {
  static nlohmann::json json_value(const CheckResult& result);  // check_json
  static std::string csv(const CheckResult& result);
  static std::string text(const CheckResult& result, bool colour);
};

}  // namespace evidex::query
