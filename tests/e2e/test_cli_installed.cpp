// evidex as installed: the Debian package built from this tree (cpack), unpacked into a scratch root
// and run from there on the sample showcase; and a binary moved away from its shipped data.
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string_view>
#include <sys/wait.h>

using namespace evidex::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Outcome = Run;

/// Runs `program args...` in `cwd`, as a user would from a shell there: no EVIDEX_STANDARDS or
/// EVIDEX_STORE from the test's environment (evidex takes an empty one for none).
Outcome run_in(const fs::path& cwd, const fs::path& program, const std::vector<std::string>& args) {
  std::vector<std::string> argv{program.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildSetup setup;
  setup.cwd = cwd;
  setup.env = {"EVIDEX_STANDARDS=", "EVIDEX_STORE="};
  return run_program(argv, setup);
}

std::string quoted(const fs::path& p) {
  std::string q = "'";
  for (char c : p.string()) {
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return q + "'";
}

/// Runs a shell command line, its output into `log`; the exit status.
int shell(const std::string& command, const fs::path& log) {
  int status = std::system((command + " >" + quoted(log) + " 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/// The main job of the README's first command, by `evidex` from `cwd`; the showcase coverage.
json sample_coverage(const fs::path& evidex, const fs::path& cwd, const std::vector<std::string>& extra = {}) {
  std::vector<std::string> ingest{"--store", "store", "ingest", fixture("sample-bundle.zip").string(),
                                  "--apprentice", "A001", "--name", "Sam Patel", "--standard", "ST0072"};
  ingest.insert(ingest.end(), extra.begin(), extra.end());
  Outcome in = run_in(cwd, evidex, ingest);
  INFO(in.err);
  REQUIRE(in.exit_code == 0);
  CHECK_THAT(in.out, Catch::Contains("Tagged against ST0072"));
  std::vector<std::string> coverage{"--store", "store", "coverage", "--apprentice", "A001",
                                    "--method", "showcase", "--format", "json"};
  coverage.insert(coverage.end(), extra.begin(), extra.end());
  Outcome c = run_in(cwd, evidex, coverage);
  INFO(c.err);
  REQUIRE(c.exit_code == 0);
  return json::parse(c.out);
}

// What the README's demo prints for the sample showcase: "NOT READY — 19 of 29 pass criteria, 4 of 10
// distinction criteria (7 needed for distinction)".
void check_sample_verdict(const json& c) {
  CHECK(c["standard"] == "ST0072");
  CHECK(c["apprentice"] == "A001");
  CHECK(c["verdict"] == "not-ready");
  CHECK(c["pass"]["covered"] == 19);
  CHECK(c["pass"]["total"] == 29);
  CHECK(c["distinction"]["covered"] == 4);
  CHECK(c["distinction"]["total"] == 10);
  CHECK(c["distinction"]["required"] == 7);
}

}  // namespace

TEST_CASE("the .deb holds evidex and its data, depends on what it runs, and works from where it installs",
          "[package]") {
  TempDir work;
  const fs::path log = work / "cpack.log";
  // The package of this build tree, as `cpack -G DEB` in build/ makes it, made elsewhere.
  int status = shell(quoted(EVIDEX_CPACK) + " -G DEB --config " + quoted(fs::path(EVIDEX_BUILD_DIR) / "CPackConfig.cmake") +
                         " -B " + quoted(work / "package"),
                     log);
  INFO(read_file(log));
  REQUIRE(status == 0);
  fs::path deb;
  for (const auto& entry : fs::directory_iterator(work / "package")) {
    if (entry.path().extension() == ".deb") {
      deb = entry.path();
    }
  }
  REQUIRE(!deb.empty());
  CHECK(deb.filename().string().rfind("evidex_", 0) == 0);

  // Computed by dpkg-shlibdeps from what the binary links, plus the programs and data it runs or reads.
  REQUIRE(shell("dpkg-deb -f " + quoted(deb) + " Depends", work / "depends") == 0);
  const std::string depends = read_file(work / "depends");
  INFO("Depends: " << depends);
  // "catdoc, libxapian30 (>= 1.4.19~), ...": the package names.
  std::set<std::string> names;
  std::istringstream fields(depends);
  for (std::string field; std::getline(fields, field, ',');) {
    std::istringstream words(field);
    std::string name;
    words >> name;
    names.insert(name);
  }
  for (const char* package : {"libxapian30", "libarchive13", "libpoppler-cpp0v5", "libsqlite3-0", "libmagic1",
                              "catdoc", "poppler-data", "libmagic-mgc"}) {
    CHECK(names.count(package) == 1);
  }

  const fs::path root = work / "root";
  REQUIRE(shell("dpkg-deb -x " + quoted(deb) + " " + quoted(root), work / "extract.log") == 0);
  CHECK(fs::is_regular_file(root / "usr/bin/evidex"));
  CHECK(fs::is_regular_file(root / "usr/share/evidex/standards/ST0072.json"));
  CHECK(fs::is_regular_file(root / "usr/share/evidex/standards/ST0071.json"));
  CHECK(fs::is_regular_file(root / "usr/share/evidex/bank-holidays.json"));
  CHECK(fs::is_regular_file(root / "usr/share/doc/evidex/README.md"));
  CHECK_FALSE(fs::exists(root / "usr/share/evidex/standards/README.md"));
  // The manual, compressed as Debian's policy asks, and the completion, which works with the installed binary.
  REQUIRE(fs::is_regular_file(root / "usr/share/man/man1/evidex.1.gz"));
  REQUIRE(shell("gzip -dc " + quoted(root / "usr/share/man/man1/evidex.1.gz"), work / "manual") == 0);
  CHECK_THAT(read_file(work / "manual"), Catch::Contains(".SH EXIT STATUS"));
  const fs::path completion = root / "usr/share/bash-completion/completions/evidex";
  REQUIRE(fs::is_regular_file(completion));
  REQUIRE(shell("bash --norc -c " + quoted(fs::path("source '" + completion.string() + "'; COMP_WORDS=('" +
                                           (root / "usr/bin/evidex").string() +
                                           "' cov); COMP_CWORD=1; _evidex; echo \"${COMPREPLY[*]}\"")),
                work / "completed") == 0);
  CHECK(read_file(work / "completed") == "coverage\n");

  // From a folder outside the source and build trees, with no EVIDEX_STANDARDS: the standards are
  // the package's own.
  fs::create_directories(work / "elsewhere");
  check_sample_verdict(sample_coverage(root / "usr/bin/evidex", work / "elsewhere"));
  // The bank holidays of the late-submission deadline are the package's list too.
  Outcome check = run_in(work / "elsewhere", root / "usr/bin/evidex",
                         {"--store", "store", "check", "--apprentice", "A001", "--format", "json", "--assessment-date",
                          "2026-12-08", "--received", "2026-12-03"});
  INFO(check.err);
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.out, Catch::Contains("by 2026-11-27 (weekends and England and Wales bank holidays do not count)"));
}

TEST_CASE("a binary moved away from its shipped data says where it looked, and --standards still works", "[e2e][install]") {
  TempDir work;
  fs::create_directories(work / "opt/bin");
  fs::copy_file(EVIDEX_BINARY, work / "opt/bin/evidex");
  fs::permissions(work / "opt/bin/evidex", fs::perms::owner_all, fs::perm_options::add);

  Outcome lost = run_in(work.path(), work / "opt/bin/evidex", {"standards"});
  CHECK(lost.exit_code == 3);
  CHECK(lost.out.empty());
  // One line, in evidex's voice, naming the folder it looked in and the way out.
  CHECK(lost.err.rfind("evidex: ", 0) == 0);
  CHECK(std::count(lost.err.begin(), lost.err.end(), '\n') == 1);
  CHECK_THAT(lost.err, Catch::Contains((work / "opt/share/evidex/standards").string()));
  CHECK_THAT(lost.err, Catch::Contains("--standards"));

  Outcome ingest = run_in(work.path(), work / "opt/bin/evidex",
                          {"--store", "store", "ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001",
                           "--standard", "ST0072"});
  CHECK(ingest.exit_code == 3);
  CHECK_THAT(ingest.err, Catch::Contains((work / "opt/share/evidex/standards").string()));

  // The source tree's standards given by hand: the main job works from there.
  const std::string standards = (fs::path(EVIDEX_SOURCE_DIR) / "mapping/standards").string();
  Outcome listed = run_in(work.path(), work / "opt/bin/evidex", {"--standards", standards, "standards"});
  INFO(listed.err);
  CHECK(listed.exit_code == 0);
  CHECK_THAT(listed.out, Catch::Contains("ST0072"));
  check_sample_verdict(sample_coverage(work / "opt/bin/evidex", work.path(), {"--standards", standards}));

  // Moved back beside a share/evidex (a symlink to the build tree's), it needs no help.
  fs::create_directories(work / "opt/share");
  fs::create_directory_symlink(fs::path(EVIDEX_BUILD_DIR) / "share/evidex", work / "opt/share/evidex");
  Outcome found = run_in(work.path(), work / "opt/bin/evidex", {"standards"});
  INFO(found.err);
  CHECK(found.exit_code == 0);
  CHECK_THAT(found.out, Catch::Contains("ST0072"));
}
