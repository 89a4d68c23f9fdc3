// The IQA sample's algorithm on its own: quotas per assessor, reproducibility, risk weighting,
// reasons and spread. Statistical checks run over fixed seeds, so they give the same answer every
// time; their bounds are several standard deviations wide.
#include "indexer/util/errors.hpp"
#include "query/iqa/sample.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>

using namespace evidex;
using query::SampleCandidate;
using query::SampleOptions;

namespace {

// n apprentices of one assessor, ids PREFIX01, PREFIX02, ...
std::vector<SampleCandidate> cohort(const std::string& assessor, std::size_t n, const std::string& prefix) {
  std::vector<SampleCandidate> out;
  for (std::size_t i = 1; i <= n; ++i) {
    SampleCandidate c;
    c.apprentice = prefix + (i < 10 ? "0" : "") + std::to_string(i);
    c.name = "Apprentice " + c.apprentice;
    c.assessor = assessor;
    c.standard = "ST0072";
    c.methods = {"showcase"};
    c.evidence_types = {"pdf"};
    c.verdict = "pass-ready";
    c.items = 10;
    out.push_back(c);
  }
  return out;
}

std::vector<SampleCandidate> operator+(std::vector<SampleCandidate> a, const std::vector<SampleCandidate>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<std::string> ids(const query::Sample& s) {
  std::vector<std::string> out;
  for (const auto& sel : s.selections) {
    out.push_back(sel.candidate.apprentice);
  }
  return out;
}

const query::SampleStratum& stratum(const query::Sample& s, const std::string& assessor) {
  auto it = std::find_if(s.strata.begin(), s.strata.end(),
                         [&](const query::SampleStratum& st) { return st.assessor == assessor; });
  REQUIRE(it != s.strata.end());
  return *it;
}

SampleOptions with_seed(std::uint64_t seed, double rate = 0.05) {
  SampleOptions o;
  o.seed = seed;
  o.rate = rate;
  return o;
}

}  // namespace

TEST_CASE("sample: the same seed and candidates give the same sample, another seed another", "[sample]") {
  auto candidates = cohort("E1", 40, "A") + cohort("E2", 30, "B");
  auto first = query::draw_sample(candidates, with_seed(7, 0.1));
  auto again = query::draw_sample(candidates, with_seed(7, 0.1));
  CHECK(ids(first) == ids(again));
  CHECK(first.selections.size() == 4 + 3);

  std::size_t different = 0;
  for (std::uint64_t seed = 8; seed < 28; ++seed) {
    different += ids(query::draw_sample(candidates, with_seed(seed, 0.1))) != ids(first);
  }
  CHECK(different >= 19);  // 7 of 70 in two strata: a repeat is a one-in-millions event
}

TEST_CASE("sample: the order the candidates come in does not matter", "[sample]") {
  auto candidates = cohort("E1", 25, "A") + cohort("E2", 12, "B") + cohort("", 3, "C");
  candidates[3].risks = {"declaration incomplete"};
  candidates[30].evidence_types = {"audio", "pdf"};
  for (std::uint64_t seed : {1u, 2u, 99u}) {
    auto reference = ids(query::draw_sample(candidates, with_seed(seed, 0.2)));
    auto reversed = candidates;
    std::reverse(reversed.begin(), reversed.end());
    CHECK(ids(query::draw_sample(reversed, with_seed(seed, 0.2))) == reference);
    auto shuffled = candidates;
    std::mt19937 shuffle(seed);  // the order of the input only; the draw never uses it
    std::shuffle(shuffled.begin(), shuffled.end(), shuffle);
    CHECK(ids(query::draw_sample(shuffled, with_seed(seed, 0.2))) == reference);
  }
}

TEST_CASE("sample: a new apprentice of another assessor does not change this assessor's draw", "[sample]") {
  auto e1 = cohort("E1", 30, "A");
  auto before = query::draw_sample(e1 + cohort("E2", 10, "B"), with_seed(3));
  auto after = query::draw_sample(e1 + cohort("E2", 11, "B"), with_seed(3));
  CHECK(ids(before).front() == ids(after).front());
  CHECK(ids(before).front().front() == 'A');
}

TEST_CASE("sample: each assessor's quota is the rate rounded up, at least the minimum, capped", "[sample]") {
  SampleOptions o;  // rate 0.05, at least 1, few assessments below 5
  auto s = query::draw_sample(cohort("E1", 21, "A") + cohort("E2", 20, "B") + cohort("E3", 1, "C") +
                                  cohort("E4", 3, "D") + cohort("", 2, "U"),
                              o);
  CHECK(stratum(s, "E1").by_rate == 2);  // 5 % of 21 is 1.05: two of them
  CHECK(stratum(s, "E1").required == 2);
  CHECK(stratum(s, "E1").selected == 2);
  CHECK(stratum(s, "E2").required == 1);  // 5 % of 20 is exactly 1
  CHECK(stratum(s, "E3").required == 1);  // the only one
  CHECK(stratum(s, "E3").few_assessments);
  // Fewer than 5 assessments: one more than the minimum.
  CHECK(stratum(s, "E4").required == 2);
  CHECK(stratum(s, "E4").few_assessments);
  // The unassigned stratum is last, and "few assessments" is about assessors only.
  CHECK(s.strata.back().assessor.empty());
  CHECK(s.strata.back().required == 1);
  CHECK_FALSE(s.strata.back().few_assessments);
  CHECK(s.selections.size() == 2 + 1 + 1 + 2 + 1);
  std::map<std::string, std::size_t> per_assessor;
  for (const auto& sel : s.selections) {
    ++per_assessor[query::stratum_name(sel.candidate.assessor)];
  }
  CHECK(per_assessor == std::map<std::string, std::size_t>{{"E1", 2}, {"E2", 1}, {"E3", 1}, {"E4", 2},
                                                             {"unassigned", 1}});

  SECTION("rounding up without floating-point surprises") {
    CHECK(query::draw_sample(cohort("E1", 11, "A"), with_seed(1, 0.1)).strata[0].required == 2);
    CHECK(query::draw_sample(cohort("E1", 100, "A"), with_seed(1, 0.07)).strata[0].required == 7);
    CHECK(query::draw_sample(cohort("E1", 10, "A"), with_seed(1, 1.0)).strata[0].required == 10);
  }
  SECTION("a minimum above what an assessor has is capped") {
    SampleOptions m;
    m.min_per_assessor = 3;
    m.few_assessments = 0;
    auto capped = query::draw_sample(cohort("E1", 2, "A") + cohort("E2", 40, "B"), m);
    CHECK(stratum(capped, "E1").required == 2);
    CHECK(stratum(capped, "E2").required == 3);
  }
  SECTION("rate 0 and no minimum: an empty sample") {
    SampleOptions none;
    none.rate = 0;
    none.min_per_assessor = 0;
    none.few_assessments = 0;
    CHECK(query::draw_sample(cohort("E1", 30, "A"), none).selections.empty());
  }
}

TEST_CASE("sample: a rate outside 0..1 is a usage error", "[sample]") {
  for (double rate : {-0.1, 1.5, std::nan("")}) {
    CHECK_THROWS_AS(query::draw_sample(cohort("E1", 5, "A"), with_seed(1, rate)), UsageError);
  }
  CHECK_THROWS_WITH(query::draw_sample(cohort("E1", 5, "A"), with_seed(1, 5)), Catch::Contains("--rate: 5"));
}

TEST_CASE("sample: no candidates, no sample, an apprentice given twice is one candidate", "[sample]") {
  auto empty = query::draw_sample({}, SampleOptions{});
  CHECK(empty.population == 0);
  CHECK(empty.selections.empty());
  CHECK(empty.strata.empty());

  auto twice = cohort("E1", 3, "A") + cohort("E1", 3, "A");
  auto s = query::draw_sample(twice, SampleOptions{});
  CHECK(s.population == 3);
}

TEST_CASE("sample: risk raises the chance of selection", "[sample]") {
  // One assessor, 20 apprentices, one to draw. A02 carries one risk flag: weight 4 against 1, so
  // it should be drawn 4/23 of the time (17 %) and each other about 1/23 (4 %).
  auto candidates = cohort("E1", 20, "A");
  candidates[1].risks = {"cross-apprentice near copy with B07"};
  const std::size_t runs = 2000;
  std::map<std::string, std::size_t> drawn;
  for (std::uint64_t seed = 1; seed <= runs; ++seed) {
    auto s = query::draw_sample(candidates, with_seed(seed));
    REQUIRE(s.selections.size() == 1);
    ++drawn[s.selections[0].candidate.apprentice];
  }
  std::size_t risky = drawn["A02"];
  std::size_t most_of_others = 0;
  for (const auto& [id, n] : drawn) {
    if (id != "A02") {
      most_of_others = std::max(most_of_others, n);
    }
  }
  INFO("A02 drawn " << risky << " times; the most any other was drawn: " << most_of_others);
  CHECK(risky > runs * 12 / 100);  // expected 348; 4.9 standard deviations above 240
  CHECK(risky < runs * 23 / 100);
  CHECK(risky > 2 * most_of_others);  // others: expected 87 each
}

TEST_CASE("sample: every selection says why", "[sample]") {
  auto candidates = cohort("E1", 30, "A") + cohort("E2", 1, "B") + cohort("", 2, "U");
  candidates[4].risks = {"declaration incomplete", "cross-apprentice near copy with A17"};
  SampleOptions o = with_seed(5, 0.5);
  auto s = query::draw_sample(candidates, o);
  REQUIRE(s.selections.size() == 15 + 1 + 1);
  bool saw_random = false;
  for (const auto& sel : s.selections) {
    INFO(sel.candidate.apprentice);
    REQUIRE_FALSE(sel.reasons.empty());
    for (const auto& r : sel.reasons) {
      CHECK_FALSE(r.empty());
    }
    if (sel.candidate.apprentice == "A05") {
      CHECK(sel.reasons.front() == "risk: declaration incomplete; cross-apprentice near copy with A17");
      CHECK(sel.weight == 7);
    }
    if (sel.candidate.apprentice == "B01") {
      CHECK(sel.reasons.front() == "the only apprentice of assessor E2");
      CHECK_THAT(sel.reasons.back(), Catch::Contains("assessor E2 has few assessments (1, fewer than 5)"));
    }
    if (sel.candidate.assessor.empty()) {
      CHECK(query::stratum_name(sel.candidate.assessor) == "unassigned");
    }
    saw_random = saw_random || sel.reasons == std::vector<std::string>{"random draw (no risk flags)"};
  }
  CHECK(saw_random);
  // Half of E1 and a risk flag at weight 7: A05 is in it for this seed (checked, not assumed).
  auto all = ids(s);
  CHECK(std::count(all.begin(), all.end(), "A05") == 1);
}

TEST_CASE("sample: after the minimum, draws widen the spread of evidence types and methods", "[sample]") {
  // 20 apprentices of one assessor: 14 with PDFs only, 6 each with one rarer kind of evidence.
  auto candidates = cohort("E1", 20, "A");
  const std::vector<std::string> rare{"audio", "xlsx", "eml", "image", "odt", "video"};
  for (std::size_t i = 0; i < rare.size(); ++i) {
    candidates[3 * i + 1].evidence_types.push_back(rare[i]);
  }
  candidates[19].methods.push_back("observation");

  auto types_in = [](const query::Sample& s) {
    std::set<std::string> types;
    for (const auto& sel : s.selections) {
      types.insert(sel.candidate.evidence_types.begin(), sel.candidate.evidence_types.end());
    }
    return types.size();
  };
  std::size_t with_spread = 0, without = 0, wider = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    SampleOptions o = with_seed(seed, 0.25);  // 5 of 20: the minimum of 1, then 4 spread draws
    std::size_t a = types_in(query::draw_sample(candidates, o));
    o.spread = false;
    std::size_t b = types_in(query::draw_sample(candidates, o));
    with_spread += a;
    without += b;
    wider += a > b;
  }
  INFO("types covered over 200 seeds: " << with_spread << " with spread, " << without << " without");
  CHECK(with_spread > without + 100);  // about 0.9 more types per sample
  CHECK(wider >= 80);

