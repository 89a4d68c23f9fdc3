// `evidex check` on recordings through the binary: each recording needs time-tag notes, found by
// name, by evidence number, by naming the file, or in the same e-mail (query/check/recording_notes.cpp).
// The files are real: a WAV from python's wave module, notes from LibreOffice (fixtures/recordings/).
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>

using namespace evidex::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::set<std::string> untagged_paths(const json& check) {
  std::set<std::string> out;
  for (const auto& f : check["blocking"]) {
    if (f["code"] == "recording-untagged") {
      out.insert(f["path"].get<std::string>());
    }
  }
  return out;
}

void copy_fixture(const std::string& name, const fs::path& to) {
  fs::create_directories(to.parent_path());
  fs::copy_file(fixture("recordings/" + name), to);
}

}  // namespace

TEST_CASE("check: recordings are paired with their time-tag notes in every style", "[e2e][check][recordings]") {
  TempDir work;
  fs::path b = work / "showcase";
  const std::string wav = "python-wave-call.wav";
  // Issue 8, defect 5: criteria in the recording's name, "time tags" in the notes' name, a table.
  copy_fixture(wav, b / "Call recording - Sam Patel (10S1 10S3).wav");
  copy_fixture("libreoffice-time-tags-table.docx", b / "Call recording - Sam Patel - time tags.docx");
  // A date in the recording's name, [mm:ss] lines in an ODT named "timestamps".
  copy_fixture(wav, b / "Team huddle 2026-03-02.wav");
  copy_fixture("libreoffice-timestamps-lines.odt", b / "Team huddle - timestamps.odt");
  // "1m30s" stamps in a PDF named "timings".
  copy_fixture(wav, b / "Billing call.wav");
  copy_fixture("libreoffice-timings-units.pdf", b / "Billing call - timings.pdf");
  // The same evidence number.
  copy_fixture(wav, b / "E07 Renewal call.wav");
  write_file(b / "E07 Log.txt", "Renewal call log\n0:05 greeting\n0:40 renewal price explained\n1:20 objection handled\n");
  // Notes that name the recording's file.
  copy_fixture(wav, b / "Recording 3.wav");
  write_file(b / "Supervisor log.txt",
             "What happens in Recording 3.wav:\n[00:05] greeting\n[00:55] the customer's question\n[02:15] close\n");
  // A recording attached to an e-mail whose body holds its time tags.
  copy_fixture("python-email-recording.eml", b / "Voicemail follow-up.eml");
  // Notes named for the recording whose times are clock times, and a recording with no notes.
  copy_fixture(wav, b / "Complaint call.wav");
  copy_fixture("libreoffice-diary-clock-times.docx", b / "Complaint call - notes.docx");
  copy_fixture(wav, b / "Lone call 2026-02-11.wav");

  Run ingest = run_evidex(work / "store", {"ingest", b.string(), "--apprentice", "R1", "--quiet"});
  REQUIRE(ingest.exit_code == 0);
  Run run = run_evidex(work / "store", {"check", "--apprentice", "R1", "--format", "json"});
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 1);
  json r = json::parse(run.out);
  CHECK(untagged_paths(r) == std::set<std::string>{"Complaint call.wav", "Lone call 2026-02-11.wav"});
  for (const auto& f : r["blocking"]) {
    if (f["code"] == "recording-untagged") {
      CHECK_THAT(f["message"].get<std::string>(), Catch::Contains("time-tag notes"));
    }
  }
}
