#include "cli/commands.hpp"
#include "indexer/util/errors.hpp"
#include "mapping/tagger/tag_bundle.hpp"
#include "query/check/check.hpp"
#include "query/authenticity/dates.hpp"

#include <iostream>
#include <unistd.h>

namespace evidex::cli {
namespace {

std::optional<query::Day> day_option(const std::string& value, const char* option) {
  if (value.empty()) {
    return std::nullopt;
  }
  return query::parse_iso_day(query::require_iso_date(value, option));
}

}  // namespace

void add_check_command(CLI::App& app, Globals& globals) {
  struct Args {
    std::string apprentice;
    std::string method = "showcase";
    std::string assessment_date;
    std::string received;
    std::string format = "text";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Everything that blocks assessment, one line each; exit 1 when anything blocks, 0 when ready");
  cmd->add_option("--apprentice", args->apprentice, "Apprentice ID")->required();
  cmd->add_option("--method", args->method, "showcase (default), another method of the standard, or all");
  cmd->add_option("--assessment-date", args->assessment_date, "YYYY-MM-DD: checks dates and the report deadline");
  cmd->add_option("--received", args->received,
                  "YYYY-MM-DD the assessor received the evidence (default: the day it was ingested)");
  cmd->add_option("--format", args->format, "text, json or csv");
  cmd->callback([args, &globals] {
    query::Format format = query::parse_format(args->format);
    query::CheckOptions options;
    options.assessment_date = day_option(args->assessment_date, "--assessment-date");
    options.received = day_option(args->received, "--received");
    const auto library = load_standards(globals);
    auto store = open_store_for_query(globals, library);
    require_apprentice(*store, args->apprentice);
    const auto& standard = mapping::standard_of(*store, library, args->apprentice);
    options.method = args->method == "showcase" && !standard.method("showcase") ? "all" : args->method;
    if (options.method != "all" && !standard.method(options.method)) {
      throw UsageError("--method: " + standard.id + " has no method '" + options.method + "'");
    }
    auto result = query::run_check(*store, standard, args->apprentice, options);
    std::cout << query::render(result, format, colour_wanted(globals));
    globals.exit_code = result.ready() ? 0 : 1;
  });
}

}  // namespace evidex::cli
