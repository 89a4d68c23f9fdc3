// Search: Xapian's query parser with stemming, phrases, boolean operators, wildcards and field
// prefixes, over a real store; hits carry a snippet of the passage that matched, tags and pages.
#include "indexer/store/store.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/sha256.hpp"
#include "query/search/search.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace evidex;

namespace {

indexer::NewItem item(const std::string& path, const std::string& type, const std::string& text) {
  indexer::NewItem i;
  i.record.path = path;
  i.record.type = type;
  i.record.mime = type == "pdf" ? "application/pdf" : "text/plain";
  i.record.sha256 = sha256_hex(path + text);
  i.text = text;
  return i;
}

struct SearchStore {
  test::TempDir dir;
  indexer::Store store{dir / "store", indexer::Store::Mode::write};

  SearchStore() {
    store.put_bundle({"A17", "Sam Patel", "ST0072", "IEA7"}, indexer::BundleInfo{},
                         {item("account.pdf", "pdf",
                               "Page one is about the policy wording.\fOn the second page I escalated the complaint "
                               "to my team leader because compensation was outside my authority.\fPage three thanks."),
                          item("letters/reply.txt", "text", "Dear Mrs Jones, your complaint about the boiler is resolved."),
                          item("notes.txt", "text", "Team meeting: personal development plan reviewed and updated.")});
    store.put_bundle({"B22", "Alex Kim", "ST0072", "IEA7"}, indexer::BundleInfo{},
                         {item("complaint-log.txt", "text", "Escalations this month: two complaints escalated.")});
    auto items = store.items("A17");
    store.replace_tags("A17", {{items[0].id, "12S4", "explicit", std::nullopt, "12S4", "text", 0, ""},
                               {items[0].id, "3K1", "inferred", 0.3, "law", "content", std::nullopt, ""}},
                       {});
  }

  query::SearchResult find(const std::string& q, query::SearchOptions o = {}) {
    o.query = q;
    return query::search(store, o);
  }
};

std::set<std::string> paths(const query::SearchResult& r) {
  std::set<std::string> out;
  for (const auto& h : r.hits) {
    out.insert(h.apprentice + ":" + h.path);
  }
  return out;
}

}  // namespace

TEST_CASE("search: stemmed words across apprentices, all words required by default", "[search]") {
  SearchStore s;
  CHECK(paths(s.find("escalation")) == std::set<std::string>{"A17:account.pdf", "B22:complaint-log.txt"});
  CHECK(paths(s.find("complaint boiler")) == std::set<std::string>{"A17:letters/reply.txt"});
  CHECK(paths(s.find("boiler OR escalated")).size() == 3);
  CHECK(paths(s.find("complaint NOT boiler")) == std::set<std::string>{"A17:account.pdf", "B22:complaint-log.txt"});
  CHECK(paths(s.find("\"development plan\"")) == std::set<std::string>{"A17:notes.txt"});
  CHECK(paths(s.find("\"plan development\"")).empty());
  CHECK(paths(s.find("escal*")).size() == 2);
}

TEST_CASE("search: field prefixes and filters", "[search]") {
  SearchStore s;
  CHECK(paths(s.find("complaint apprentice:B22")) == std::set<std::string>{"B22:complaint-log.txt"});
  CHECK(paths(s.find("complaint type:PDF")) == std::set<std::string>{"A17:account.pdf"});
  CHECK(paths(s.find("complaint path:letters")) == std::set<std::string>{"A17:letters/reply.txt"});
  // ksb: matches tags that stand, in any case; inferred tags are not enough.
  CHECK(paths(s.find("ksb:12s4")) == std::set<std::string>{"A17:account.pdf"});
  CHECK(paths(s.find("ksb:3K1")).empty());
  query::SearchOptions only;
  only.apprentice = "A17";
  CHECK(paths(s.find("complaint", only)).size() == 2);
  only = {};
  only.ksb = "12S4";
  CHECK(paths(s.find("complaint", only)) == std::set<std::string>{"A17:account.pdf"});
  only = {};
  only.type = "text";
  CHECK(paths(s.find("complaint", only)).size() == 2);
}

TEST_CASE("search: the snippet comes from the page that matched, with the matches marked", "[search]") {
  SearchStore s;
  auto r = s.find("escalated compensation");
  REQUIRE(r.hits.size() == 1);
  const auto& hit = r.hits[0];
  CHECK(hit.path == "account.pdf");
  CHECK(hit.page == 2);
  CHECK_THAT(hit.snippet, Catch::Contains("[escalated]") && Catch::Contains("[compensation]"));
  CHECK_THAT(hit.snippet, !Catch::Contains("policy wording"));  // page one
  CHECK_THAT(hit.snippet_html, Catch::Contains("<mark>escalated</mark>"));
  CHECK(hit.tags == std::vector<std::string>{"12S4"});
  CHECK(hit.type == "pdf");
  CHECK(r.total == 1);
}

TEST_CASE("search: paging, a sloppy query, and an empty one", "[search]") {
  SearchStore s;
  query::SearchOptions o;
  o.limit = 1;
  auto first = s.find("complaint", o);
  o.offset = 1;
  auto second = s.find("complaint", o);
  REQUIRE(first.hits.size() == 1);
  REQUIRE(second.hits.size() == 1);
  CHECK(first.hits[0].path != second.hits[0].path);
  CHECK(first.total == 3);
  // A stray quote or bracket is forgiven; an operator with nothing after it is a usage error.
  CHECK(paths(s.find("\"boiler (")) == std::set<std::string>{"A17:letters/reply.txt"});
  CHECK_THROWS_AS(s.find("boiler AND"), UsageError);
  CHECK_THROWS_WITH(s.find("boiler AND"), Catch::Contains("Syntax") && Catch::Contains("'boiler AND'"));
  CHECK_THROWS_AS(s.find("   "), UsageError);
}

