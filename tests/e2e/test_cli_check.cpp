// `evidex check` through the binary: what blocks an apprentice's assessment, one finding each,
// exit 1 when anything blocks and 0 when ready.
#include "tests/support/archive_writer.hpp"
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

std::set<std::string> codes(const json& findings) {
  std::set<std::string> out;
  for (const auto& f : findings) {
    out.insert(f["code"].get<std::string>());
  }
  return out;
}

std::vector<json> with_code(const json& findings, const std::string& code) {
  std::vector<json> out;
  for (const auto& f : findings) {
    if (f["code"] == code) {
      out.push_back(f);
    }
  }
  return out;
}

// The Declaration of Authenticity of seed 004's Appendix 4, filled in, as plain text.
std::string declaration(const std::string& name) {
  return "Declaration of Authenticity\n\nApprenticeship Standard\tCustomer Service Practitioner\nComponent\tShowcase\n\n"
         "I confirm that the work/evidence uploaded is my own work and has been personally created by me and "
         "demonstrates my knowledge, skills and competence.\n\nI understand that the grade awarded may be invalidated, "
         "if it is found work/evidence that does not belong to me has been uploaded.\n\nAll work/evidence uploaded "
         "towards this assessment is current.\n\nApprentice name\t" +
         name + "\nApprentice signature\t" + name +
         "\nDate\t20/02/2026\n\nI confirm that the Showcase work/evidence is that of the above member of staff\n\n"
         "Employer name\tRiverside Leisure Trust (Dana Cole, Centre Manager)\nEmployer signature\tD. Cole\n"
         "Date\t20/02/2026\n";
}

// The distinction showcase plus a signed declaration: nothing should block it.
fs::path ready_bundle(const TempDir& dir) {
  fs::path bundle = dir / "ready";
  fs::copy(fixture("bundles/distinction-showcase"), bundle, fs::copy_options::recursive);
  write_file(bundle / "13 Declaration of Authenticity.txt", declaration("Priya Shah"));
  // Remove the map rows that the fixture gets wrong on purpose (an undefined criterion, a missing file).
  std::string map = read_file(bundle / "Evidence map.csv");
  map = map.substr(0, map.find("12,12 Swimming"));
  write_file(bundle / "Evidence map.csv", map);
  return bundle;
}

}  // namespace

TEST_CASE("check: a complete, signed showcase is ready (exit 0)", "[e2e][check]") {
  TempDir work;
  fs::path bundle = ready_bundle(work);
  REQUIRE(run_evidex(work / "store", {"ingest", bundle.string(), "--apprentice", "P7", "--name", "Priya Shah",
                                      "--quiet"}).exit_code == 0);
  Run run = run_evidex(work / "store", {"check", "--apprentice", "P7", "--format", "json"});
  INFO(run.out);
  CHECK(run.exit_code == 0);
  json r = json::parse(run.out);
  CHECK(r["apprentice"] == "P7");
  CHECK(r["ready"] == true);
  CHECK(r["blocking"] == json::array());
  CHECK(r["verdict"] == "distinction-ready");
  Run text = run_evidex(work / "store", {"check", "--apprentice", "P7"});
  CHECK_THAT(text.out, Catch::Contains("READY: nothing blocks"));
}

