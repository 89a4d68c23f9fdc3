// Coverage verdicts: pass needs every pass criterion of the method; distinction needs the
// method's threshold of distinction criteria too. Only explicit, map and manual tags cover.
#include "indexer/store/store.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/sha256.hpp"
#include "query/coverage/coverage.hpp"
#include "tests/support/standards.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace evidex;
using indexer::NewTag;

namespace {

const mapping::Standard& st0072() { return test::shipped_standard("ST0072"); }

// A store with one apprentice whose bundle has two items: a readable account and a corrupt file.
struct CoverageStore {
  test::TempDir dir;
  indexer::Store store{dir / "store", indexer::Store::Mode::write};
  std::int64_t account = 0;
  std::int64_t corrupt = 0;

  CoverageStore() {
    indexer::NewItem a;
    a.record.path = "Showcase/account.docx";
    a.record.mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    a.record.type = "docx";
    a.record.sha256 = evidex::sha256_hex("account");
    a.text = "My reflective account.";
    indexer::NewItem b;
    b.record.path = "Showcase/slides.pptx";
    b.record.type = "pptx";
    b.record.sha256 = evidex::sha256_hex("slides");
    b.record.error = "corrupt part ppt/slides/slide1.xml";
    store.put_bundle({"A1", "Sam Patel", "ST0072", "IEA7"}, indexer::BundleInfo{}, {a, b});
    for (const auto& item : store.items("A1")) {
      (item.type == "docx" ? account : corrupt) = item.id;
    }
  }

  // Explicit tags on the account for the method's pass criteria (all but `skip`) and for the
  // first `distinctions` of its distinction criteria.
  void tag(const std::string& method, std::size_t distinctions, const std::string& skip = "") {
    std::vector<NewTag> tags;
    std::size_t d = 0;
    for (const auto* c : st0072().criteria_for(method)) {
      if (c->ref == skip || (c->distinction_in(method) && d++ >= distinctions)) {
        continue;
      }
      tags.push_back({account, c->ref, "explicit", std::nullopt, c->ref, "text", 0, ""});
    }
    store.replace_tags("A1", tags, {});
  }

  query::Coverage coverage(const std::string& method = "showcase") {
    return query::compute_coverage(store, st0072(), "A1", method);
  }
};

const query::CriterionCoverage& criterion(const query::Coverage& c, const std::string& ref) {
  auto it = std::find_if(c.criteria.begin(), c.criteria.end(),
                         [&](const query::CriterionCoverage& cc) { return cc.criterion->ref == ref; });
  REQUIRE(it != c.criteria.end());
  return *it;
}

}  // namespace

TEST_CASE("coverage: the showcase's distinction threshold is 7 of 10", "[coverage]") {
  CoverageStore s;
  s.tag("showcase", 6);
  auto c = s.coverage();
  CHECK(c.pass_covered == 29);
  CHECK(c.pass_total == 29);
  CHECK(c.distinction_covered == 6);
  CHECK(c.distinction_total == 10);
  CHECK(c.distinction_required == 7);
  CHECK(c.missing.empty());
  CHECK(c.missing_distinction.size() == 4);
  CHECK(c.verdict == query::Verdict::pass_ready);

  s.tag("showcase", 7);
  CHECK(s.coverage().verdict == query::Verdict::distinction_ready);
}

TEST_CASE("coverage: one missing pass criterion means not ready, whatever the distinctions", "[coverage]") {
  CoverageStore s;
  s.tag("showcase", 10, "12S5");
  auto c = s.coverage();
  CHECK(c.pass_covered == 28);
  CHECK(c.missing == std::vector<std::string>{"12S5"});
  CHECK(c.distinction_covered == 10);
  CHECK(c.verdict == query::Verdict::not_ready);
  CHECK_FALSE(criterion(c, "12S5").covered);
  CHECK(criterion(c, "12S4").covered);
}

TEST_CASE("coverage: observation needs 4 of 5 and discussion 3 of 4 distinction criteria", "[coverage]") {
  CoverageStore s;
  s.tag("observation", 3);
  CHECK(s.coverage("observation").verdict == query::Verdict::pass_ready);
  s.tag("observation", 4);
  CHECK(s.coverage("observation").verdict == query::Verdict::distinction_ready);
  s.tag("discussion", 2);
  CHECK(s.coverage("discussion").verdict == query::Verdict::pass_ready);
  s.tag("discussion", 3);
  auto c = s.coverage("discussion");
  CHECK(c.verdict == query::Verdict::distinction_ready);
  CHECK(c.pass_total == 10);
}

