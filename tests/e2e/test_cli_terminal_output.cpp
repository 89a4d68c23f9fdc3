// Issue 9, defect 3: names and text from an upload cannot forge terminal output. A folder bundle
// and a zip whose names and text hold escape sequences, a window-title sequence, newlines, carriage
// returns, C1 controls and bidi overrides go through every text printer of the binary; none of those
// bytes reaches the terminal, the names stay recognisable, and JSON still carries the exact name.
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>
#include <utility>

using namespace evidex::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string k_rlo = "\xE2\x80\xAE";  // U+202E RIGHT-TO-LEFT OVERRIDE
const std::string k_lri = "\xE2\x81\xA6";  // U+2066 LEFT-TO-RIGHT ISOLATE
const std::string k_pdi = "\xE2\x81\xA9";  // U+2069 POP DIRECTIONAL ISOLATE
const std::string k_csi = "\xC2\x9B";      // U+009B, the C1 form of ESC [

// A paragraph long enough to be indexed, tagged and compared as a document, different per file.
std::string account(const std::string& topic) {
  // Naming criteria makes coverage list the file as their evidence.
  std::string text = "Reflective account about " + topic + ", covering 2K1 and 2K2. ";
  for (int i = 0; i < 12; ++i) {
    text += "I handled the customer escalation on the " + topic +
            " case, logged it in the complaint tracker, "
            "agreed the next step with my line manager and followed it up within two working days. ";
  }
  return text;
}

// Hostile name -> how a person reading the terminal should see it.
const std::vector<std::pair<std::string, std::string>> k_names = {
    {"Clear\x1b[2JScreen.txt", "Clear\\x1b[2JScreen.txt"},
    {"Title\x1b]0;owned\x07 log.txt", "Title\\x1b]0;owned\\x07 log.txt"},
    {"Forged\nevidex: READY.txt", "Forged\\nevidex: READY.txt"},
    {"Carriage\rReturn.txt", "Carriage\\rReturn.txt"},
    {"invoice" + k_rlo + "txt.exe.txt", "invoice<U+202E>txt.exe.txt"},
    {"iso" + k_lri + "late" + k_pdi + ".txt", "iso<U+2066>late<U+2069>.txt"},
    {"c1" + k_csi + "31m.txt", "c1<U+009B>31m.txt"},
};

std::vector<Entry> entries() {
  std::vector<Entry> out;
  int n = 0;
  for (const auto& [name, shown] : k_names) {
    out.emplace_back(name, account("topic" + std::to_string(++n) + " " + k_rlo + "reversed" + k_pdi));
  }
  // Cannot be read: ingest and check name it in an error line.
  out.emplace_back("Broken\x1b[31m.pdf", "%PDF-1.4\n1 0 obj garbage\n");
  return out;
}

// Which forbidden sequence the text holds, or "" when it is clean.
std::string forbidden_in(const std::string& text) {
  static const std::vector<std::pair<std::string, std::string>> k_forbidden = {
      {"\x1b", "ESC"},   {"\r", "CR"},      {"\x07", "BEL"},   {"\xC2\x9B", "U+009B"},
      {k_rlo, "U+202E"}, {k_lri, "U+2066"}, {k_pdi, "U+2069"}, {"\xE2\x80\xAA", "U+202A"},
  };
  for (const auto& [bytes, what] : k_forbidden) {
    if (text.find(bytes) != std::string::npos) {
      return what;
    }
  }
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("evidex: READY", 0) == 0) {
      return "a forged line";
    }
  }
  return "";
}

void require_clean(const std::string& what, const Run& run) {
  INFO(what << "\nstdout:\n" << run.out << "\nstderr:\n" << run.err);
  CHECK(forbidden_in(run.out) == "");
  CHECK(forbidden_in(run.err) == "");
}

}  // namespace

TEST_CASE("text output shows control characters and bidi overrides from names and text visibly",
          "[e2e][output][bad-input]") {
  TempDir work;
  fs::path store = work / "store";
  fs::path folder = work / "showcase";
  fs::create_directories(folder);
  for (const auto& e : entries()) {
    write_file(folder / e.name, e.content);
  }
  fs::path zip = work / "showcase.zip";
  write_archive(zip, entries());

  Run folder_ingest = run_evidex(store, {"ingest", folder.string(), "--apprentice", "F1"});
  REQUIRE(folder_ingest.exit_code == 0);
  require_clean("ingest of the folder", folder_ingest);
  Run zip_ingest = run_evidex(store, {"ingest", zip.string(), "--apprentice", "Z1"});
  REQUIRE(zip_ingest.exit_code == 0);
  require_clean("ingest of the zip", zip_ingest);

  for (const std::string apprentice : {"F1", "Z1"}) {
    for (const std::string command : {"items", "check", "coverage", "declaration"}) {
      Run run = run_evidex(store, {command, "--apprentice", apprentice});
      require_clean(command + " " + apprentice, run);
    }
  }
  Run items = run_evidex(store, {"items", "--apprentice", "F1"});
  CHECK_THAT(folder_ingest.out, Catch::Contains("error: Broken\\x1b[31m.pdf: "));
  CHECK_THAT(run_evidex(store, {"check", "--apprentice", "F1"}).out,
             Catch::Contains("extraction-failed: Broken\\x1b[31m.pdf: "));
  CHECK_THAT(run_evidex(store, {"coverage", "--apprentice", "F1"}).out,
             Catch::Contains("explicit Carriage\\rReturn.txt"));
  for (const auto& [name, shown] : k_names) {
    CHECK_THAT(items.out, Catch::Contains(shown));
  }
  CHECK_THAT(items.out, Catch::Contains("Broken\\x1b[31m.pdf"));
  // The zip's names are recognisable too, bidi override shown rather than obeyed.
  CHECK_THAT(run_evidex(store, {"items", "--apprentice", "Z1"}).out, Catch::Contains("invoice<U+202E>txt.exe.txt"));

  Run search = run_evidex(store, {"search", "escalation"});
  REQUIRE(search.exit_code == 0);
  require_clean("search", search);
  CHECK_THAT(search.out, Catch::Contains("<U+202E>reversed<U+2069>"));
  Run search_for = run_evidex(store, {"search", "escalation", "--apprentice", "F1", "--limit", "20"});
  require_clean("search --apprentice", search_for);
  CHECK_THAT(search_for.out, Catch::Contains("Clear\\x1b[2JScreen.txt"));

  Run duplicates = run_evidex(store, {"duplicates"});
  REQUIRE(duplicates.exit_code == 0);
  require_clean("duplicates", duplicates);
  CHECK_THAT(duplicates.out, Catch::Contains("iso<U+2066>late<U+2069>.txt"));

  // Programs get the exact name: JSON escapes it by itself.
  std::set<std::string> paths;
  for (const auto& item : json::parse(run_evidex(store, {"items", "--apprentice", "F1", "--format", "json"}).out)) {
    paths.insert(fs::path(item["path"].get<std::string>()).filename().string());
  }
  for (const auto& [name, shown] : k_names) {
    CHECK(paths.count(name) == 1);
  }
  CHECK(paths.count("Broken\x1b[31m.pdf") == 1);
}
