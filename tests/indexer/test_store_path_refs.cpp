// Store::path_refs answers for one path what Store::tags() answers for the whole portfolio: search
// hits read their tags through it, and must show what every other command shows.
#include "indexer/store/store.hpp"
#include "indexer/util/sha256.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace evidex;

namespace {

indexer::NewItem text_item(const std::string& path, const std::string& text) {
  indexer::NewItem i;
  i.record.path = path;
  i.record.type = "text";
  i.record.mime = "text/plain";
  i.record.sha256 = sha256_hex(path + text);
  i.text = text;
  return i;
}

indexer::BundleInfo bundle(const std::string& name) {
  indexer::BundleInfo b;
  b.name = name;
  return b;
}

// What tags() says stands for the path, in the order and without the repeats of path_refs().
std::vector<std::string> refs_from_tags(indexer::Store& store, const std::string& apprentice, const std::string& path,
                                        bool with_inferred) {
  std::set<std::string> refs;
  for (const auto& t : store.tags(apprentice)) {
    if (t.path == path && (with_inferred || t.source != "inferred")) {
      refs.insert(t.ref);
    }
  }
  return {refs.begin(), refs.end()};
}

}  // namespace

TEST_CASE("path_refs: the tags that stand for each path, as tags() lists them", "[store][tags]") {
  test::TempDir dir;
  indexer::Store store(dir / "store", indexer::Store::Mode::write);
  const indexer::ApprenticeInfo a17{"A17", "Sam Patel", "ST0072", "IEA7"};
  store.put_bundle(a17, bundle("first.zip"),
                   {text_item("account.txt", "complaint escalated"), text_item("plan.txt", "development plan"),
                    text_item("log.txt", "call log")});
  store.put_bundle(a17, bundle("second.zip"), {text_item("later.txt", "a later upload")});
  store.put_bundle({"B22", "Alex Kim", "ST0072", "IEA7"}, bundle("first.zip"),
                   {text_item("account.txt", "another account")});

  std::map<std::string, std::int64_t> ids;
  for (const auto& i : store.items("A17")) {
    ids[i.path] = i.id;
  }
  REQUIRE(ids.size() == 4);
  store.replace_tags("A17",
                     {{ids["account.txt"], "12S4", "explicit", std::nullopt, "12S4", "text", 0, ""},
                      {ids["account.txt"], "12S4", "map", std::nullopt, "row 2", "map", std::nullopt, "map.xlsx"},
                      {ids["account.txt"], "1K1", "explicit", std::nullopt, "1K1", "text", 5, ""},
                      {ids["account.txt"], "3K1", "inferred", 0.4, "law", "content", std::nullopt, ""},
                      {ids["plan.txt"], "13B3", "inferred", 0.7, "plan", "content", std::nullopt, ""},
                      {ids["log.txt"], "2S1", "explicit", std::nullopt, "2S1", "name", std::nullopt, ""},
                      {ids["later.txt"], "5K2", "explicit", std::nullopt, "5K2", "text", 0, ""}},
                     {});
  auto b22 = store.items("B22");
  store.replace_tags("B22", {{b22[0].id, "9S9", "explicit", std::nullopt, "9S9", "text", 0, ""}}, {});
  store.decide("A17", {"account.txt", "1K1", "reject", "IEA7", "2026-01-01", ""});
  store.decide("A17", {"plan.txt", "13B3", "reject", "IEA7", "2026-01-01", ""});
  store.decide("A17", {"plan.txt", "13B2", "confirm", "IEA7", "2026-01-01", "seen in the plan"});
  store.decide("A17", {"log.txt", "2S1", "confirm", "IEA7", "2026-01-01", ""});
  store.decide("A17", {"gone.txt", "7K7", "confirm", "IEA7", "2026-01-01", ""});  // no such item now

  const std::vector<std::pair<std::string, std::string>> paths = {
      {"A17", "account.txt"}, {"A17", "plan.txt"}, {"A17", "log.txt"},     {"A17", "later.txt"},
      {"A17", "gone.txt"},    {"B22", "account.txt"}, {"B22", "plan.txt"}, {"C99", "account.txt"}};
  for (bool with_inferred : {false, true}) {
    auto refs = store.path_refs(paths, with_inferred);
    REQUIRE(refs.size() == paths.size());
    for (std::size_t i = 0; i < paths.size(); ++i) {
      const auto& [apprentice, path] = paths[i];
      CAPTURE(apprentice, path, with_inferred);
      CHECK(refs[i] == refs_from_tags(store, apprentice, path, with_inferred));
    }
  }
  // The cases above are not vacuous: a rejection hides, a confirmation adds, inferred ones count only when asked.
  CHECK(store.path_refs({{"A17", "account.txt"}}, false)[0] == std::vector<std::string>{"12S4"});
  CHECK(store.path_refs({{"A17", "plan.txt"}}, true)[0] == std::vector<std::string>{"13B2"});
  CHECK(store.path_refs({{"A17", "account.txt"}}, true)[0] == std::vector<std::string>{"12S4", "3K1"});
  CHECK(store.path_refs({{"A17", "gone.txt"}}, true)[0].empty());
}
