#include "query/report/report.hpp"

#include "query/calendar/calendar.hpp"
#include "query/check/check.hpp"
#include "query/coverage/method_choice.hpp"
#include "query/coverage/coverage.hpp"
#include "query/authenticity/declaration.hpp"
#include "query/iqa/duplicates.hpp"
#include "query/report/report_files.hpp"
#include "query/report/report_html.hpp"

namespace evidex::query {

std::string make_report(indexer::Store& store, const mapping::Standard& standard, const std::string& apprentice,
                        const ReportOptions& options) {
  chosen_methods(standard, options.method);  // a wrong method is a usage error before the store is read
  return make_report(ApprenticeSnapshot(store, apprentice), standard, options);
}

std::string make_report(const ApprenticeSnapshot& snapshot, const mapping::Standard& standard,
                        const ReportOptions& options) {
  indexer::Store& store = snapshot.store();
  ReportInput input;
  input.apprentice = snapshot.info();
  input.bundles = snapshot.bundles();
  input.items = snapshot.items();
  input.tags = snapshot.tags();
  input.generated = options.generated.empty() ? indexer::utc_now_iso().substr(0, 10) : options.generated;
  input.assessment_date = options.assessment_date;

  CheckOptions check_options;
  check_options.method = options.method;
  if (options.assessment_date) {
    check_options.assessment_date = parse_iso_day(*options.assessment_date);
  }
  // The check computes coverage, the declaration and the duplicates; the page shows the same.
  input.check = run_check(snapshot, standard, check_options);
  input.coverage = input.check->coverage;
  input.declaration = input.check->declaration;
  input.duplicates = input.check->duplicates;

  for (const auto& item : input.items) {
    std::error_code ec;
    if (!item.sha256.empty() && !std::filesystem::is_regular_file(store.blob_file(item.sha256), ec)) {
      input.missing_originals[item.path] = store.blob_file(item.sha256).string();
    }
  }
  if (!options.copy_items_beside.empty()) {
    input.links = copy_originals(store, input.items, options.copy_items_beside);
    input.links_note = "Each item's name opens the copy of its original in the folder " +
                       copies_dir(options.copy_items_beside).filename().string() + " beside this page.";
  } else {
    input.links = store_links(store, input.items);
    input.links_note = "Each item's name opens its original as stored by evidex in " +
                       std::filesystem::absolute(store.dir()).string() + " (on this computer only).";
  }
  return render_report_html(input);
}

}  // namespace evidex::query
