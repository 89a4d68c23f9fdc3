/** @file
 * @brief `evidex apprentices`: every apprentice in the store with their standard, assessor and the
 * size of their portfolio (also what the bash completion offers after --apprentice).
 */
#pragma once

#include "indexer/store/store.hpp"
#include "query/render/render.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace evidex::query {

struct ApprenticeSummary {
  indexer::ApprenticeInfo who;
  std::uint64_t bundles = 0;
  std::uint64_t items = 0;
};

/// In the store's order of apprentice IDs.
std::vector<ApprenticeSummary> list_apprentices(indexer::Store& store);

using ApprenticeList = std::vector<ApprenticeSummary>;

/// The apprentices in each medium (query/render/render.hpp): render(result, format, colour).
/// text: an aligned table; csv: header apprentice,name,standard,assessor,bundles,items; json: an array
/// of objects with those keys.
template <>
struct Media<ApprenticeList> {
  static nlohmann::json json_value(const ApprenticeList& result);  // SPEC apprentices
  static std::string csv(const ApprenticeList& result);
  static std::string text(const ApprenticeList& result, bool colour);
};

}  // namespace evidex::query
