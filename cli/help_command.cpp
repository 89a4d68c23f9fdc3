#include "cli/command_line.hpp"
#include "cli/commands.hpp"
#include "indexer/util/errors.hpp"

#include <iostream>

namespace evidex::cli {

void add_help_command(CLI::App& app) {
  auto words = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand("help", "Show the help of evidex, or of a command (the same as COMMAND --help)");
  cmd->add_option("COMMAND", *words, "A command, e.g. coverage, or standards show");
  cmd->callback([&app, words] {
    CLI::App* target = &app;
    std::string path = app.get_name();
    for (const auto& word : *words) {
      auto subs = target->get_subcommands([](CLI::App*) { return true; });
      CLI::App* next = nullptr;
      std::vector<std::string> names;
      for (CLI::App* sub : subs) {
        names.push_back(sub->get_name());
        if (sub->check_name(word)) {
          next = sub;
        }
      }
      if (next == nullptr) {
        const std::string suggestion = nearest(word, names);
        throw UsageError("help: unknown command '" + word + "'" +
                         (suggestion.empty() ? std::string(" (see 'evidex help')")
                                             : "; did you mean '" + suggestion + "'?"));
      }
      target = next;
      path += " " + next->get_name();
    }
    // Not target->help(): that describes the command chosen on this command line, which is "help".
    std::cout << target->get_formatter()->make_help(target, path, CLI::AppFormatMode::Normal);
  });
}

}  // namespace evidex::cli
