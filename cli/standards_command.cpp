#include "cli/commands.hpp"
#include "query/listing/standards_listing.hpp"

#include <iostream>
#include <unistd.h>

namespace evidex::cli {

void add_standards_command(CLI::App& app, Globals& globals) {
  struct Args {
    std::string format = "text";
    std::string id;
    std::string method = "all";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("standards", "List the standards evidex knows (data files, see --standards)");
  cmd->add_option("--format", args->format, "text, json or csv");
  cmd->callback([args, &globals, cmd] {
    if (cmd->get_subcommands().empty()) {
      std::cout << query::render(load_standards(globals), query::parse_format(args->format));
    }
  });
  CLI::App* show = cmd->add_subcommand("show", "Print one standard's criteria, by module");
  show->add_option("ID", args->id, "Standard id, e.g. ST0072")->required();
  show->add_option("--method", args->method, "Only the criteria of this method (e.g. showcase), or all");
  show->add_option("--format", args->format, "text, json or csv");
  show->callback([args, &globals] {
    const auto library = load_standards(globals);
    const query::Format format = query::parse_format(args->format);
    std::cout << query::render(query::standard_criteria(library.get(args->id), args->method), format,
                               colour_wanted(globals));
  });
}

}  // namespace evidex::cli
