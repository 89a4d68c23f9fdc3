// `evidex sample` through the binary, on a store with several apprentices and assessors: what an
// internal quality assurer draws, and what their spreadsheet receives.
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <sstream>

using namespace evidex::test;
using nlohmann::json;

namespace {

// The sample showcase (not-ready, one corrupt item, Sam Patel's declaration) for S01-S06 under
// assessor E1, S01 being Sam Patel; the distinction showcase (no declaration) for D01-D02 under E2
// and for D03 with no assessor.
struct CohortStore {
  TempDir work;
  std::filesystem::path store = work / "store";

  CohortStore() {
    auto ingest = [&](const std::filesystem::path& bundle, const std::string& id, const std::string& assessor) {
      std::string name = id == "S01" ? "Sam Patel" : "Apprentice " + id;
      std::vector<std::string> args{"ingest", bundle.string(), "--apprentice", id, "--name", name, "--quiet"};
      if (!assessor.empty()) {
        args.insert(args.end(), {"--assessor", assessor});
      }
      Run run = run_evidex(store, args);
      INFO(run.err);
      REQUIRE(run.exit_code == 0);
    };
    for (const char* id : {"S01", "S02", "S03", "S04", "S05", "S06"}) {
      ingest(fixture("sample-bundle.zip"), id, "E1");
    }
    ingest(fixture("bundles/distinction-showcase"), "D01", "E2");
    ingest(fixture("bundles/distinction-showcase"), "D02", "E2");
    ingest(fixture("bundles/distinction-showcase"), "D03", "");
  }

