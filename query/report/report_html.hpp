/** @file
 * @brief `evidex report`: one self-contained HTML page about an apprentice's evidence, for a person
 * who is not technical (the apprentice, their tutor, the assessor): the verdict first, then what
 * blocks assessment, the coverage of every criterion by module, the declaration, duplicates and the
 * item list, each item linked to its original.
 *
 * The page fetches nothing: the CSS is inline, icons are inline SVG, there are no scripts, fonts or
 * images, and a Content-Security-Policy forbids them anyway. Every piece of text that comes from a
 * bundle is escaped (query/render/html.hpp). It prints (colours kept, links not expanded) and reads on a
 * phone (tables turn into cards).
 *
 * render_report_html() is a pure function of its input; query/report/report_files.hpp gathers the input's
 * links and writes the page.
 */
#pragma once

#include "indexer/store/store.hpp"
#include "query/check/check.hpp"
#include "query/coverage/coverage.hpp"
#include "query/authenticity/declaration.hpp"
#include "query/iqa/duplicates.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace evidex::query {

/// Where an item's original can be opened from the page.
struct ItemLink {
  std::string href;           // a URL, already percent-encoded (query/render/html.hpp)
  std::string download_name;  // the item's own file name, offered when it is saved
};

struct ReportInput {
  indexer::ApprenticeInfo apprentice;
  std::vector<indexer::BundleInfo> bundles;  // the portfolio, in the order they arrived
  Coverage coverage;  // its standard and method are the report's
  std::vector<indexer::ItemRecord> items;
  std::vector<indexer::TagRecord> tags;
  std::optional<CheckResult> check;              // nullopt: not run (the verdict says so)
  std::optional<DeclarationCheck> declaration;  // nullopt: not checked (the section says so)
  std::optional<std::vector<DuplicateGroup>> duplicates;  // nullopt: not looked for
  std::string generated;                   // the day the page was made, YYYY-MM-DD
  std::optional<std::string> assessment_date;  // YYYY-MM-DD
  std::map<std::string, ItemLink> links;   // by item path; an item without one is shown unlinked
  std::string links_note;                  // one sentence on where the links lead
  /// Item path -> where its original should be: stored originals no longer on disk (deleted by hand).
  std::map<std::string, std::string> missing_originals;
};

std::string render_report_html(const ReportInput& input);

}  // namespace evidex::query