  SECTION("a spread draw says what it added") {
    auto s = query::draw_sample(candidates, with_seed(1, 0.25));
    std::size_t spread_reasons = 0;
    for (const auto& sel : s.selections) {
      for (const auto& r : sel.reasons) {
        if (r.rfind("spread: adds ", 0) == 0) {
          ++spread_reasons;
          CHECK_FALSE(sel.adds.empty());
        }
      }
    }
    CHECK(spread_reasons >= 1);
  }
}

TEST_CASE("sample: dimensions count the population and the sample, unknown location stays unknown", "[sample]") {
  auto candidates = cohort("E1", 10, "A") + cohort("E2", 10, "B");
  candidates[0].location = "Leeds";
  candidates[0].evidence_types = {"audio", "pdf"};
  auto s = query::draw_sample(candidates, with_seed(1, 1.0));  // everyone
  const auto& d = s.dimensions;
  CHECK(d.candidates == 20);
  CHECK(d.candidates_selected == 20);
  CHECK(d.items == 200);
  CHECK(d.items_selected == 200);
  CHECK(d.assessors.sample == std::map<std::string, std::size_t>{{"E1", 10}, {"E2", 10}});
  CHECK(d.evidence_types.population.at("audio") == 1);
  CHECK(d.locations.population == std::map<std::string, std::size_t>{{"Leeds", 1}, {"unknown", 19}});
  CHECK(d.declarations.population == std::map<std::string, std::size_t>{{"not checked", 20}});

  auto j = query::sample_json(s);
  CHECK(j["dimensions"]["locations"]["covered"] == 1);
  CHECK(j["dimensions"]["locations"]["total"] == 1);  // unknown is not a location
  CHECK(j["dimensions"]["locations"]["sample"]["unknown"] == 19);
}