TEST_CASE("coverage: 'all' judges each method and gives the weakest verdict", "[coverage]") {
  CoverageStore s;
  s.tag("showcase", 10);
  auto c = s.coverage("all");
  REQUIRE(c.methods.size() == 3);
  CHECK(c.methods[0].verdict == query::Verdict::distinction_ready);
  CHECK(c.methods[1].verdict == query::Verdict::not_ready);
  CHECK(c.verdict == query::Verdict::not_ready);
  // 11S1-11S3 belong to two methods but are counted once.
  CHECK(c.pass_total + c.distinction_total == st0072().criteria.size());
}

TEST_CASE("coverage: inferred tags are listed but do not cover", "[coverage]") {
  CoverageStore s;
  s.store.replace_tags("A1", {{s.account, "3K1", "inferred", 0.42, "legislation, consumer, rights", "content", {}, ""}}, {});
  auto c = s.coverage();
  const auto& k = criterion(c, "3K1");
  CHECK_FALSE(k.covered);
  REQUIRE(k.evidence.size() == 1);
  CHECK(k.evidence[0].source == query::TagSource::inferred);
  CHECK(k.evidence[0].score == Approx(0.42));
  CHECK_FALSE(k.evidence[0].counts);
  CHECK(c.pass_covered == 0);

  auto j = query::coverage_json(c);
  auto crit = std::find_if(j["criteria"].begin(), j["criteria"].end(), [](const auto& x) { return x["ref"] == "3K1"; });
  CHECK((*crit)["covered"] == false);
  CHECK((*crit)["items"][0]["source"] == "inferred");
  CHECK((*crit)["items"][0]["path"] == "Showcase/account.docx");
}

TEST_CASE("coverage: a tag on an unreadable item does not cover unless a person confirms it", "[coverage]") {
  CoverageStore s;
  s.store.replace_tags("A1", {{s.corrupt, "2K1", "map", std::nullopt, "2K1, 2K2", "map", {}, "map.xlsx row 3"}}, {});
  auto k = criterion(s.coverage(), "2K1");
  CHECK_FALSE(k.covered);
  CHECK(k.evidence.at(0).why_not.find("could not be read") != std::string::npos);

  s.store.decide("A1", {"Showcase/slides.pptx", "2K1", "confirm", "IEA7", "2026-03-01T10:00:00Z", "seen on paper"});
  k = criterion(s.coverage(), "2K1");
  CHECK(k.covered);
  CHECK(std::any_of(k.evidence.begin(), k.evidence.end(),
                    [](const auto& e) { return e.source == query::TagSource::manual; }));
}

TEST_CASE("coverage: a rejection removes an automatic tag, removing the decision restores it", "[coverage]") {
  CoverageStore s;
  s.tag("showcase", 0);
  s.store.decide("A1", {"Showcase/account.docx", "12S3", "reject", "IEA7", "2026-03-01T10:00:00Z", ""});
  auto c = s.coverage();
  CHECK_FALSE(criterion(c, "12S3").covered);
  CHECK(c.missing == std::vector<std::string>{"12S3"});
  REQUIRE(c.decisions.size() == 1);
  CHECK(c.decisions[0].by == "IEA7");

  CHECK(s.store.undecide("A1", "Showcase/account.docx", "12S3"));
  CHECK(criterion(s.coverage(), "12S3").covered);
}

TEST_CASE("coverage: JSON has the contract's fields", "[coverage]") {
  CoverageStore s;
  s.tag("showcase", 7);
  auto j = query::coverage_json(s.coverage());
  CHECK(j["apprentice"] == "A1");
  CHECK(j["standard"] == "ST0072");
  CHECK(j["method"] == "showcase");
  CHECK(j["criteria"].size() == 39);
  CHECK(j["criteria"][0]["ref"] == "2K1");
  CHECK(j["criteria"][0]["distinction"] == false);
  CHECK(j["criteria"][0]["covered"] == true);
  CHECK(j["criteria"][0]["items"][0]["path"] == "Showcase/account.docx");
  CHECK(j["criteria"][0]["items"][0]["source"] == "explicit");
  CHECK(j["criteria"][0]["items"][0]["score"].is_null());
  CHECK(j["pass"] == nlohmann::json{{"covered", 29}, {"total", 29}});
  CHECK(j["distinction"] == nlohmann::json{{"covered", 7}, {"total", 10}, {"required", 7}});
  CHECK(j["missing"] == nlohmann::json::array());
  CHECK(j["verdict"] == "distinction-ready");
}

TEST_CASE("coverage: an unknown method is a usage error naming the methods there are", "[coverage]") {
  CoverageStore s;
  CHECK_THROWS_AS(s.coverage("observaton"), UsageError);
  CHECK_THROWS_WITH(s.coverage("observaton"), Catch::Contains("showcase, observation, discussion"));
}