  Run sample(std::vector<std::string> extra) {
    extra.insert(extra.begin(), "sample");
    return run_evidex(store, extra);
  }
  json sample_json(std::vector<std::string> extra = {}) {
    extra.insert(extra.end(), {"--format", "json"});
    Run run = sample(extra);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    return json::parse(run.out);
  }
};

CohortStore& cohort() {
  static CohortStore s;  // nine ingests, shared by the cases below
  return s;
}

std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("evidex sample: stratified by assessor, with reasons and the CAMERA dimensions", "[e2e][sample]") {
  json j = cohort().sample_json();
  CHECK(j["seed"] == 1);  // the documented default
  CHECK(j["rate"] == 0.05);
  CHECK(j["population"] == 9);
  CHECK(j["selected"] == 4);
  REQUIRE(j["strata"].size() == 3);
  CHECK(j["strata"][0]["assessor"] == "E1");
  CHECK(j["strata"][0]["apprentices"] == 6);
  CHECK(j["strata"][0]["required"] == 1);
  CHECK(j["strata"][1]["assessor"] == "E2");
  CHECK(j["strata"][1]["few_assessments"] == true);
  CHECK(j["strata"][1]["required"] == 2);  // fewer than 5 assessments: one more, which is both
  CHECK(j["strata"][2]["assessor"] == "unassigned");
  CHECK(j["strata"][2]["required"] == 1);

  std::map<std::string, json> by_id;
  for (const auto& s : j["sample"]) {
    by_id[s["apprentice"]] = s;
    CHECK_FALSE(s["reasons"].empty());
    CHECK(s["standard"] == "ST0072");
    CHECK(s["location"].is_null());
  }
  REQUIRE(by_id.count("D01"));
  REQUIRE(by_id.count("D02"));
  REQUIRE(by_id.count("D03"));
  CHECK(by_id["D03"]["assessor"] == "unassigned");
  CHECK(by_id["D01"]["verdict"] == "distinction-ready");
  CHECK(by_id["D01"]["risks"][0] == "distinction-ready verdict (grade boundary)");
  CHECK(by_id["D01"]["evidence_types"] == json::array({"csv", "text"}));
  CHECK(by_id["D01"]["methods"].size() >= 1);

  json e1 = j["sample"][0];
  CHECK(e1["assessor"] == "E1");
  CHECK(e1["verdict"] == "not-ready");
  CHECK(e1["risks"][0] == "1 item could not be read: Showcase/10 Old presentation.pptx");
  CHECK_THAT(e1["reasons"][0].get<std::string>(), Catch::StartsWith("risk: 1 item could not be read"));

  const json& d = j["dimensions"];
  CHECK(d["candidates"] == json::parse(R"({"population": 9, "sample": 4})"));
  CHECK(d["assessors"]["covered"] == 3);
  CHECK(d["evidence_types"]["population"]["audio"] == 6);
  CHECK(d["evidence_types"]["sample"]["audio"] == 1);
  CHECK(d["locations"]["population"] == json::parse(R"({"unknown": 9})"));
  CHECK(d["records"]["items"]["population"] == 6 * 16 + 3 * 13);
  CHECK(d["records"]["declarations"]["population"] == json::parse(R"({"complete": 6, "missing": 3})"));
}

TEST_CASE("evidex sample: each apprentice's risks, from their evidence and their declaration", "[e2e][sample]") {
  json j = cohort().sample_json({"--rate", "1"});
  REQUIRE(j["selected"] == 9);
  std::map<std::string, json> by_id;
  for (const auto& s : j["sample"]) {
    by_id[s["apprentice"]] = s;
  }
  const std::string corrupt = "1 item could not be read: Showcase/10 Old presentation.pptx";
  auto has = [](const json& risks, const std::string& start) {
    for (const auto& r : risks) {
      if (r.get<std::string>().rfind(start, 0) == 0) {
        return true;
      }
    }
    return false;
  };
  for (const auto& [id, s] : by_id) {
    INFO(id);
    CHECK(s["risk"] == s["risks"].size());
    CHECK(s["weight"] == 1 + 3 * s["risks"].size());
  }
  // Six copies of one bundle: an authenticity risk for each of them.
  CHECK(by_id["S01"]["declaration"] == "complete");
  CHECK(by_id["S01"]["risks"][0] == corrupt);
  CHECK(has(by_id["S01"]["risks"], "cross-apprentice exact copy with S02, S03, S04 and 2 more ("));
  CHECK_FALSE(has(by_id["S01"]["risks"], "declaration"));
  // The others carry Sam Patel's declaration.
  CHECK(has(by_id["S02"]["risks"], "cross-apprentice exact copy with S01, S03, S04 and 2 more ("));
  CHECK(has(by_id["S02"]["risks"],
            "declaration name mismatch ('Sam Patel' on the form, 'Apprentice S02' registered)"));
  CHECK(by_id["D01"]["declaration"] == "missing");
  CHECK(by_id["D01"]["risks"][0] == "distinction-ready verdict (grade boundary)");
  CHECK(has(by_id["D01"]["risks"], "cross-apprentice exact copy with D02, D03 ("));
  CHECK(has(by_id["D01"]["risks"], "declaration missing"));
  CHECK(by_id["D01"]["risks"].back() == "assessor E2 has few assessments (2, fewer than 5)");
  CHECK(by_id["D03"]["reasons"][0] == "the only apprentice without an assessor");
  CHECK_THAT(by_id["D03"]["reasons"][1].get<std::string>(),
             Catch::StartsWith("risk: distinction-ready verdict (grade boundary); cross-apprentice exact copy with "
                               "D01, D02 (") &&
                 Catch::EndsWith("; declaration missing"));
}

TEST_CASE("evidex sample: the same seed gives the same sample, the seed is printed", "[e2e][sample]") {
  Run first = cohort().sample({"--seed", "20260315"});
  Run again = cohort().sample({"--seed", "20260315"});
  REQUIRE(first.exit_code == 0);
  CHECK(first.out == again.out);
  CHECK_THAT(first.out, Catch::Contains("seed 20260315"));
  CHECK_THAT(first.out, Catch::Contains("Assessor E1: 1 of 6 sampled"));
  CHECK_THAT(first.out, Catch::Contains("Unassigned (no assessor): 1 of 1 sampled"));
  CHECK_THAT(cohort().sample({}).out, Catch::Contains("seed 1 (the default)"));

  // E1's six apprentices carry the same risk, so each seed picks one of them at random.
  std::set<std::string> picked;
  for (int seed = 1; seed <= 12; ++seed) {
    picked.insert(cohort().sample_json({"--seed", std::to_string(seed)})["sample"][0]["apprentice"].get<std::string>());
  }
  CHECK(picked.size() >= 3);
}

TEST_CASE("evidex sample: CSV for the quality team's spreadsheet", "[e2e][sample]") {
  Run run = cohort().sample({"--format", "csv", "--rate", "0.5", "--seed", "7"});
  REQUIRE(run.exit_code == 0);
  std::istringstream lines(run.out);
  std::string line;
  std::getline(lines, line);
  auto header = csv_fields(line);
  CHECK(header == std::vector<std::string>{"apprentice", "name", "assessor", "standard", "verdict", "risk", "weight",
                                           "reasons", "risks", "methods", "evidence_types", "location", "items",
                                           "declaration", "seed", "rate"});
  std::size_t rows = 0;
  std::map<std::string, std::size_t> per_assessor;
  while (std::getline(lines, line)) {
    auto f = csv_fields(line);
    REQUIRE(f.size() == header.size());
    ++rows;
    ++per_assessor[f[2]];
    CHECK_FALSE(f[7].empty());  // reasons
    CHECK(f[11] == "unknown");  // location
    CHECK(f[14] == "7");
    CHECK(f[15] == "0.5");
  }
  CHECK(rows == 3 + 2 + 1);  // half of 6, rounded-up half of 2 plus one (few assessments), the unassigned one
  CHECK(per_assessor == std::map<std::string, std::size_t>{{"E1", 3}, {"E2", 2}, {"unassigned", 1}});
}

TEST_CASE("evidex sample: bad options are usage errors", "[e2e][sample]") {
  Run rate = cohort().sample({"--rate", "1.5"});
  CHECK(rate.exit_code == 2);
  CHECK_THAT(rate.err, Catch::Contains("--rate: 1.5 is not between 0 and 1"));
  CHECK(cohort().sample({"--format", "xml"}).exit_code == 2);
  CHECK(cohort().sample({"--seed", "minus"}).exit_code == 2);
  // Neither wrapped round nor clamped: either would draw another sample than the one asked for.
  Run negative = cohort().sample({"--min-per-assessor", "-1"});
  CHECK(negative.exit_code == 2);
  CHECK_THAT(negative.err, Catch::Contains("--min-per-assessor: '-1' is not a whole number"));
  Run huge = cohort().sample({"--seed", "18446744073709551616"});
  CHECK(huge.exit_code == 2);
  CHECK_THAT(huge.err, Catch::Contains("too large"));
  CHECK(cohort().sample_json({"--seed", "18446744073709551615"})["seed"] == 18446744073709551615ull);
}
