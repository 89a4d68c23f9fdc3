// How evidex meets a mistyped command line: the nearest command or option is suggested (as git
// does), every error line starts "evidex:", and the exit status says what kind of failure it was.
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/terminal_run.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

using namespace evidex::test;

namespace {

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

}  // namespace

TEST_CASE("a misspelt command or option names the nearest one", "[e2e][manners]") {
  TempDir work;
  Run command = run_evidex(work / "store", {"coverag", "--apprentice", "A"});
  CHECK(command.exit_code == 2);
  CHECK(command.err == "evidex: unknown command 'coverag'; did you mean 'coverage'?\n");
  CHECK(command.out.empty());

  Run swapped = run_evidex(work / "store", {"covreage", "--apprentice", "A"});
  CHECK(swapped.err == "evidex: unknown command 'covreage'; did you mean 'coverage'?\n");

  Run option = run_evidex(work / "store", {"coverage", "--apprentise", "A"});
  CHECK(option.exit_code == 2);
  CHECK(option.err == "evidex: coverage: unknown option '--apprentise'; did you mean '--apprentice'?\n");

  Run global = run_evidex_raw({"--stor", (work / "store").string(), "coverage", "--apprentice", "A"});
  CHECK(global.exit_code == 2);
  CHECK(global.err == "evidex: unknown option '--stor'; did you mean '--store'?\n");

  Run nested = run_evidex(work / "store", {"standards", "shwo", "ST0072"});
  CHECK(nested.exit_code == 2);
  CHECK(nested.err == "evidex: standards: unknown command 'shwo'; did you mean 'show'?\n");

  Run far = run_evidex(work / "store", {"frobnicate"});
  CHECK(far.exit_code == 2);
  CHECK(far.err == "evidex: unknown command 'frobnicate' (see 'evidex help')\n");

  // After "--" a word is an argument, whatever it looks like.
  Run search = run_evidex(work / "store", {"search", "--", "--apprentise"});
  CHECK_THAT(search.err, !Catch::Contains("unknown option"));
}

TEST_CASE("every usage error is one line starting 'evidex:' with exit status 2, unreadable input 3",
          "[e2e][manners]") {
  TempDir work;
  const std::string store = (work / "store").string();
  struct Bad {
    std::vector<std::string> args;
    int exit_code;
  };
  const std::vector<Bad> table{
      {{"--store", store}, 2},                                          // no command
      {{"--store", store, "coverage"}, 2},                              // missing required option
      {{"--store", store, "coverage", "--apprentice"}, 2},              // option without its value
      {{"--store", store, "coverage", "--apprentice", "A", "extra"}, 2},  // excess argument
      {{"--store", store, "items", "--apprentice", "A", "--format", "xml"}, 2},
      {{"--store", store, "text", "--apprentice", "A"}, 2},              // missing ITEM
      {{"--store", store, "ingest", "--apprentice", "A"}, 2},          // missing PATH
      {{"--store", store, "sample", "--rate", "lots"}, 2},
      {{"--store", store, "help", "nope"}, 2},
      {{"--store"}, 2},
      {{"--store", store, "--color", "purple", "search", "x"}, 2},
      {{"--store", store, "coverage", "--apprentice", "A"}, 3},         // no store there
      {{"--store", store, "ingest", (work / "missing.zip").string(), "--apprentice", "A"}, 3},
  };
  for (const auto& bad : table) {
    std::string line;
    for (const auto& a : bad.args) {
      line += a + " ";
    }
    INFO(line);
    Run r = run_evidex_raw(bad.args);
    CHECK(r.exit_code == bad.exit_code);
    CHECK_THAT(first_line(r.err), Catch::StartsWith("evidex:"));
  }
}

TEST_CASE("evidex alone prints the short help and exits 2, help and help COMMAND work like --help",
          "[e2e][manners]") {
  Run bare = run_evidex_raw({});
  CHECK(bare.exit_code == 2);
  CHECK(bare.out.empty());
  CHECK_THAT(bare.err, Catch::Contains("coverage") && Catch::Contains("ingest") && Catch::Contains("apprentices"));

  Run help = run_evidex_raw({"help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out == run_evidex_raw({"--help"}).out);

  Run coverage = run_evidex_raw({"help", "coverage"});
  CHECK(coverage.exit_code == 0);
  CHECK_THAT(coverage.out, Catch::Contains("--apprentice"));
  CHECK(coverage.out == run_evidex_raw({"coverage", "--help"}).out);

  Run nested = run_evidex_raw({"help", "standards", "show"});
  CHECK(nested.exit_code == 0);
  CHECK(nested.out == run_evidex_raw({"standards", "show", "--help"}).out);

  Run misspelt = run_evidex_raw({"help", "coverag"});
  CHECK(misspelt.exit_code == 2);
  CHECK(misspelt.err == "evidex: help: unknown command 'coverag'; did you mean 'coverage'?\n");
}

TEST_CASE("evidex --version, and with --verbose what a bug report needs", "[e2e][manners]") {
  for (const std::string flag : {"--version", "-V"}) {
    Run v = run_evidex_raw({flag});
    CHECK(v.exit_code == 0);
    CHECK(v.out == "evidex 0.1.0\n");
    CHECK(v.err.empty());
  }
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--version", "--verbose"},
                                               std::vector<std::string>{"-vV"}}) {
    Run v = run_evidex_raw(args);
    CHECK(v.exit_code == 0);
    CHECK_THAT(v.out, Catch::StartsWith("evidex 0.1.0\n"));
    CHECK_THAT(v.out, Catch::Matches("(.|\n)*\nstore schema: [0-9]+ (.|\n)*"));
    for (const char* library : {"\nXapian: 1.", "\nSQLite: 3.", "\nlibarchive: 3.", "\nPoppler: ", "\nlibmagic: 5."}) {
      CHECK_THAT(v.out, Catch::Contains(library));
    }
    CHECK_THAT(v.out, Catch::Contains("\nstandards: /"));
  }
}

TEST_CASE("forget not confirmed at the terminal says so in an evidex: line and erases nothing", "[e2e][manners]") {
  TempDir work;
  const auto store = work / "store";
  write_archive(work / "b.zip", {{"a.txt", "kept words"}});
  REQUIRE(run_evidex(store, {"ingest", (work / "b.zip").string(), "--apprentice", "F1"}).exit_code == 0);
  TerminalRun declined = run_on_terminal({"--store", store.string(), "forget", "--apprentice", "F1"}, {}, "F2\n");
  CHECK(declined.exit_code == 2);
  CHECK_THAT(declined.screen, Catch::Contains("Type the apprentice ID to confirm"));
  CHECK_THAT(declined.screen, Catch::Contains("evidex: forget: not confirmed; nothing was erased"));
  CHECK(run_evidex(store, {"apprentices", "--format", "csv"}).out.find("\r\nF1,") != std::string::npos);
}
