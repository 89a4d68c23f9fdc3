// The manual page (cli/evidex.1) against the binary: every command and option that 'evidex CMD --help'
// lists has its place in the page, so that the two cannot drift apart; and groff renders the page
// without a warning.
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <sstream>

using namespace evidex::test;

namespace {

std::vector<std::string> help_section(const std::string& help, const std::string& heading) {
  std::vector<std::string> lines;
  std::istringstream in(help);
  bool on = false;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != ' ') {
      on = line == heading;
    } else if (on && !line.empty()) {
      lines.push_back(line);
    }
  }
  return lines;
}

std::vector<std::string> subcommands(const std::vector<std::string>& path) {
  std::vector<std::string> args = path;
  args.push_back("--help");
  std::vector<std::string> out;
  for (const auto& line : help_section(run_evidex_raw(args).out, "Subcommands:")) {
    std::istringstream words(line);
    std::string name;
    words >> name;
    out.push_back(name);
  }
  return out;
}

// The option names in the first column of a help text's options ("-q,--quiet", "--format TEXT").
std::vector<std::string> options(const std::vector<std::string>& path) {
  std::vector<std::string> args = path;
  args.push_back("--help");
  std::vector<std::string> out;
  static const std::regex name(R"((^|[ ,])(--?[A-Za-z][A-Za-z-]*))");
  for (const auto& line : help_section(run_evidex_raw(args).out, "Options:")) {
    std::string first = line.substr(0, std::min<std::size_t>(line.size(), 30));
    for (std::sregex_iterator it(first.begin(), first.end(), name), end; it != end; ++it) {
      if ((*it)[2] != "-h" && (*it)[2] != "--help") {
        out.push_back((*it)[2]);
      }
    }
  }
  return out;
}

std::string roff(const std::string& option) { return std::regex_replace(option, std::regex("-"), "\\-"); }

// The page's sections: ".SS "evidex template add FILE"" -> "template add", and "GLOBAL OPTIONS".
std::map<std::string, std::string> manual_sections(const std::string& page) {
  std::map<std::string, std::string> sections;
  std::string current;
  std::istringstream in(page);
  static const std::regex command_heading(R"re(^\.SS "evidex ((?:[a-z]+ ?)+))re");
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_search(line, m, command_heading)) {
      current = m[1].str();
      while (!current.empty() && current.back() == ' ') {
        current.pop_back();
      }
    } else if (line.rfind(".SH ", 0) == 0) {
      current = line.substr(4);
    }
    sections[current] += line + "\n";
  }
  return sections;
}

std::string manual_page() { return read_file(fixture("../cli/evidex.1")); }

}  // namespace

TEST_CASE("manual: every command and option of the binary is in the page", "[e2e][manual]") {
  auto sections = manual_sections(manual_page());
  REQUIRE(sections.count("GLOBAL OPTIONS"));
  for (const auto& option : options({})) {
    INFO("global option " << option);
    CHECK_THAT(sections["GLOBAL OPTIONS"], Catch::Contains(roff(option)));
  }
  std::vector<std::vector<std::string>> pending;
  for (const auto& name : subcommands({})) {
    pending.push_back({name});
  }
  std::size_t commands = 0;
  while (!pending.empty()) {
    auto path = pending.back();
    pending.pop_back();
    std::string name;
    for (const auto& word : path) {
      name += (name.empty() ? "" : " ") + word;
    }
    auto nested = subcommands(path);
    for (const auto& sub : nested) {
      auto deeper = path;
      deeper.push_back(sub);
      pending.push_back(deeper);
    }
    if (name == "help") {
      CHECK_THAT(sections["SYNOPSIS"], Catch::Contains("help"));
      continue;
    }
    INFO("evidex " << name);
    ++commands;
    // A command with subcommands of its own (template) may be described by them alone.
    if (!nested.empty() && !sections.count(name)) {
      continue;
    }
    REQUIRE(sections.count(name));
    for (const auto& option : options(path)) {
      INFO("option " << option);
      CHECK_THAT(sections[name], Catch::Contains(roff(option)));
    }
  }
  CHECK(commands >= 20);
  // The page's header names the version the binary reports ("evidex 0.1.0").
  std::string version = run_evidex_raw({"--version"}).out;
  REQUIRE_FALSE(version.empty());
  version.erase(version.find_last_not_of('\n') + 1);
  CHECK_THAT(sections[""], Catch::Contains(".TH EVIDEX 1 ") && Catch::Contains("\"" + version + "\""));
  CHECK_THAT(sections["EXIT STATUS"], Catch::Contains(".B 130"));
}

TEST_CASE("manual: groff renders the page without a warning", "[e2e][manual]") {
  Run run = run_program({"/usr/bin/groff", "-man", "-Tutf8", "-ww", "-z", fixture("../cli/evidex.1").string()});
  CHECK(run.exit_code == 0);
  CHECK(run.err.empty());
  Run text = run_program({"/usr/bin/groff", "-man", "-Tutf8", "-P-cbou", fixture("../cli/evidex.1").string()});
  CHECK_THAT(text.out, Catch::Contains("EXIT STATUS"));
}
