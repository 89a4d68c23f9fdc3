#include "cli/commands.hpp"
#include "query/authenticity/dates.hpp"
#include "query/authenticity/declaration.hpp"

#include <unistd.h>
#include <iostream>

namespace evidex::cli {

void add_declaration_command(CLI::App& app, Globals& globals) {
  struct Args {
    std::string apprentice;
    std::string assessment_date;
    std::string format = "text";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "declaration", "Declaration of Authenticity: complete, incomplete (which fields are missing) or missing");
  cmd->add_option("--apprentice", args->apprentice, "Apprentice ID")->required();
  cmd->add_option("--assessment-date", args->assessment_date, "YYYY-MM-DD: dates on the form after it are reported");
  cmd->add_option("--format", args->format, "text, json or csv");
  cmd->callback([args, &globals] {
    query::Format format = query::parse_format(args->format);
    std::optional<std::string> assessment_date;
    if (!args->assessment_date.empty()) {
      assessment_date = query::require_iso_date(args->assessment_date, "--assessment-date");
    }
    const auto library = load_standards(globals);
    auto store = open_store_for_query(globals, library);
    require_apprentice(*store, args->apprentice);
    auto check = query::check_declaration(*store, args->apprentice, assessment_date);
    // A report, whatever the status: `evidex check` is the command that fails.
    std::cout << query::render(check, format, colour_wanted(globals));
  });
}

}  // namespace evidex::cli
