// The store: one transaction per bundle, content-addressed originals, and an index that is rebuilt
// from the records when a crash fell between the SQLite and the Xapian commits.
#include "indexer/store/index_writer.hpp"
#include "indexer/store/store.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/sha256.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <xapian.h>

using namespace evidex;
using namespace evidex::indexer;

namespace {

std::vector<NewItem> two_items() {
  NewItem letter;
  letter.record.path = "letter.txt";
  letter.record.mime = "text/plain";
  letter.record.type = "text";
  letter.record.sha256 = sha256_hex("letter");
  letter.record.meta = {{"created", "2026-02-01"}};
  letter.text = "I escalated the complaint to my team leader";
  NewItem attachment;
  attachment.record.path = "mail.eml/survey.pdf";
  attachment.record.mime = "application/pdf";
  attachment.record.type = "pdf";
  attachment.record.error = "encrypted PDF: password required";
  attachment.parent_index = 0;
  return {letter, attachment};
}

Xapian::doccount docs_for(const std::filesystem::path& store, const std::string& apprentice) {
  Xapian::Database db((store / "xapian").string());
  return db.get_termfreq(boolean_term(k_prefix_apprentice, apprentice));
}

}  // namespace

TEST_CASE("store: a bundle's items, text and index go in together", "[store]") {
  test::TempDir dir;
  {
    Store store(dir / "s", Store::Mode::write);
    BundleInfo bundle;
    bundle.source = "/uploads/a17.zip";
    bundle.sha256 = sha256_hex("bundle");
    store.put_bundle({"A17", "Sam Patel", "ST0072", "IEA7"}, bundle, two_items());
  }
  Store store(dir / "s", Store::Mode::read);
  auto items = store.items("A17");
  REQUIRE(items.size() == 2);
  CHECK(items[0].path == "letter.txt");
  CHECK(items[0].meta.at("created") == "2026-02-01");
  CHECK(store.item_text(items[0].id) == "I escalated the complaint to my team leader");
  CHECK(items[1].parent == items[0].id);
  CHECK(items[1].error == "encrypted PDF: password required");
  CHECK(store.apprentice("A17")->name == "Sam Patel");
  CHECK(docs_for(dir / "s", "A17") == 2);
}

TEST_CASE("store: an index lost between the two commits is rebuilt by the next writer", "[store]") {
  test::TempDir dir;
  {
    Store store(dir / "s", Store::Mode::write);
    store.put_bundle({"A17", "", "", ""}, BundleInfo{}, two_items());
  }
  // What a crash after the SQLite commit and before the Xapian commit leaves behind.
  {
    Db db(dir / "s" / "evidex.sqlite", false);
    db.exec("INSERT INTO index_pending(apprentice) VALUES('A17')");
  }
  std::filesystem::remove_all(dir / "s" / "xapian");
  { Store reopened(dir / "s", Store::Mode::write); }
  CHECK(docs_for(dir / "s", "A17") == 2);
  Db db(dir / "s" / "evidex.sqlite", false);
  Stmt s = db.prepare("SELECT COUNT(*) FROM index_pending");
  s.step();
  CHECK(s.integer(0) == 0);
}

TEST_CASE("store: originals are content-addressed and written whole", "[store]") {
  test::TempDir dir;
  Store store(dir / "s", Store::Mode::write);
  test::write_file(dir / "upload.pdf", "%PDF-1.4 original bytes");
  std::string sha = sha256_file(dir / "upload.pdf");
  store.put_blob(dir / "upload.pdf", sha, false);
  CHECK(test::read_file(store.blob_file(sha)) == "%PDF-1.4 original bytes");
  CHECK(std::filesystem::exists(dir / "upload.pdf"));  // copied, not moved
  // The same bytes again: nothing changes; no temporary files are left behind.
  store.put_blob(dir / "upload.pdf", sha, true);
  CHECK_FALSE(std::filesystem::exists(dir / "upload.pdf"));  // moved files are consumed
  std::size_t files = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir / "s" / "blobs")) {
    files += e.is_regular_file();
  }
  CHECK(files == 1);
}

TEST_CASE("store: a read of a missing store says so, a newer schema is refused", "[store]") {
  test::TempDir dir;
  CHECK_THROWS_AS(Store(dir / "nothing-here", Store::Mode::read), InputError);
  { Store store(dir / "s", Store::Mode::write); }
  {
    Db db(dir / "s" / "evidex.sqlite", false);
    db.exec("PRAGMA user_version = 99");
  }
  CHECK_THROWS_WITH(Store(dir / "s", Store::Mode::write), Catch::Contains("newer evidex"));
}

TEST_CASE("store: long paths still make valid index terms", "[store]") {
  std::string long_path(400, 'a');
  std::string term = boolean_term("P", long_path);
  CHECK(term.size() <= 240);
  CHECK(term != boolean_term("P", long_path + "b"));
}

