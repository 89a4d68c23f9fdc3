// The sample showcase the README's first command ingests: what an apprentice would see.
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace evidex::test;
using nlohmann::json;

TEST_CASE("the sample showcase ingests as an apprentice expects", "[e2e][sample]") {
  TempDir work;
  Run ingest = run_evidex(work / "store", {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001",
                                           "--name", "Sam Patel", "--standard", "ST0072"});
  REQUIRE(ingest.exit_code == 0);
  CHECK_THAT(ingest.out, Catch::Contains("16 items, 1 could not be extracted"));
  CHECK_THAT(ingest.out, Catch::Contains("error: Showcase/10 Old presentation.pptx: corrupt"));

  json items = json::parse(run_evidex(work / "store", {"items", "--apprentice", "A001", "--format", "json"}).out);
  std::map<std::string, json> by_path;
  for (const auto& item : items) {
    by_path[item["path"]] = item;
  }
  REQUIRE(by_path.size() == 16);
  // The same account as DOCX and as its PDF export: the same words.
  CHECK(by_path.at("Showcase/01 Reflective account - handling a complaint (12S3, 12S6).docx")["words"] ==
        by_path.at("Showcase/02 Reflective account - handling a complaint.pdf")["words"]);
  CHECK(by_path.at("Showcase/02 Reflective account - handling a complaint.pdf")["pages"] >= 1);
  CHECK(by_path.at("Showcase/03 Customer feedback.eml/feedback-survey.pdf")["error"].is_null());
  CHECK(by_path.at("Showcase/09 Product guide.pdf")["type"] == "docx");
  // Document dates: Office metadata, and an e-mail's Date header.
  CHECK(by_path.at("Showcase/02 Reflective account - handling a complaint.pdf")["created"].is_string());
  CHECK(by_path.at("Showcase/03 Customer feedback.eml")["created"].get<std::string>().rfind("2026-", 0) == 0);
  CHECK(by_path.at("Showcase/06 Call recording 2026-02-10.wav")["type"] == "audio");
  CHECK(by_path.at("Showcase/Supporting/archive of letters.zip/letter-to-customer-2026-02-11.txt")["words"] > 50);

  Run text = run_evidex(work / "store", {"text", "--apprentice", "A001", "Showcase/08 Declaration of Authenticity.docx"});
  CHECK_THAT(text.out, Catch::Contains("Sam Patel"));
  Run mail = run_evidex(work / "store", {"text", "--apprentice", "A001", "Showcase/03 Customer feedback.eml"});
  CHECK_THAT(mail.out, Catch::Contains("Subject: Thank you for resolving my claim"));
}