TEST_CASE("sample: JSON, CSV and text", "[sample]") {
  auto candidates = cohort("E1", 21, "A") + cohort("", 1, "U");
  candidates[2].risks = {"declaration missing"};
  candidates[2].name = "Smith, \"Jo\"";
  SampleOptions o = with_seed(42);
  auto s = query::draw_sample(candidates, o);

  auto j = nlohmann::json::parse(query::render(s, query::Format::json, false));
  CHECK(j["seed"] == 42);
  CHECK(j["rate"] == 0.05);
  CHECK(j["population"] == 22);
  CHECK(j["selected"] == 3);
  REQUIRE(j["strata"].size() == 2);
  CHECK(j["strata"][0] ==
        nlohmann::json::parse(R"({"assessor": "E1", "assigned": true, "apprentices": 21, "by_rate": 2,
                                  "few_assessments": false, "required": 2, "selected": 2})"));
  CHECK(j["strata"][1]["assessor"] == "unassigned");
  CHECK(j["strata"][1]["assigned"] == false);
  for (const auto& sel : j["sample"]) {
    for (const char* key : {"apprentice", "name", "assessor", "standard", "reasons", "risk", "methods",
                            "evidence_types", "verdict"}) {
      CHECK(sel.contains(key));
    }
  }
  for (const char* key : {"candidates", "assessors", "methods", "evidence_types", "records", "locations"}) {
    CHECK(j["dimensions"].contains(key));
  }

  std::string csv = query::render(s, query::Format::csv, false);
  CHECK(csv.rfind("apprentice,name,assessor,standard,verdict,risk,weight,reasons,", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 3);

  std::string text = query::render(s, query::Format::text, false);
  CHECK_THAT(text, Catch::Contains("IQA sample: 3 of 22 apprentices"));
  CHECK_THAT(text, Catch::Contains("seed 42"));
  CHECK_THAT(text, Catch::Contains("Assessor E1: 2 of 21 sampled (5 % is 2)"));
  CHECK_THAT(text, Catch::Contains("Unassigned (no assessor): 1 of 1 sampled"));
  CHECK_THAT(text, Catch::Contains("locations        unknown"));
  CHECK(text.find('\033') == std::string::npos);
}
