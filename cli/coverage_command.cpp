#include "cli/commands.hpp"
#include "mapping/tagger/tag_bundle.hpp"
#include "query/coverage/coverage.hpp"

#include <iostream>
#include <unistd.h>

namespace evidex::cli {

void add_coverage_command(CLI::App& app, Globals& globals) {
  struct Args {
    std::string apprentice;
    std::string method = "showcase";
    std::string format = "text";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "coverage", "Per criterion: covered or not, by which items, from which source; counts and verdict");
  cmd->add_option("--apprentice", args->apprentice, "Apprentice ID")->required();
  cmd->add_option("--method", args->method, "showcase, observation, discussion (the standard's methods) or all");
  cmd->add_option("--format", args->format, "text, json or csv");
  cmd->callback([args, &globals] {
    query::Format format = query::parse_format(args->format);
    const auto library = load_standards(globals);
    auto store = open_store_for_query(globals, library);
    require_apprentice(*store, args->apprentice);
    const auto& standard = mapping::standard_of(*store, library, args->apprentice);
    // ST0072's default method is the showcase; a standard without one is shown whole.
    std::string method = args->method == "showcase" && !standard.method("showcase") ? "all" : args->method;
    auto coverage = query::compute_coverage(*store, standard, args->apprentice, method);
    std::cout << query::render(coverage, format, colour_wanted(globals));
  });
}

}  // namespace evidex::cli
