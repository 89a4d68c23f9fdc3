// Finding codes: one name each, the contract's word, and back.
#include "query/check/finding.hpp"

#include "indexer/util/errors.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace evidex;
using query::FindingCode;

TEST_CASE("finding codes: the contract's words, and back", "[check]") {
  const std::set<std::string> contract{"uncovered",
                                       "declaration",
                                       "duplicate",
                                       "extraction-failed",
                                       "assessor-led",
                                       "recording-untagged",
                                       "after-assessment",
                                       "late-submission",
                                       "portfolio-size",
                                       "word-count",
                                       "distinction-not-reached"};
  std::set<std::string> named;
  for (int i = 0; i <= static_cast<int>(FindingCode::distinction_not_reached); ++i) {
    auto code = static_cast<FindingCode>(i);
    named.insert(query::finding_code_name(code));
    CHECK(query::parse_finding_code(query::finding_code_name(code)) == code);
  }
  CHECK(named == contract);
  CHECK_THROWS_WITH(query::parse_finding_code("something-new"), Catch::Contains("'something-new'"));
  CHECK_THROWS_AS(query::parse_finding_code(""), InputError);
}

TEST_CASE("findings: about the showcase, an item or a criterion", "[check]") {
  auto whole = query::showcase_finding(FindingCode::late_submission, "too late");
  CHECK_FALSE(whole.item);
  CHECK_FALSE(whole.criterion);
  CHECK_FALSE(query::item_finding(FindingCode::declaration, "", "missing").item);  // no path: the showcase
  auto one = query::item_finding(FindingCode::assessor_led, "Showcase/PD record.docx", "assessor-led");
  CHECK(one.item == "Showcase/PD record.docx");
  auto ref = query::criterion_finding(FindingCode::uncovered, "12S5", "12S5 is not covered");
  CHECK(ref.criterion == "12S5");
  CHECK_FALSE(ref.item);
}
