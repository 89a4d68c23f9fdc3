// Standards as data: the shipped files hold what the seeds say, and a bad file is refused with a
// message that names the file, the key or line, and the problem.
#include "mapping/standard/standard.hpp"
#include "tests/support/standards.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>
#include <set>

using namespace evidex;
using evidex::test::TempDir;

namespace {

std::vector<std::string> refs_of(const mapping::Standard& s, const std::string& method, bool distinction) {
  std::vector<std::string> out;
  for (const auto* c : s.criteria_for(method)) {
    if (c->distinction_in(method) == distinction) {
      out.push_back(c->ref);
    }
  }
  return out;
}

// A small valid standard, changed by each test to make one thing wrong.
const char* const k_valid = R"json({
  // comments are allowed
  "format": 1, "id": "TEST01", "title": "Test standard", "level": 2,
  "reference_form": "module",
  "methods": [{"id": "showcase", "title": "Showcase", "distinction_required": 1}],
  "modules": [
    {"number": 1, "title": "One", "criteria": [
      {"ref": "1K1", "text": "Know one thing", "distinction": false, "methods": ["showcase"]},
      {"ref": "1K2", "text": "Know another", "distinction": true, "methods": ["showcase"]}
    ]}
  ]
})json";

std::string load_error(const std::string& json_text) {
  TempDir dir;
  evidex::test::write_file(dir / "TEST01.json", json_text);
  try {
    mapping::load_standard(dir / "TEST01.json");
  } catch (const mapping::DataFileError& e) {
    return e.what();
  }
  return "";
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("ST0072 holds the specification's criteria and counts", "[standards]") {
  const auto& s = test::shipped_standard("ST0072");
  CHECK(s.title == "Customer Service Practitioner");
  CHECK(s.level == 2);
  CHECK(s.modules.size() == 18);
  CHECK(s.form == mapping::RefForm::module);

  CHECK(refs_of(s, "showcase", false).size() == 29);
  CHECK(refs_of(s, "showcase", true) ==
        std::vector<std::string>{"2K6", "3K3", "3K4", "7K3", "10S4", "11S3", "12S7", "13B4", "15B4", "15B5"});
  CHECK(refs_of(s, "observation", true) == std::vector<std::string>{"8S2", "8S4", "8S6", "9S5", "9S6"});
  CHECK(refs_of(s, "observation", false).size() == 19);  // 11S3 is a pass criterion there
  CHECK(refs_of(s, "discussion", true) == std::vector<std::string>{"1K2", "1K4", "1K7", "6K4"});
  CHECK(refs_of(s, "discussion", false).size() == 10);

  CHECK(s.method("showcase")->distinction_required == 7);
  CHECK(s.method("observation")->distinction_required == 4);
  CHECK(s.method("discussion")->distinction_required == 3);
  CHECK(s.method("showcase")->rules.value("report_deadline_working_days", 0) == 7);

  // Module 11 defines S1-S3 only, though the coverage table says 11S1-11S4: the file says so.
  CHECK(s.find("11S3"));
  CHECK_FALSE(s.find("11S4"));
  CHECK(s.find("11S1")->methods == std::vector<std::string>{"showcase", "observation"});
  CHECK(std::any_of(s.notes.begin(), s.notes.end(), [](const std::string& n) { return n.find("11S4") != std::string::npos; }));

  CHECK(s.find("3K1")->text.find("legislation") != std::string::npos);
  CHECK(s.find("3K1")->delivery.find("Consumer Rights Act 2015") != std::string::npos);
  CHECK(s.find("13B4")->text == "Review and update own personal development plan");
  CHECK(s.find("2K1")->text == "State the aims of own organisation in relation to their sector");
  CHECK(s.modules[11].title == "Dealing with customer conflict and challenge");
  for (const auto& c : s.criteria) {
    INFO(c.ref);
    CHECK_FALSE(c.text.empty());
    CHECK_FALSE(c.methods.empty());
  }
}

TEST_CASE("ST0071 is numbered in seed order with its methods and rules", "[standards]") {
  const auto& s = test::shipped_standard("ST0071");
  CHECK(s.level == 3);
  CHECK(s.form == mapping::RefForm::plain);
  REQUIRE(s.find("K1"));
  CHECK(s.find("K1")->text.find("business strategy") != std::string::npos);
  CHECK(s.find("K1")->methods == std::vector<std::string>{"project"});
  CHECK(s.find("S1"));
  CHECK(s.find("B1"));
  CHECK(s.method("observation"));
  CHECK(s.method("project"));
  CHECK(s.method("discussion"));
  CHECK_FALSE(s.method("discussion")->distinction_required);
  const auto& portfolio = s.method("discussion")->rules.at("portfolio_pieces");
  CHECK(portfolio.at("min") == 10);
  CHECK(portfolio.at("max") == 15);
  const auto& words = s.method("project")->rules.at("report_words");
  CHECK(words.at("target") == 2500);
  CHECK(words.at("tolerance_percent") == 10);
}

TEST_CASE("A valid standard file loads, comments and all", "[standards]") {
  CHECK(load_error(k_valid).empty());
}

TEST_CASE("A malformed standard file is refused with the file, the place and the problem", "[standards]") {
  struct Case {
    std::string text;
    std::string expected;  // regular expression over the message
  };
  auto c = GENERATE(values<Case>({
      {replaced(k_valid, "\"level\": 2,", "\"level\": 2"), R"(TEST01\.json: not valid JSON: .*line 4, column)"},
      {replaced(k_valid, "\"format\": 1", "\"format\": 7"), R"(TEST01\.json: format: format 7 is not known)"},
      {replaced(k_valid, "\"title\": \"Test standard\",", ""), R"(TEST01\.json: missing key 'title')"},
      {replaced(k_valid, "\"methods\": [\"showcase\"]}\n    ]", "\"methods\": [\"showcse\"]}\n    ]"),
       R"(TEST01\.json: modules\[0\]\.criteria\[1\]\.methods\[0\]: unknown method 'showcse')"},
      {replaced(k_valid, "\"ref\": \"1K2\"", "\"ref\": \"1K1\""),
       R"(TEST01\.json: modules\[0\]\.criteria\[1\]\.ref: '1K1' is defined twice)"},
      {replaced(k_valid, "\"ref\": \"1K2\"", "\"ref\": \"2K2\""),
       R"(TEST01\.json: modules\[0\]\.criteria\[1\]\.ref: '2K2' is not in module 1)"},
      {replaced(k_valid, "\"ref\": \"1K2\"", "\"ref\": \"1X2\""),
       R"(modules\[0\]\.criteria\[1\]\.ref: '1X2' is not of the form)"},
      {replaced(k_valid, "\"distinction\": true", "\"distinction\": \"yes\""),
       R"(modules\[0\]\.criteria\[1\]\.distinction: expected true, false or a list of methods)"},
      {replaced(k_valid, "\"distinction\": true", "\"distinction\": [\"observation\"]"),
       R"(modules\[0\]\.criteria\[1\]\.distinction\[0\]: expected one of the criterion's methods)"},
      {replaced(k_valid, "\"distinction_required\": 1", "\"distinction_required\": 3"),
       R"(methods\[0\]\.distinction_required: 3 required, but the method assesses 1 distinction criteria)"},
      {replaced(k_valid, "\"reference_form\": \"module\"", "\"reference_form\": \"roman\""),
       R"(reference_form: 'roman' is neither)"},
      {"[1, 2]", R"(TEST01\.json: expected an object)"},
      {"", R"(TEST01\.json: not valid JSON)"},
  }));
  std::string message = load_error(c.text);
  INFO(message);
  CHECK(std::regex_search(message, std::regex(c.expected)));
}

TEST_CASE("A standard is added by dropping a file into a folder, which wins over the shipped one", "[standards]") {
  TempDir dir;
  evidex::test::write_file(dir / "TEST01.json", k_valid);
  evidex::test::write_file(dir / "ST0072.json", replaced(replaced(k_valid, "\"TEST01\"", "\"ST0072\""),
                                                        "Test standard", "Local ST0072"));
  mapping::StandardLibrary library(mapping::standard_dirs(dir.path()));
  REQUIRE(library.find("TEST01"));
  CHECK(library.find("TEST01")->criteria.size() == 2);
  CHECK(library.get("ST0072").title == "Local ST0072");
  CHECK(library.find("ST0071"));
  CHECK_THROWS_WITH(library.get("ST9999"), Catch::Contains("unknown standard 'ST9999'") && Catch::Contains("ST0071"));
}
