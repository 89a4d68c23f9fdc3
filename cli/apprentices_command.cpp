#include "cli/commands.hpp"
#include "query/listing/apprentices_listing.hpp"

#include <iostream>

namespace evidex::cli {

void add_apprentices_command(CLI::App& app, Globals& globals) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* cmd = app.add_subcommand("apprentices", "List every apprentice in the store: name, standard, assessor, "
                                                    "bundles and items");
  cmd->add_option("--format", *format, "text, json or csv")->check(CLI::IsMember({"text", "json", "csv"}));
  cmd->callback([format, &globals] {
    const query::Format f = query::parse_format(*format);
    auto store = open_store_for_query(globals);
    std::cout << query::render(query::list_apprentices(*store), f);
  });
}

}  // namespace evidex::cli