TEST_CASE("store: the index has positional text, stems, and boolean terms", "[store]") {
  test::TempDir dir;
  {
    Store store(dir / "s", Store::Mode::write);
    store.put_bundle({"A17", "", "", ""}, BundleInfo{}, two_items());
    store.put_bundle({"B22", "", "", ""}, BundleInfo{}, two_items());
  }
  Xapian::Database db((dir / "s" / "xapian").string());
  Xapian::Enquire enquire(db);
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_stemmer(Xapian::Stem("english"));
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  auto hits = [&](const std::string& text, const std::string& apprentice) {
    Xapian::Query q = parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE);
    q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                      Xapian::Query(boolean_term(k_prefix_apprentice, apprentice)));
    enquire.set_query(q);
    return enquire.get_mset(0, 10).size();
  };
  CHECK(hits("escalating", "A17") == 1);          // stemmed: escalated ~ escalating
  CHECK(hits("\"team leader\"", "A17") == 1);     // positional
  CHECK(hits("\"leader team\"", "A17") == 0);
  CHECK(hits("complaint", "NOBODY") == 0);
  CHECK(db.get_termfreq(boolean_term(k_prefix_type, "pdf")) == 2);
  CHECK(db.get_termfreq(boolean_term(k_prefix_path, "mail.eml/survey.pdf")) == 2);
  // The path's words are searchable too, so "survey" finds the attachment by its name.
  CHECK(hits("survey", "B22") == 1);
}

namespace {

// Every document of the index as comparable text, keyed by its item term: terms with wdf and
// positions, and the data. Document ids are left out: a rebuild numbers documents anew.
std::map<std::string, std::string> index_snapshot(const std::filesystem::path& store) {
  Xapian::Database db((store / "xapian").string());
  std::map<std::string, std::string> out;
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    Xapian::Document doc = db.get_document(*d);
    std::string key, text;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      if ((*t).rfind(k_prefix_item, 0) == 0) {
        key = *t;
      }
      text += *t + ":" + std::to_string(t.get_wdf()) + "@";
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
        text += std::to_string(*p) + ",";
      }
      text += " ";
    }
    out[key] = text + "| " + doc.get_data();
  }
  return out;
}

Xapian::doccount docs_covering(const std::filesystem::path& store, const std::string& ref) {
  Xapian::Database db((store / "xapian").string());
  return db.get_termfreq(boolean_term(k_prefix_criterion, ref));
}

std::vector<NewItem> two_readable_items() {
  auto items = two_items();
  items[1].record.error.clear();
  items[1].text = "Survey results: customers rated the call 9 out of 10";
  return items;
}

}  // namespace

TEST_CASE("store: retagging changes the criterion terms in place, as a rebuild would have them", "[store]") {
  test::TempDir dir;
  Store store(dir / "s", Store::Mode::write);
  store.put_bundle({"A17", "", "", ""}, BundleInfo{}, two_readable_items());
  store.put_bundle({"B22", "", "", ""}, BundleInfo{}, two_readable_items());
  auto items = store.items("A17");
  REQUIRE(items.size() == 2);
  const std::int64_t letter = items[0].id, survey = items[1].id;
  auto before = index_snapshot(dir / "s");

  store.replace_tags("A17",
                     {{letter, "12S3", "explicit", std::nullopt, "12S3", "text", 0, ""},
                      {survey, "4K2", "inferred", 0.4, "survey", "content", std::nullopt, ""}},
                     {});
  CHECK(docs_covering(dir / "s", "12S3") == 1);
  CHECK(docs_covering(dir / "s", "4K2") == 0);  // inferred tags do not cover

  // People's decisions go the same way: a rejection removes the term, a confirmation adds one.
  store.decide("A17", {"letter.txt", "12S3", "reject", "IEA7", "2026-03-01T10:00:00Z", ""});
  store.decide("A17", {"mail.eml/survey.pdf", "4K2", "confirm", "IEA7", "2026-03-01T10:00:00Z", ""});
  CHECK(docs_covering(dir / "s", "12S3") == 0);
  CHECK(docs_covering(dir / "s", "4K2") == 1);
  CHECK(store.undecide("A17", "letter.txt", "12S3"));
  CHECK(docs_covering(dir / "s", "12S3") == 1);

  // Only the criterion terms differ from before, and the index equals a rebuild from the records.
  auto updated = index_snapshot(dir / "s");
  REQUIRE(updated.size() == before.size());
  std::size_t changed = 0;
  for (const auto& [key, text] : updated) {
    changed += text != before.at(key);
  }
  CHECK(changed == 2);  // A17's two documents; B22's are untouched
  {
    Db db(dir / "s" / "evidex.sqlite", false);
    db.exec("INSERT INTO index_pending(apprentice) VALUES('A17')");
  }
  store.sync_index();
  CHECK(index_snapshot(dir / "s") == updated);
}

TEST_CASE("store: retagging an apprentice whose documents the index lost rebuilds them", "[store]") {
  test::TempDir dir;
  Store store(dir / "s", Store::Mode::write);
  store.put_bundle({"A17", "", "", ""}, BundleInfo{}, two_readable_items());
  auto letter = store.items("A17").at(0).id;
  {
    Xapian::WritableDatabase db((dir / "s" / "xapian").string());
    db.delete_document(boolean_term(k_prefix_item, std::to_string(letter)));
    db.commit();
  }
  store.replace_tags("A17", {{letter, "12S3", "explicit", std::nullopt, "12S3", "text", 0, ""}}, {});
  CHECK(docs_for(dir / "s", "A17") == 2);
  CHECK(docs_covering(dir / "s", "12S3") == 1);
}
