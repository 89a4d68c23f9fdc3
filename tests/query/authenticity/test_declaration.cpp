// The declaration check over a real store: which item holds the form, what is missing, whether the
// name is the apprentice's, and which dates are a problem.
#include "indexer/store/store.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/sha256.hpp"
#include "query/authenticity/declaration.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

using namespace evidex;

namespace {

std::string form(const std::string& name, const std::string& signature, const std::string& date,
                 const std::string& employer_signature = "D. Brooks", const std::string& employer_date = "20/02/2026") {
  return "Declaration of Authenticity\n"
         "I confirm that the work/evidence uploaded is my own work and has been personally created by me.\n"
         "Apprentice name\t" +
         name + "\nApprentice signature\t" + signature + "\nDate\t" + date +
         "\nI confirm that the Showcase work/evidence is that of the above member of staff\n"
         "Employer name\tDaniel Brooks\nEmployer signature\t" +
         employer_signature + "\nDate\t" + employer_date + "\n";
}

struct Item {
  std::string path;
  std::string text;
  std::uint64_t words = 100;
};

struct DeclarationStore {
  test::TempDir dir;
  indexer::Store store{dir / "store", indexer::Store::Mode::write};

  DeclarationStore(const std::vector<Item>& items, const std::string& name = "Sam Patel") {
    std::vector<indexer::NewItem> rows;
    for (const auto& i : items) {
      indexer::NewItem row;
      row.record.path = i.path;
      row.record.type = "text";
      row.record.sha256 = sha256_hex(i.path + i.text);
      row.record.words = i.words;
      row.text = i.text;
      rows.push_back(row);
    }
    store.put_bundle({"A1", name, "ST0072", ""}, indexer::BundleInfo{}, rows);
  }

  query::DeclarationCheck check(std::optional<std::string> assessment_date = std::nullopt) {
    return query::check_declaration(store, "A1", assessment_date);
  }
};

}  // namespace

TEST_CASE("declaration: the signed copy wins over a blank template and a mention", "[declaration]") {
  DeclarationStore s({{"00 Evidence map.csv", "E08,08 Declaration of Authenticity.docx,n/a\n"},
                      {"08 Declaration of Authenticity - blank.docx", form("", "", "", "", "")},
                      {"08 Declaration of Authenticity - signed.docx", form("Sam Patel", "S. Patel", "20/02/2026")}});
  auto d = s.check();
  CHECK(d.status == query::DeclarationStatus::complete);
  CHECK(d.path == "08 Declaration of Authenticity - signed.docx");
  CHECK(d.missing_fields.empty());
  CHECK(d.name_matches == true);
  CHECK(d.name_found == "Sam Patel");
  CHECK(d.problems.empty());
  CHECK(d.other_forms == std::vector<std::string>{"08 Declaration of Authenticity - blank.docx"});
  CHECK(d.dates.at("apprentice date") == "2026-02-20");
}

TEST_CASE("declaration: missing fields are named, in the form's order", "[declaration]") {
  DeclarationStore s({{"decl.docx", form("Sam Patel", "Click or tap here to enter text.", "20/02/2026", "____", "")}});
  auto d = s.check();
  CHECK(d.status == query::DeclarationStatus::incomplete);
  CHECK(d.missing_fields == std::vector<std::string>{"apprentice signature", "employer signature", "employer date"});
  CHECK(d.fields.at("apprentice signature") == "Click or tap here to enter text.");
  auto j = query::declaration_json(d);
  CHECK(j["fields"]["apprentice signature"].is_null());
  CHECK(j["fields"]["apprentice name"] == "Sam Patel");
}

TEST_CASE("declaration: no form in the bundle is 'missing', with a word about a scanned one", "[declaration]") {
  DeclarationStore s({{"01 Reflective account.docx", "I completed the Declaration of Authenticity with my manager."},
                      {"08 Declaration of Authenticity (signed).jpg", "", 0}});
  auto d = s.check();
  CHECK(d.status == query::DeclarationStatus::missing);
  CHECK(d.path.empty());
  CHECK(d.missing_fields.empty());
  CHECK_FALSE(d.name_matches.has_value());
  REQUIRE(d.problems.size() == 1);
  CHECK_THAT(d.problems[0], Catch::StartsWith("08 Declaration of Authenticity (signed).jpg is named like a "
                                              "declaration but has no text to read"));
  auto j = query::declaration_json(d);
  CHECK(j["path"].is_null());
  CHECK(j["name_matches"].is_null());
}

