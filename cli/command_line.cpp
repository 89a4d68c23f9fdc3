#include "cli/command_line.hpp"

#include "indexer/util/errors.hpp"

#include <algorithm>

namespace evidex::cli {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: a swap of two neighbours ("covearge") costs one, as it is one slip.
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) {
    d[i][0] = i;
  }
  for (std::size_t j = 0; j <= b.size(); ++j) {
    d[0][j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::vector<CLI::App*> subcommands_of(CLI::App& app) {
  return app.get_subcommands([](CLI::App*) { return true; });
}

CLI::App* subcommand_named(CLI::App& app, const std::string& name) {
  for (CLI::App* sub : subcommands_of(app)) {
    if (sub->check_name(name)) {
      return sub;
    }
  }
  return nullptr;
}

bool has_positionals(CLI::App& app) {
  return !app.get_options([](CLI::Option* o) { return o->get_positional() && !o->nonpositional(); }).empty();
}

// The option `name` ("--store" or "-q") as the parser sees it from `app`: its own, or a parent's
// (every command falls through to the global options).
const CLI::Option* find_option(CLI::App* app, const std::string& name) {
  for (; app != nullptr; app = app->get_parent()) {
    for (const CLI::Option* o : app->get_options()) {
      if (o->check_name(name)) {
        return o;
      }
    }
  }
  return nullptr;
}

std::vector<std::string> long_options(CLI::App* app) {
  std::vector<std::string> out;
  for (; app != nullptr; app = app->get_parent()) {
    for (const CLI::Option* o : app->get_options()) {
      for (const auto& l : o->get_lnames()) {
        out.push_back("--" + l);
      }
    }
  }
  return out;
}

bool takes_value(const CLI::Option& o) { return o.get_type_size() > 0 && o.get_expected_min() > 0; }

std::string command_path(CLI::App* app) {
  std::string out;
  for (; app != nullptr && app->get_parent() != nullptr; app = app->get_parent()) {
    out = app->get_name() + (out.empty() ? "" : " " + out);
  }
  return out;
}

[[noreturn]] void unknown(const std::string& what, const std::string& word, const std::string& suggestion,
                          CLI::App* where) {
  const std::string context = command_path(where);
  std::string message = (context.empty() ? "" : context + ": ") + "unknown " + what + " '" + word + "'";
  if (!suggestion.empty()) {
    message += "; did you mean '" + suggestion + "'?";
  } else {
    message += " (see 'evidex " + (context.empty() ? std::string("help") : "help " + context) + "')";
  }
  throw UsageError(message);
}

}  // namespace

std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::string::npos;
  std::size_t prefixed = 0;
  std::string prefix_match;
  for (const auto& c : candidates) {
    if (c.size() > word.size() && c.compare(0, word.size(), word) == 0 && word.size() >= 3) {
      ++prefixed;
      prefix_match = c;
    }
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  // Close enough to be a slip of the fingers: two edits, fewer for a short word.
  const std::size_t allowed = std::min<std::size_t>(2, std::max<std::size_t>(1, word.size() / 4));
  if (best_distance <= allowed) {
    return best;
  }
  return prefixed == 1 ? prefix_match : std::string();
}

CommandLine scan_command_line(CLI::App& app, const std::vector<std::string>& args) {
  CommandLine line;
  CLI::App* level = &app;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      break;  // everything after it is an argument
    }
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      const std::string name = a.substr(0, a.find('='));
      const CLI::Option* o = find_option(level, name);
      if (o == nullptr) {
        unknown("option", name, nearest(name, long_options(level)), level);
      }
      if (name == "--version") {
        line.version = true;
      } else if (name == "--verbose") {
        line.verbose = true;
      }
      if (name == a && takes_value(*o) && i + 1 < args.size()) {
        if (name == "--standards") {
          line.standards = args[i + 1];
        }
        ++i;
      } else if (name == "--standards") {
        line.standards = a.substr(a.find('=') + 1);
      }
      continue;
    }
    if (a.size() > 1 && a[0] == '-') {
      // Short flags, alone or run together (-vV); anything else is CLI11's to judge.
      for (std::size_t k = 1; k < a.size(); ++k) {
        line.version = line.version || a[k] == 'V';
        line.verbose = line.verbose || a[k] == 'v';
      }
      continue;
    }
    if (CLI::App* sub = subcommand_named(*level, a)) {
      level = sub;
      line.has_command = true;
      continue;
    }
    if (has_positionals(*level)) {
      continue;
    }
    if (!subcommands_of(*level).empty()) {
      std::vector<std::string> names;
      for (CLI::App* sub : subcommands_of(*level)) {
        names.push_back(sub->get_name());
      }
      unknown("command", a, nearest(a, names), level);
    }
    // An excess argument: CLI11 says so.
  }
  return line;
}

}  // namespace evidex::cli
