#include "cli/commands.hpp"
#include "cli/numeric_options.hpp"
#include "query/search/search.hpp"

#include <iostream>
#include <unistd.h>

namespace evidex::cli {

namespace {
// Xapian counts documents in 32 bits; a billion hits is past any store of showcases.
constexpr std::uint64_t k_max_offset = 1000000000;
}  // namespace

void add_search_command(CLI::App& app, Globals& globals) {
  struct Args {
    query::SearchOptions options;
    std::string format = "text";
    bool explain = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "search", "Ranked hits with a snippet: words, \"phrases\", AND/OR/NOT, wild*, ksb:12S3, type:pdf, "
                "apprentice:A17, path:letters");
  cmd->add_option("QUERY", args->options.query, "What to look for (Xapian query syntax)");
  cmd->add_option("--apprentice", args->options.apprentice, "Only this apprentice's items");
  cmd->add_option("--ksb", args->options.ksb, "Only items that cover this criterion, e.g. 12S3");
  cmd->add_option("--type", args->options.type, "Only items of this type: pdf, docx, eml, ...");
  cmd->add_option("--limit", args->options.limit, "How many hits (default 20)")->check(whole_number(1, 10000));
  cmd->add_option("--offset", args->options.offset, "Skip this many hits (for paging)")
      ->check(whole_number(0, k_max_offset));
  cmd->add_option("--format", args->format, "text, json or csv");
  cmd->add_flag("--explain", args->explain, "Also print the query as Xapian understood it (to stderr)");
  cmd->callback([args, &globals] {
    query::Format format = query::parse_format(args->format);
    auto store = open_store_for_query(globals);
    if (!args->options.apprentice.empty()) {
      require_apprentice(*store, args->options.apprentice);
    }
    auto result = query::search(*store, args->options);
    if (args->explain) {
      std::cerr << result.parsed << "\n";
    }
    std::cout << query::render(result, format, colour_wanted(globals));
  });
}

}  // namespace evidex::cli