TEST_CASE("declaration: the name on the form against the registered name", "[declaration]") {
  SECTION("someone else") {
    DeclarationStore s({{"decl.docx", form("Jordan Reid", "J. Reid", "20/02/2026")}});
    auto d = s.check();
    CHECK(d.status == query::DeclarationStatus::complete);
    CHECK(d.name_matches == false);
    CHECK(d.name_found == "Jordan Reid");
    CHECK(d.problems == std::vector<std::string>{
                            "the apprentice name on the form, 'Jordan Reid', is not the registered name 'Sam Patel'"});
  }
  SECTION("initials only") {
    DeclarationStore s({{"decl.docx", form("S. Patel", "S. Patel", "20/02/2026")}});
    auto d = s.check();
    CHECK(d.name_matches == false);
    REQUIRE(d.problems.size() == 1);
    CHECK_THAT(d.problems[0], Catch::Contains("gives only initials of 'Sam Patel'"));
  }
  SECTION("a middle name") {
    DeclarationStore s({{"decl.docx", form("SAM J. PATEL", "S. Patel", "20/02/2026")}});
    CHECK(s.check().name_matches == true);
  }
  SECTION("no registered name: not checked, and said so") {
    DeclarationStore s({{"decl.docx", form("Sam Patel", "S. Patel", "20/02/2026")}}, "");
    auto d = s.check();
    CHECK_FALSE(d.name_matches.has_value());
    REQUIRE(d.problems.size() == 1);
    CHECK_THAT(d.problems[0], Catch::StartsWith("no name is registered for apprentice A1"));
  }
  SECTION("no name on the form: a missing field, nothing to compare") {
    DeclarationStore s({{"decl.docx", form("", "S. Patel", "20/02/2026")}});
    auto d = s.check();
    CHECK(d.missing_fields == std::vector<std::string>{"apprentice name"});
    CHECK_FALSE(d.name_matches.has_value());
    CHECK(d.problems.empty());
  }
}

TEST_CASE("declaration: dates that are not dates, and dates after the assessment", "[declaration]") {
  DeclarationStore s({{"decl.docx", form("Sam Patel", "S. Patel", "31/02/2026", "D. Brooks", "5th March 2026")}});
  auto d = s.check(std::string("2026-03-01"));
  CHECK(d.status == query::DeclarationStatus::complete);  // a written but impossible date is filled in; it is a problem
  CHECK(d.problems == std::vector<std::string>{"apprentice date '31/02/2026' is not a date (day/month/year expected)",
                                               "employer date 5th March 2026 is after the assessment date 2026-03-01"});
  CHECK(d.dates.count("apprentice date") == 0);
  CHECK(d.dates.at("employer date") == "2026-03-05");
  CHECK(s.check(std::string("2026-03-05")).problems.size() == 1);  // on the day is not after it
  CHECK_THROWS_AS(s.check(std::string("2026-02-30")), UsageError);
}

TEST_CASE("declaration: the text and CSV reports", "[declaration]") {
  DeclarationStore s({{"decl.docx", form("Sam Patel", "", "20/02/2026")}});
  auto d = s.check();
  std::string text = query::render(d, query::Format::text, false);
  CHECK_THAT(text, Catch::StartsWith("Declaration of Authenticity, apprentice A1 (Sam Patel): INCOMPLETE\n"));
  CHECK_THAT(text, Catch::Contains("✗  apprentice signature  missing (blank)"));
  CHECK_THAT(text, Catch::Contains("✓  apprentice name       Sam Patel  (the registered name)"));
  CHECK(text.find("\033[") == std::string::npos);
  std::string csv = query::render(d, query::Format::csv, false);
  CHECK_THAT(csv, Catch::StartsWith("apprentice,status,path,missing_fields,name_matches,name_found,apprentice name,"));
  CHECK_THAT(csv, Catch::Contains("\r\nA1,incomplete,decl.docx,apprentice signature,yes,Sam Patel,Sam Patel,,"));
}

TEST_CASE("declaration status: the contract's words, and back", "[declaration]") {
  using query::DeclarationStatus;
  CHECK(query::declaration_status_name(DeclarationStatus::complete) == "complete");
  CHECK(query::declaration_status_name(DeclarationStatus::incomplete) == "incomplete");
  CHECK(query::declaration_status_name(DeclarationStatus::missing) == "missing");
  for (auto s : {DeclarationStatus::complete, DeclarationStatus::incomplete, DeclarationStatus::missing}) {
    CHECK(query::parse_declaration_status(query::declaration_status_name(s)) == s);
  }
  CHECK_THROWS_WITH(query::parse_declaration_status("signed"), Catch::Contains("'signed'"));
}
