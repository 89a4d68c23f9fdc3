/** @file
 * @brief `evidex report` assembled: everything the page shows, gathered from the store (coverage,
 * the readiness check, the declaration, duplicates, items, links to the originals), then rendered by
 * query/report/report_html.hpp.
 */
#pragma once

#include "indexer/store/store.hpp"
#include "mapping/standard/standard.hpp"
#include "query/snapshot/apprentice_snapshot.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace evidex::query {

struct ReportOptions {
  std::string method = "showcase";              // a method of the standard, or "all"
  std::optional<std::string> assessment_date;  // YYYY-MM-DD, already checked
  /// Empty: the links lead to the store's originals. Otherwise the page's file: the originals are
  /// copied beside it (copy_originals) and linked relatively.
  std::filesystem::path copy_items_beside;
  std::string generated;                        // YYYY-MM-DD; empty: today (UTC)
};

/// The page for an apprentice of the store (who must exist). UsageError for a method the standard
/// does not have; InputError when the copies cannot be made.
std::string make_report(const ApprenticeSnapshot& snapshot, const mapping::Standard& standard,
                        const ReportOptions& options);
/// The same for one apprentice read from the store (a snapshot of its own).
std::string make_report(indexer::Store& store, const mapping::Standard& standard, const std::string& apprentice,
                        const ReportOptions& options);

}  // namespace evidex::query
