#include "cli/commands.hpp"
#include "mapping/tagger/tag_bundle.hpp"
#include "query/calendar.hpp"
#include "query/check.hpp"
#include "query/coverage.hpp"
#include "query/dates.hpp"
#include "query/declaration.hpp"
#include "query/duplicates.hpp"
#include "query/report_files.hpp"
#include "query/report_html.hpp"

#include <iostream>

namespace evidex::cli {

void add_report_command(CLI::App& app, Globals& globals) {
  struct Args {
    std::string apprentice;
    std::string out;
    std::string method = "showcase";
    std::string assessment_date;
    bool copy_items = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "report", "One self-contained HTML page for a person to read: verdict, blocking issues, coverage, items");
  cmd->add_option("--apprentice", args->apprentice, "Apprentice ID")->required();
  cmd->add_option("--out", args->out, "The page to write (FILE.html), or - for standard output")->required();
  cmd->add_option("--method", args->method, "showcase, observation, discussion (the standard's methods) or all");
  cmd->add_option("--assessment-date", args->assessment_date, "YYYY-MM-DD: the day of the assessment");
  cmd->add_flag("--copy-items", args->copy_items,
                "Copy the originals into FILE_files/ beside the page and link to the copies (to send the "
                "page on); by default the links lead to the store");
  cmd->callback([args, &globals] {
    if (args->copy_items && args->out == "-") {
      throw UsageError("--copy-items needs --out FILE.html: the copies go beside the page");
    }
    std::optional<std::string> assessment_date;
    if (!args->assessment_date.empty()) {
      assessment_date = query::require_iso_date(args->assessment_date, "--assessment-date");
    }
    const auto library = load_standards(globals);
    auto store = open_store_for_query(globals, library);
    require_apprentice(*store, args->apprentice);
    const auto& standard = mapping::standard_of(*store, library, args->apprentice);
    std::string method = args->method == "showcase" && !standard.method("showcase") ? "all" : args->method;

    query::ReportInput input;
    input.apprentice = *store->apprentice(args->apprentice);
    input.bundle = store->bundle_of(args->apprentice);
    input.coverage = query::compute_coverage(*store, standard, args->apprentice, method);
    input.items = store->items(args->apprentice);
    input.tags = store->tags(args->apprentice);
    input.generated = indexer::utc_now_iso().substr(0, 10);
    input.assessment_date = assessment_date;
    input.declaration = query::check_declaration(*store, args->apprentice, assessment_date);
    query::CheckOptions check_options;
    check_options.method = method;
    if (assessment_date) {
      check_options.assessment_date = query::parse_iso_day(*assessment_date);
    }
    input.check = query::run_check(*store, standard, args->apprentice, check_options);
    query::DuplicateOptions duplicate_options;
    duplicate_options.apprentice = args->apprentice;
    input.duplicates = query::find_duplicates(*store, duplicate_options);
    if (args->copy_items) {
      input.links = query::copy_originals(*store, input.items, args->out);
      input.links_note = "Each item's name opens the copy of its original in the folder " +
                         query::copies_dir(args->out).filename().string() + " beside this page.";
    } else {
      input.links = query::store_links(*store, input.items);
      input.links_note = "Each item's name opens its original as stored by evidex in " + std::filesystem::absolute(store->dir()).string() +
                         " (on this computer only).";
    }
    const std::string html = query::render_report_html(input);
    if (args->out == "-") {
      std::cout << html;
    } else {
      query::write_file_atomically(args->out, html);
    }
  });
}

}  // namespace evidex::cli
