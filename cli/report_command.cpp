#include "cli/commands.hpp"
#include "mapping/tagger/tag_bundle.hpp"
#include "query/authenticity/dates.hpp"
#include "query/render/output.hpp"
#include "query/report/report.hpp"
#include "query/report/report_files.hpp"
#include "query/render/terminal_text.hpp"

#include <iostream>

namespace evidex::cli {

void add_report_command(CLI::App& app, Globals& globals) {
  struct Args {
    std::string apprentice;
    std::string out;
    std::string method = "showcase";
    std::string assessment_date;
    bool copy_items = false;
    bool quiet = false;
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
  cmd->add_flag("--quiet,-q", args->quiet, "Do not say what was written");
  cmd->callback([args, &globals] {
    if (args->copy_items && args->out == "-") {
      throw UsageError("--copy-items needs --out FILE.html: the copies go beside the page");
    }
    query::ReportOptions options;
    if (!args->assessment_date.empty()) {
      options.assessment_date = query::require_iso_date(args->assessment_date, "--assessment-date");
    }
    if (args->copy_items) {
      options.copy_items_beside = args->out;
    }
    const auto library = load_standards(globals);
    auto store = open_store_for_query(globals, library);
    require_apprentice(*store, args->apprentice);
    const auto& standard = mapping::standard_of(*store, library, args->apprentice);
    // ST0072's default method is the showcase; a standard without one is shown whole.
    options.method = args->method == "showcase" && !standard.method("showcase") ? "all" : args->method;
    const std::string html = query::make_report(*store, standard, args->apprentice, options);
    if (args->out == "-") {
      std::cout << html;
    } else {
      query::write_file_atomically(args->out, html);
      if (!args->quiet) {
        // As a file manager or `cp -v` would: where it went and how big, so a wrong --out is seen.
        std::cerr << "evidex: wrote " << query::terminal_text(args->out) << " (" << query::human_bytes(html.size())
                  << ")" << (args->copy_items ? " and the copies of the items beside it" : "") << "\n";
      }
    }
  });
}

}  // namespace evidex::cli
