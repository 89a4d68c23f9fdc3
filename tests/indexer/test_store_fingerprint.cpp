// Store::apprentice_fingerprint: what lets evidex serve keep one apprentice's readiness check while
// another apprentice's upload is being stored.
#include "indexer/store/store.hpp"
#include "indexer/util/sha256.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace evidex;
using namespace evidex::indexer;

namespace {

std::vector<NewItem> items_of(const std::string& words) {
  NewItem letter;
  letter.record.path = "letter.txt";
  letter.record.mime = "text/plain";
  letter.record.type = "text";
  letter.record.sha256 = sha256_hex(words);
  letter.text = words;
  return {letter};
}

BundleInfo bundle_named(const std::string& name) {
  BundleInfo bundle;
  bundle.name = name;
  bundle.source = "/uploads/" + name;
  bundle.sha256 = sha256_hex(name);
  return bundle;
}

}  // namespace

TEST_CASE("store fingerprint: changes with everything of the apprentice and nothing of others", "[store]") {
  test::TempDir dir;
  Store store(dir / "s", Store::Mode::write);
  CHECK(store.apprentice_fingerprint("A17").empty());  // unknown

  store.put_bundle({"A17", "Sam Patel", "ST0072", "IEA7"}, bundle_named("showcase.zip"), items_of("I escalated it"));
  const std::string first = store.apprentice_fingerprint("A17");
  CHECK(first.size() == 64);
  CHECK(store.apprentice_fingerprint("A17") == first);  // reading changes nothing

  // Another apprentice's upload, tags and decisions leave A17's untouched.
  store.put_bundle({"B22", "", "ST0072", ""}, bundle_named("showcase.zip"), items_of("I escalated it"));
  const std::int64_t b_item = store.items("B22").at(0).id;
  store.replace_tags("B22", {{b_item, "12S3", "explicit", std::nullopt, "12S3", "text", 0, ""}}, {});
  store.decide("B22", {"letter.txt", "4K2", "confirm", "IEA7", "2026-03-01T10:00:00Z", ""});
  CHECK(store.apprentice_fingerprint("A17") == first);
  CHECK(store.apprentice_fingerprint("B22") != first);

  std::set<std::string> seen{first};
  auto changed = [&](const char* what) {
    INFO(what);
    std::string now = store.apprentice_fingerprint("A17");
    CHECK(seen.insert(now).second);
  };
  const std::int64_t a_item = store.items("A17").at(0).id;
  store.replace_tags("A17", {{a_item, "12S3", "explicit", std::nullopt, "12S3", "text", 0, ""}}, {});
  changed("a tag");
  store.replace_tags("A17", {{a_item, "12S3", "explicit", std::nullopt, "12 S3", "text", 5, ""}}, {});
  changed("the same tag found elsewhere in the text");
  store.replace_tags("A17", {{a_item, "12S3", "explicit", std::nullopt, "12 S3", "text", 5, ""}},
                     {{"map.csv", "row 3 names no item"}});
  changed("a tag problem");
  const std::string undecided = store.apprentice_fingerprint("A17");
  store.decide("A17", {"letter.txt", "12S3", "reject", "IEA7", "2026-03-01T10:00:00Z", ""});
  changed("a decision");
  store.decide("A17", {"letter.txt", "12S3", "confirm", "IEA7", "2026-03-01T10:00:00Z", ""});
  changed("a decision reversed within the same second");
  store.undecide("A17", "letter.txt", "12S3");
  CHECK(store.apprentice_fingerprint("A17") == undecided);  // the same rows as before the decision
  store.update_apprentice({"A17", "Samantha Patel", "", ""});
  changed("the registered name");
  store.put_bundle({"A17", "", "", ""}, bundle_named("showcase.zip"), items_of("I escalated it to my manager"));
  changed("the showcase uploaded again with other content");
  store.put_bundle({"A17", "", "", ""}, bundle_named("extra.zip"), items_of("A later piece of work"));
  changed("a second bundle");

  REQUIRE(store.forget("A17"));
  CHECK(store.apprentice_fingerprint("A17").empty());
}

TEST_CASE("store fingerprint: every table of the schema is either read by it or store-wide", "[store]") {
  // A new table holding an apprentice's rows must be added to the fingerprint's reads
  // (indexer/store/fingerprint.cpp), or evidex serve would show a check that is out of date.
  test::TempDir dir;
  Store store(dir / "s", Store::Mode::write);
  std::set<std::string> tables;
  Stmt s = store.db().prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  while (s.step()) {
    tables.insert(s.text(0));
  }
  const std::set<std::string> fingerprinted{"apprentices", "bundles",      "items",          "tags",
                                            "decisions",   "tag_problems", "tagging_pending", "index_pending"};
  // item_text follows items.sha256; templates and signatures reach a check only through the store's
  // duplicate groups, which evidex serve versions on their own.
  const std::set<std::string> elsewhere{"item_text", "templates", "signatures"};
  std::set<std::string> known = fingerprinted;
  known.insert(elsewhere.begin(), elsewhere.end());
  CHECK(tables == known);
}