TEST_CASE("check: the sample showcase is blocked, one finding per problem", "[e2e][check]") {
  TempDir work;
  REQUIRE(run_evidex(work / "store", {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001",
                                      "--name", "Sam Patel", "--quiet"}).exit_code == 0);
  // The sample's PDFs were exported on 2026-11-23 (their metadata says so): assess after that.
  Run run = run_evidex(work / "store", {"check", "--apprentice", "A001", "--format", "json",
                                        "--assessment-date", "2026-12-08", "--received", "2026-12-03"});
  CHECK(run.exit_code == 1);
  json r = json::parse(run.out);
  CHECK(r["ready"] == false);
  auto c = codes(r["blocking"]);
  CHECK(c.count("uncovered"));
  CHECK(c.count("extraction-failed"));
  CHECK(c.count("duplicate"));
  CHECK(c.count("late-submission"));
  // The recording has its time-tag notes; the declaration is complete and Sam's own; nothing is
  // assessor-led; nothing is dated after 8 December.
  CHECK_FALSE(c.count("recording-untagged"));
  CHECK_FALSE(c.count("declaration"));
  CHECK_FALSE(c.count("assessor-led"));
  CHECK_FALSE(c.count("after-assessment"));

  auto failed = with_code(r["blocking"], "extraction-failed");
  REQUIRE(failed.size() == 1);
  CHECK(failed[0]["path"] == "Showcase/10 Old presentation.pptx");
  auto late = with_code(r["blocking"], "late-submission");
  REQUIRE(late.size() == 1);
  CHECK(late[0]["path"].is_null());
  CHECK_THAT(late[0]["message"].get<std::string>(), Catch::Contains("by 2026-11-27"));
  auto uncovered = with_code(r["blocking"], "uncovered");
  CHECK(std::any_of(uncovered.begin(), uncovered.end(), [](const json& f) {
    return f["message"].get<std::string>().rfind("2K2 is not covered", 0) == 0;
  }));
  auto dup = with_code(r["blocking"], "duplicate");
  REQUIRE_FALSE(dup.empty());
  CHECK(dup.at(0)["path"] == "Showcase/01 Reflective account - handling a complaint (12S3, 12S6).docx");
  CHECK_THAT(dup.at(0)["message"].get<std::string>(), Catch::Contains("same-text"));
  CHECK(codes(r["notes"]).count("distinction-not-reached"));

  // Received on the deadline day is in time; an assessment before the evidence's dates flags them.
  json in_time = json::parse(run_evidex(work / "store", {"check", "--apprentice", "A001", "--format", "json",
                                                         "--assessment-date", "2026-12-08", "--received",
                                                         "2026-11-27"}).out);
  CHECK_FALSE(codes(in_time["blocking"]).count("late-submission"));
  json early = json::parse(run_evidex(work / "store", {"check", "--apprentice", "A001", "--format", "json",
                                                       "--assessment-date", "2026-02-12", "--received",
                                                       "2026-01-05"}).out);
  auto after = with_code(early["blocking"], "after-assessment");
  std::set<std::string> late_items;
  for (const auto& f : after) {
    late_items.insert(f["path"].get<std::string>());
  }
  CHECK(late_items.count("Showcase/02 Reflective account - handling a complaint.pdf"));
  CHECK(late_items.count("Showcase/03 Customer feedback.eml"));  // its Date header: 20 February 2026

  Run bad_date = run_evidex(work / "store", {"check", "--apprentice", "A001", "--assessment-date", "10/03/2026"});
  CHECK(bad_date.exit_code == 2);
}

TEST_CASE("check: assessor-led records, untagged recordings and a name mismatch are flagged", "[e2e][check]") {
  TempDir work;
  fs::path bundle = ready_bundle(work);
  // A recording without notes (the sample's WAV under another name), a record the assessor wrote,
  // and a declaration in someone else's name.
  TempDir sample;
  extract_archive(fixture("sample-bundle.zip"), sample.path());
  fs::copy_file(sample / "Showcase/06 Call recording 2026-02-10.wav", bundle / "14 Sales call.wav");
  write_file(bundle / "15 Professional discussion record.txt",
             "Professional discussion record\nAssessor: J. Okafor (IEA)\nQ1. Tell me about your customers.\n"
             "A. The apprentice described the three customer groups of the centre.");
  write_file(bundle / "13 Declaration of Authenticity.txt", declaration("Jordan Blake"));
  REQUIRE(run_evidex(work / "store", {"ingest", bundle.string(), "--apprentice", "P7", "--name", "Priya Shah",
                                      "--quiet"}).exit_code == 0);
  Run run = run_evidex(work / "store", {"check", "--apprentice", "P7", "--format", "json"});
  CHECK(run.exit_code == 1);
  json r = json::parse(run.out);
  auto recording = with_code(r["blocking"], "recording-untagged");
  REQUIRE(recording.size() == 1);
  CHECK(recording[0]["path"] == "14 Sales call.wav");
  auto assessor = with_code(r["blocking"], "assessor-led");
  REQUIRE(assessor.size() == 1);
  CHECK(assessor[0]["path"] == "15 Professional discussion record.txt");
  auto declaration_findings = with_code(r["blocking"], "declaration");
  REQUIRE_FALSE(declaration_findings.empty());
  CHECK_THAT(declaration_findings[0]["message"].get<std::string>(), Catch::Contains("Jordan Blake"));
}

