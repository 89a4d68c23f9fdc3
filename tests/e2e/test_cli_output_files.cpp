// `report --out` and `show --out` say what they wrote; `show` does not pour binary bytes onto a
// terminal, while a pipe or a redirection still gets them exactly.
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/terminal_run.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

using namespace evidex::test;

namespace {

const std::string k_pdf = "Showcase/02 Reflective account - handling a complaint.pdf";
const std::string k_text = "Showcase/06 Call recording - time tags.txt";

}  // namespace

TEST_CASE("report --out and show --out say on stderr what they wrote, and nothing with --quiet", "[e2e][manners]") {
  TempDir work;
  const auto store = work / "store";
  REQUIRE(run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001"}).exit_code == 0);

  const auto page = work / "report.html";
  Run report = run_evidex(store, {"report", "--apprentice", "A001", "--out", page.string()});
  REQUIRE(report.exit_code == 0);
  CHECK(report.out.empty());
  CHECK_THAT(report.err, Catch::Matches("evidex: wrote .*/report\\.html \\([0-9.]+ KB\\)\n"));
  Run quiet = run_evidex(store, {"report", "--apprentice", "A001", "--out", page.string(), "--quiet"});
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.err.empty());
  // To standard output there is nothing to announce.
  Run to_stdout = run_evidex(store, {"report", "--apprentice", "A001", "--out", "-"});
  CHECK(to_stdout.err.empty());
  CHECK_THAT(to_stdout.out, Catch::StartsWith("<!DOCTYPE html>"));

  const auto copy = work / "copy.pdf";
  Run show = run_evidex(store, {"show", "--apprentice", "A001", k_pdf, "--out", copy.string()});
  REQUIRE(show.exit_code == 0);
  CHECK(show.err == "evidex: wrote " + copy.string() + " (34 KB)\n");
  CHECK(read_file(copy).size() == 33696);
  Run show_quiet = run_evidex(store, {"show", "-q", "--apprentice", "A001", k_pdf, "--out", copy.string()});
  CHECK(show_quiet.err.empty());
}

TEST_CASE("show refuses to write a binary item to a terminal, and writes it to a pipe", "[e2e][manners]") {
  TempDir work;
  const auto store = work / "store";
  write_archive(work / "b.zip", {{"notes.txt", "plain words\n"},
                                 {"escape.txt", "looks like text \033]0;new title\007 but is not\n"},
                                 {"latin1.txt", "caf\xe9 cr\xe8me\n"}});
  REQUIRE(run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001"}).exit_code == 0);
  REQUIRE(run_evidex(store, {"ingest", (work / "b.zip").string(), "--apprentice", "B1"}).exit_code == 0);

  auto on_terminal = [&](const std::string& apprentice, const std::string& item) {
    return run_on_terminal({"--store", store.string(), "show", "--apprentice", apprentice, item});
  };
  TerminalRun pdf = on_terminal("A001", k_pdf);
  CHECK(pdf.exit_code == 2);
  CHECK_THAT(pdf.screen, Catch::Contains("evidex: show: '" + k_pdf +
                                         "' is binary (application/pdf); use --out FILE or redirect stdout"));
  CHECK_THAT(pdf.screen, !Catch::Contains("%PDF"));

  TerminalRun escape = on_terminal("B1", "escape.txt");
  CHECK(escape.exit_code == 2);
  CHECK_THAT(escape.screen, Catch::Contains("'escape.txt' is binary (control characters)"));
  TerminalRun latin1 = on_terminal("B1", "latin1.txt");
  CHECK(latin1.exit_code == 2);
  CHECK_THAT(latin1.screen, Catch::Contains("'latin1.txt' is binary (not UTF-8 text)"));

  TerminalRun text = on_terminal("A001", k_text);
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.screen, !Catch::Contains("binary"));
  TerminalRun notes = on_terminal("B1", "notes.txt");
  CHECK(notes.exit_code == 0);
  CHECK_THAT(notes.screen, Catch::Contains("plain words"));

  // Through a pipe, the bytes exactly as uploaded.
  Run piped = run_evidex(store, {"show", "--apprentice", "A001", k_pdf});
  CHECK(piped.exit_code == 0);
  CHECK(piped.out.size() == 33696);
  CHECK(piped.out.rfind("%PDF", 0) == 0);
  CHECK(run_evidex(store, {"show", "--apprentice", "B1", "escape.txt"}).out ==
        "looks like text \033]0;new title\007 but is not\n");
}
