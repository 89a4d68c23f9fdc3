// Every numeric option refuses a value out of its range with one usage line naming it, before
// anything is read or written: CLI11 alone turns "-1" into 2^64 - 1 and lets "--timeout -5" through.
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using namespace evidex::test;

namespace {

struct BadValue {
  std::vector<std::string> command;  // the command and its required arguments
  std::string option;
  std::string value;
};

}  // namespace

TEST_CASE("evidex: every numeric option is range-checked with a usage error", "[e2e][cli][usage]") {
  TempDir work;
  write_file(work / "bundle" / "notes.txt", "Some notes.");
  const std::string bundle = (work / "bundle").string();
  const std::vector<std::string> search = {"search", "boiler"};
  const std::vector<std::string> ingest = {"ingest", bundle, "--apprentice", "A1"};
  const std::vector<std::string> duplicates = {"duplicates"};
  const std::vector<std::string> sample = {"sample"};
  const std::vector<BadValue> cases = {
      {search, "--offset", "-1"},
      {search, "--offset", "18446744073709551616"},
      {search, "--offset", "1000000001"},
      {search, "--offset", "0x10"},
      {search, "--limit", "0"},
      {search, "--limit", "-1"},
      {search, "--limit", "10001"},
      {search, "--limit", "2.5"},
      {ingest, "--jobs", "0"},
      {ingest, "--jobs", "-2"},
      {ingest, "--jobs", "100000"},
      {ingest, "--jobs", "4294967297"},
      {ingest, "--timeout", "-5"},
      {ingest, "--timeout", "0"},
      {ingest, "--timeout", "1e3"},
      {ingest, "--timeout", "99999999999"},
      {duplicates, "--threshold", "0"},
      {duplicates, "--threshold", "-0.1"},
      {duplicates, "--threshold", "1.5"},
      {duplicates, "--threshold", "nan"},
      {duplicates, "--threshold", "high"},
      {sample, "--rate", "-0.1"},
      {sample, "--rate", "1.01"},
      {sample, "--rate", "inf"},
      {sample, "--seed", "-1"},
      {sample, "--seed", "18446744073709551616"},
      {sample, "--min-per-assessor", "-1"},
      {sample, "--min-per-assessor", "1.5"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = c.command;
    args.push_back(c.option);
    args.push_back(c.value);
    INFO(c.command.front() << " " << c.option << " " << c.value);
    Run run = run_evidex(work / "store", args);
    CHECK(run.exit_code == 2);
    CHECK(run.out.empty());
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK(run.err.rfind("evidex: " + c.option + ": ", 0) == 0);
    CHECK_THAT(run.err, Catch::Contains(c.value));
  }
  // Refused before the store was opened, let alone created.
  CHECK_FALSE(std::filesystem::exists(work / "store"));
}

TEST_CASE("evidex: numeric options at the ends of their ranges are accepted", "[e2e][cli][usage]") {
  TempDir work;
  write_file(work / "bundle" / "notes.txt", "Some notes about the boiler.");
  Run ingest = run_evidex(work / "store", {"ingest", (work / "bundle").string(), "--apprentice", "A1", "--jobs",
                                           "1", "--timeout", "86400", "--quiet"});
  REQUIRE(ingest.exit_code == 0);
  CHECK(run_evidex(work / "store", {"search", "boiler", "--offset", "0", "--limit", "10000"}).exit_code == 0);
  CHECK(run_evidex(work / "store", {"search", "boiler", "--offset", "1000000000", "--limit", "1"}).exit_code == 0);
  CHECK(run_evidex(work / "store", {"duplicates", "--threshold", "1"}).exit_code == 0);
  CHECK(run_evidex(work / "store", {"sample", "--rate", "0", "--min-per-assessor", "0"}).exit_code == 0);
  CHECK(run_evidex(work / "store", {"sample", "--rate", "1", "--seed", "18446744073709551615"}).exit_code == 0);
}