TEST_CASE("check: ST0071 portfolio size and project report word count", "[e2e][check]") {
  TempDir work;
  fs::path bundle = work / "st0071";
  fs::create_directories(bundle);
  for (int i = 1; i <= 9; ++i) {
    write_file(bundle / ("Portfolio piece " + std::to_string(i) + ".txt"),
               "Evidence piece " + std::to_string(i) + " about resolving complex customer journeys.");
  }
  std::string words;
  for (int i = 0; i < 2000; ++i) {
    words += "word ";
  }
  std::string annex;
  for (int i = 0; i < 900; ++i) {
    annex += "data ";
  }
  write_file(bundle / "Project report.txt", "Work-based project report\n\n" + words + "\n\nAnnex A: survey data\n" + annex);
  REQUIRE(run_evidex(work / "store", {"ingest", bundle.string(), "--apprentice", "L3A", "--standard", "ST0071",
                                      "--quiet"}).exit_code == 0);
  json r = json::parse(run_evidex(work / "store", {"check", "--apprentice", "L3A", "--format", "json"}).out);
  CHECK(r["method"] == "all");
  auto size = with_code(r["blocking"], "portfolio-size");
  REQUIRE(size.size() == 1);
  CHECK_THAT(size[0]["message"].get<std::string>(), Catch::Contains("holds 9 pieces") && Catch::Contains("10 to 15"));
  auto count = with_code(r["blocking"], "word-count");
  REQUIRE(count.size() == 1);
  CHECK(count[0]["path"] == "Project report.txt");
  CHECK_THAT(count[0]["message"].get<std::string>(), Catch::Contains("2250 to 2750"));

  // 2,400 words before the annexes is within 2,500 ± 10 %, however long the annexes are.
  words.clear();
  for (int i = 0; i < 2400; ++i) {
    words += "word ";
  }
  write_file(bundle / "Project report.txt", "Work-based project report\n\n" + words + "\n\nAnnex A: survey data\n" + annex);
  write_file(bundle / "Portfolio piece 10.txt", "Evidence piece 10 about a complaint escalated to the specialist team.");
  REQUIRE(run_evidex(work / "store", {"ingest", bundle.string(), "--apprentice", "L3A", "--quiet"}).exit_code == 0);
  r = json::parse(run_evidex(work / "store", {"check", "--apprentice", "L3A", "--format", "json"}).out);
  CHECK(with_code(r["blocking"], "word-count").empty());
  CHECK(with_code(r["blocking"], "portfolio-size").empty());
}


TEST_CASE("check: the deadline counts the bank holidays of the list, which a fresh download replaces",
          "[e2e][check][calendar]") {
  TempDir work;
  REQUIRE(run_evidex(work / "store", {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001",
                                      "--name", "Sam Patel", "--quiet"}).exit_code == 0);
  ChildSetup setup;
  auto late_message = [&] {
    Run run = run_evidex(work / "store", {"check", "--apprentice", "A001", "--format", "json", "--assessment-date",
                                          "2026-12-08", "--received", "2026-12-03"}, setup);
    REQUIRE(run.exit_code == 1);
    auto late = with_code(json::parse(run.out)["blocking"], "late-submission");
    REQUIRE(late.size() == 1);
    return late[0]["message"].get<std::string>();
  };
  // The shipped list holds 2026: no holiday between 27 November and 8 December.
  CHECK_THAT(late_message(), Catch::Contains("by 2026-11-27 (weekends and England and Wales bank holidays do not count)"));

  // A proclamation after this evidex was built: an EPAO saves gov.uk's new list and points evidex at it.
  write_file(work / "bank-holidays.json",
             R"({"england-and-wales": {"division": "england-and-wales", "events": [
                  {"title": "Extra bank holiday", "date": "2026-12-01", "notes": "Extra bank holiday", "bunting": true},
                  {"title": "Christmas Day", "date": "2026-12-25", "notes": "", "bunting": true}]},
                "scotland": {"division": "scotland", "events": []}})");
  setup.env = {"EVIDEX_BANK_HOLIDAYS=" + (work / "bank-holidays.json").string()};
  CHECK_THAT(late_message(), Catch::Contains("by 2026-11-26"));
  // A list that ends before the assessment's year: the date is the rules', and the message says so.
  write_file(work / "old.json", R"({"england-and-wales": {"events": [{"title": "Christmas Day", "date": "2025-12-25"}]}})");
  setup.env = {"EVIDEX_BANK_HOLIDAYS=" + (work / "old.json").string()};
  std::string message = late_message();
  CHECK_THAT(message, Catch::Contains("by 2026-11-27"));
  CHECK_THAT(message, Catch::Contains("2026's bank holidays are not in the published list, so they follow the rules"));
  // A list that cannot be read is named, not ignored.
  setup.env = {"EVIDEX_BANK_HOLIDAYS=" + (work / "missing.json").string()};
  Run run = run_evidex(work / "store", {"check", "--apprentice", "A001", "--assessment-date", "2026-12-08"}, setup);
  CHECK(run.exit_code == 3);
  CHECK_THAT(run.err, Catch::StartsWith("evidex: bank holidays: " + (work / "missing.json").string() + ": cannot be read"));
}
