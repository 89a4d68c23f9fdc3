// The ingest progress line on a terminal: it names each phase (extracting, tagging, signatures), and
// its total, the items found so far, never goes down, even when nested archives add entries.
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/terminal_run.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace evidex::test;

TEST_CASE("ingest progress names its phases and its total never decreases", "[e2e][manners]") {
  TempDir work;
  std::vector<Entry> inner;
  for (int i = 0; i < 30; ++i) {
    inner.emplace_back("inner/n" + std::to_string(i) + ".txt", "inner note " + std::to_string(i));
  }
  write_archive(work / "inner.zip", inner);
  std::vector<Entry> outer;
  for (int i = 0; i < 5; ++i) {
    outer.emplace_back("a" + std::to_string(i) + ".txt", "outer note " + std::to_string(i));
  }
  outer.emplace_back("nested/inner.zip", read_file(work / "inner.zip"));
  outer.emplace_back("z.txt", "last");
  write_archive(work / "b.zip", outer);
  const std::vector<std::string> args{"--store", (work / "store").string(), "ingest", (work / "b.zip").string(),
                                      "--apprentice", "P1"};

  TerminalRun shown = run_on_terminal(args);
  REQUIRE(shown.exit_code == 0);
  CHECK_THAT(shown.screen, Catch::Contains("tagging"));
  CHECK_THAT(shown.screen, Catch::Contains("signatures"));
  CHECK_THAT(shown.screen, Catch::Contains("Ingested"));
  const std::regex counter(R"(extracting \[([0-9]+)/([0-9]+) found so far\])");
  std::size_t lines = 0;
  long last_total = 0;
  long last_done = -1;
  for (std::sregex_iterator it(shown.screen.begin(), shown.screen.end(), counter), end; it != end; ++it) {
    const long done = std::stol((*it)[1]);
    const long total = std::stol((*it)[2]);
    INFO((*it)[0]);
    CHECK(total >= last_total);
    CHECK(done >= last_done);
    CHECK(done <= total);
    last_total = total;
    last_done = done;
    ++lines;
  }
  CHECK(lines >= 30);
  CHECK(last_total >= 36);  // 5 + the nested zip + 30 inside it + 1, as far as the count goes
  // The phases come in order.
  CHECK(shown.screen.find("extracting") < shown.screen.find("tagging"));
  CHECK(shown.screen.find("tagging") < shown.screen.find("signatures"));

  std::vector<std::string> quiet_args = args;
  quiet_args.back() = "P2";
  quiet_args.push_back("--quiet");
  TerminalRun quiet = run_on_terminal(quiet_args);
  CHECK(quiet.exit_code == 0);
  CHECK_THAT(quiet.screen, !Catch::Contains("extracting") && !Catch::Contains("tagging") &&
                               !Catch::Contains("signatures"));

  Run piped = run_evidex(work / "store", {"ingest", (work / "b.zip").string(), "--apprentice", "P3"});
  CHECK(piped.exit_code == 0);
  CHECK(piped.err.empty());
}
