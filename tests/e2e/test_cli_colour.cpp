// --color auto|always|never and NO_COLOR (https://no-color.org), the same for every command that
// colours: colour codes only where a person reads them, or where asked for.
#include "tests/support/run_evidex.hpp"
#include "tests/support/terminal_run.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

using namespace evidex::test;

namespace {

bool coloured(const std::string& s) { return s.find("\033[") != std::string::npos; }

struct ColourStore {
  TempDir work;
  std::string store = (work / "store").string();
  ColourStore() {
    Run ingest = run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001"});
    REQUIRE(ingest.exit_code == 0);
  }
};

}  // namespace

TEST_CASE("colour: --color always colours through a pipe, never does not, before or after the command", "[e2e][manners]") {
  ColourStore s;
  Run plain = run_evidex(s.store, {"coverage", "--apprentice", "A001"});
  REQUIRE(plain.exit_code == 0);
  CHECK_FALSE(coloured(plain.out));  // auto: not a terminal

  for (const std::string command : {"coverage", "check", "declaration"}) {
    INFO(command);
    Run always = run_evidex(s.store, {"--color=always", command, "--apprentice", "A001"});
    CHECK(coloured(always.out));
    Run after = run_evidex(s.store, {command, "--apprentice", "A001", "--color", "always"});
    CHECK(coloured(after.out));
  }
  Run search = run_evidex(s.store, {"search", "complaint", "--color", "always"});
  CHECK(coloured(search.out));

  // NO_COLOR does not overrule an explicit request.
  ChildSetup no_color;
  no_color.env = {"NO_COLOR=1"};
  CHECK(coloured(run_evidex(s.store, {"coverage", "--apprentice", "A001", "--color=always"}, no_color).out));

  // A bad value is a usage error, named.
  Run bad = run_evidex(s.store, {"coverage", "--apprentice", "A001", "--color", "sometimes"});
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.err, Catch::StartsWith("evidex: ") && Catch::Contains("--color"));
}

TEST_CASE("on a terminal: colour by default, none with NO_COLOR, TERM=dumb or --color never", "[e2e][manners]") {
  ColourStore s;
  auto on_terminal = [&](const std::vector<std::string>& extra, const std::vector<std::string>& env) {
    std::vector<std::string> args{"--store", s.store, "coverage", "--apprentice", "A001"};
    args.insert(args.end(), extra.begin(), extra.end());
    TerminalRun r = run_on_terminal(args, env);
    CHECK(r.exit_code == 0);
    return r.screen;
  };
  CHECK(coloured(on_terminal({}, {"TERM=xterm"})));
  CHECK_FALSE(coloured(on_terminal({}, {"TERM=xterm", "NO_COLOR=1"})));
  // Set but empty does not count (no-color.org).
  CHECK(coloured(on_terminal({}, {"TERM=xterm", "NO_COLOR="})));
  CHECK_FALSE(coloured(on_terminal({}, {"TERM=dumb"})));
  CHECK_FALSE(coloured(on_terminal({"--color", "never"}, {"TERM=xterm"})));
  CHECK(coloured(on_terminal({"--color", "always"}, {"TERM=xterm", "NO_COLOR=1"})));
}
