// Bash completion (cli/evidex.bash) through bash and the real binary: commands and options come
// from the binary's help, apprentice IDs and standards from the store it would use.
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

using namespace evidex::test;

namespace {

// What bash offers for the words typed so far; the last word is the one being completed.
std::vector<std::string> complete(std::vector<std::string> words) {
  std::string script = "source " + fixture("../cli/evidex.bash").string() + "\nCOMP_WORDS=(";
  words.insert(words.begin(), EVIDEX_BINARY);
  for (const auto& w : words) {
    script += "'" + w + "' ";
  }
  script += ")\nCOMP_CWORD=" + std::to_string(words.size() - 1) +
            "\n_evidex\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
  Run run = run_program({"/bin/bash", "--norc", "--noprofile", "-c", script});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  std::vector<std::string> out;
  std::istringstream in(run.out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) {
      out.push_back(line);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

using List = std::vector<std::string>;

}  // namespace

TEST_CASE("completion: commands, nested commands and options", "[e2e][completion]") {
  auto all = complete({""});
  for (const char* command : {"ingest", "items", "coverage", "check", "search", "report", "template", "apprentices"}) {
    INFO(command);
    CHECK(has(all, command));
  }
  CHECK(complete({"cov"}) == List{"coverage"});
  CHECK(complete({"template", ""}) == List{"add", "list", "remove"});
  CHECK(complete({"ingest", "--ap"}) == List{"--apprentice"});
  auto check_options = complete({"check", "--"});
  CHECK(has(check_options, "--assessment-date"));
  CHECK(has(check_options, "--received"));
  CHECK_FALSE(has(check_options, "--copy-items"));  // report's, not check's
  // Options after option values and global options still complete for the right command.
  CHECK(complete({"--store", "/tmp/s", "report", "--apprentice", "A1", "--cop"}) == List{"--copy-items"});
  CHECK(complete({"coverage", "--format", ""}) == List{"csv", "json", "text"});
  CHECK(complete({"coverage", "--method", "d"}) == List{"discussion"});
  CHECK(complete({"--color", ""}) == List{"always", "auto", "never"});
  CHECK(complete({"ingest", "--standard", ""}) == List{"ST0071", "ST0072"});
}

TEST_CASE("completion: apprentice IDs come from the store on the command line", "[e2e][completion]") {
  TempDir work;
  for (const char* id : {"A001", "A002", "B100"}) {
    REQUIRE(run_evidex(work / "store", {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", id,
                                        "--quiet"}).exit_code == 0);
  }
  std::string store = (work / "store").string();
  CHECK(complete({"--store", store, "coverage", "--apprentice", ""}) == List{"A001", "A002", "B100"});
  CHECK(complete({"check", "--store", store, "--apprentice", "A"}) == List{"A001", "A002"});
  // Another store, another list: nothing from a store that does not exist.
  CHECK(complete({"--store", (work / "none").string(), "items", "--apprentice", ""}).empty());
}

TEST_CASE("completion: user, token and audit, roles, and user names from the store's accounts", "[e2e][completion]") {
  TempDir work;
  const std::string store = (work / "store").string();
  for (const char* name : {"bob", "brenda", "ivy"}) {
    ChildSetup setup;
    setup.input = "correct horse battery\n";
    REQUIRE(run_evidex(work / "store", {"user", "add", name, "--role", "iqa", "--password-stdin"}, setup).exit_code == 0);
  }
  CHECK(complete({"user", "di"}) == List{"disable"});
  CHECK(complete({"token", "r"}) == List{"revoke"});
  CHECK(has(complete({"audit", "--"}), "--action"));
  CHECK(complete({"user", "add", "sam", "--role", "a"}) == List{"admin", "apprentice", "assessor"});
  CHECK(complete({"--store", store, "token", "add", "--user", "b"}) == List{"bob", "brenda"});
  CHECK(complete({"--store", store, "audit", "--user", "bob", "--l"}) == List{"--limit"});
}