TEST_CASE("search: operators are in capitals, lower-case 'not' is a word", "[search]") {
  SearchStore s;
  // In lower case "not" is one more word to find (no text here has it), not an operator.
  CHECK(paths(s.find("complaint not boiler")).empty());
  CHECK(paths(s.find("complaint NOT boiler")) == std::set<std::string>{"A17:account.pdf", "B22:complaint-log.txt"});
}

TEST_CASE("search in colour: evidex's highlight codes work, the document's cannot", "[query][search][output]") {
  query::SearchResult result;
  query::SearchHit hit;
  hit.apprentice = "A1";
  hit.path = "notes\x1b[2J.txt";
  hit.marked = "the \x01" "escalation\x02 \xE2\x80\xAE" "log";
  hit.snippet = "the [escalation] \xE2\x80\xAE" "log";
  result.hits.push_back(hit);
  result.total = 1;
  std::string coloured = query::render(result, query::Format::text, true);
  CHECK_THAT(coloured, Catch::Contains("notes\\x1b[2J.txt"));
  CHECK_THAT(coloured, Catch::Contains("the \x1b[1;33mescalation\x1b[0m <U+202E>log"));
  CHECK(coloured.find("\x1b[2J") == std::string::npos);
  std::string plain = query::render(result, query::Format::text, false);
  CHECK_THAT(plain, Catch::Contains("the [escalation] <U+202E>log"));
  CHECK(plain.find('\x1b') == std::string::npos);
}

TEST_CASE("search: a hit's tags are those that stand for its path, after people's decisions", "[search]") {
  SearchStore s;
  s.store.decide("A17", {"account.pdf", "12S4", "reject", "IEA7", "2026-01-02", ""});
  s.store.decide("A17", {"account.pdf", "1K2", "confirm", "IEA7", "2026-01-02", "seen"});
  s.store.decide("A17", {"letters/reply.txt", "12S3", "confirm", "IEA7", "2026-01-02", ""});
  query::SearchOptions every;
  every.apprentice = "A17";
  auto r = s.find("complaint OR team OR wording", every);
  REQUIRE(r.hits.size() == 3);
  for (const auto& hit : r.hits) {
    std::set<std::string> standing;
    for (const auto& t : s.store.tags(hit.apprentice)) {
      if (t.path == hit.path && t.source != "inferred") {
        standing.insert(t.ref);
      }
    }
    CAPTURE(hit.path);
    CHECK(hit.tags == std::vector<std::string>(standing.begin(), standing.end()));
  }
  query::SearchOptions filtered;
  filtered.apprentice = "A17";
  filtered.ksb = "1k2";
  filtered.type = "PDF";
  auto one = s.find("complaint", filtered);
  REQUIRE(one.hits.size() == 1);
  CHECK(one.hits[0].path == "account.pdf");
  CHECK(one.hits[0].type == "pdf");
  CHECK(one.hits[0].tags == std::vector<std::string>{"1K2"});  // 12S4 rejected, 3K1 only inferred
  CHECK(one.hits[0].page == 2);
}

TEST_CASE("search: only_apprentices restricts hits, and the query text cannot widen it", "[search]") {
  evidex::test::TempDir dir;
  {
    evidex::indexer::Store store(dir.path() / "s", evidex::indexer::Store::Mode::write);
    for (const char* a : {"A1", "A2", "A3"}) {
      evidex::indexer::ApprenticeInfo who{a, "", "ST0072", ""};
      evidex::indexer::BundleInfo bundle;
      bundle.apprentice = a;
      bundle.name = "b.zip";
      evidex::indexer::NewItem item;
      item.record.path = "note.txt";
      item.record.mime = "text/plain";
      item.record.type = "txt";
      item.text = "I handled the escalation calmly";
      store.put_bundle(who, bundle, {item});
    }
  }
  evidex::indexer::Store store(dir.path() / "s", evidex::indexer::Store::Mode::read);
  auto apprentices_of = [&](const evidex::query::SearchOptions& o) {
    std::set<std::string> seen;
    for (const auto& h : evidex::query::search(store, o).hits) {
      seen.insert(h.apprentice);
    }
    return seen;
  };
  evidex::query::SearchOptions o;
  o.query = "escalation";
  CHECK(apprentices_of(o) == std::set<std::string>{"A1", "A2", "A3"});
  o.only_apprentices = std::vector<std::string>{"A1", "A3"};
  CHECK(apprentices_of(o) == std::set<std::string>{"A1", "A3"});
  o.query = "escalation apprentice:A2";
  CHECK(apprentices_of(o).empty());
  o.query = "escalation OR apprentice:A2";
  CHECK(apprentices_of(o) == std::set<std::string>{"A1", "A3"});
  o.only_apprentices = std::vector<std::string>{};
  o.query = "escalation";
  CHECK(apprentices_of(o).empty());

  // Without snippets the same hits come back, in the same order, without reading their text.
  evidex::query::SearchOptions with;
  with.query = "escalation";
  auto without = with;
  without.snippets = false;
  const auto a = evidex::query::search(store, with);
  const auto b = evidex::query::search(store, without);
  REQUIRE(a.hits.size() == 3);
  REQUIRE(b.hits.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(a.hits[i].path == b.hits[i].path);
    CHECK(a.hits[i].apprentice == b.hits[i].apprentice);
    CHECK(a.hits[i].snippet.find("[escalation]") != std::string::npos);
    CHECK(b.hits[i].snippet.empty());
  }
}
