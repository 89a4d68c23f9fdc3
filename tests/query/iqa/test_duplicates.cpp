// Duplicate evidence in real stores: the same file, the same text, near copies within a showcase
// and across apprentices, shared forms discounted; and the calibration of the default threshold.
#include "query/iqa/duplicates.hpp"

#include "indexer/pipeline/ingest.hpp"
#include "indexer/store/signatures.hpp"
#include "indexer/store/templates.hpp"
#include "tests/support/archive_writer.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <random>

using namespace evidex;
using namespace evidex::test;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> k_accounts = {"priya-shah-complaint", "tom-reilly-complaint", "aisha-khan-complaint",
                                             "ben-okafor-complaint"};

// A 1 x 1 PNG: an item without text.
const unsigned char k_png_bytes[] = {0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48,
                                     0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
                                     0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
                                     0xda, 0x63, 0xf8, 0x0f, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0,
                                     0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
const std::string k_png(reinterpret_cast<const char*>(k_png_bytes), sizeof k_png_bytes);

std::string account(const std::string& name) {
  return read_file(fixture("duplicates/accounts/" + name + ".txt"));
}

indexer::SignatureMaker builtin_maker() {
  std::vector<std::string> texts;
  for (const auto& t : indexer::builtin_templates()) {
    texts.push_back(t.text);
  }
  return indexer::SignatureMaker(texts);
}

double exact_jaccard(const std::string& a, const std::string& b) {
  auto shingles = [](const std::string& text) {
    std::string n = indexer::normalise_for_comparison(text);
    return indexer::shingle_hashes(indexer::split_words(n));
  };
  return indexer::jaccard(shingles(a), shingles(b));
}

/// A copier's edit, as fixtures/gen/make_edited_copy.py makes it: `rate` of the words, chosen at
/// random, substituted (60 %), deleted (20 %) or followed by an inserted word (20 %).
std::string edited(const std::string& text, double rate, unsigned seed) {
  static const std::vector<std::string> everyday = {"also", "then", "really", "quickly", "carefully", "again",
                                                    "later", "still", "help", "call", "account", "issue",
                                                    "problem", "team", "money", "payment", "details", "note"};
  std::string n = indexer::normalise_for_comparison(text);
  auto views = indexer::split_words(n);
  std::vector<std::string> words(views.begin(), views.end());
  std::mt19937 rng(seed);
  std::vector<std::size_t> positions(words.size());
  std::iota(positions.begin(), positions.end(), 0);
  std::shuffle(positions.begin(), positions.end(), rng);
  positions.resize(static_cast<std::size_t>(std::lround(rate * static_cast<double>(words.size()))));
  std::uniform_real_distribution<double> kind(0, 1);
  std::uniform_int_distribution<std::size_t> pick(0, everyday.size() - 1);
  std::vector<int> edit(words.size(), 0);  // 1 substitute, 2 delete, 3 insert after
  for (std::size_t p : positions) {
    double k = kind(rng);
    edit[p] = k < 0.6 ? 1 : k < 0.8 ? 2 : 3;
  }
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (edit[i] == 1) {
      out += everyday[pick(rng)] + " ";
    } else if (edit[i] == 2) {
      continue;
    } else {
      out += words[i] + " ";
      if (edit[i] == 3) {
        out += everyday[pick(rng)] + " ";
      }
    }
  }
  return out;
}

struct Cohort {
  TempDir dir;
  indexer::Store store{dir / "store", indexer::Store::Mode::write};

  /// Ingests a folder bundle made of (name in bundle, fixture or literal text) files.
  void add(const std::string& apprentice, const std::vector<std::pair<std::string, std::string>>& files) {
    fs::path bundle = dir / ("bundle-" + apprentice);
    fs::create_directories(bundle);
    for (const auto& [name, source] : files) {
      fs::create_directories((bundle / name).parent_path());
      if (source.rfind("fixture:", 0) == 0) {
        fs::copy_file(fixture(source.substr(8)), bundle / name);
      } else {
        write_file(bundle / name, source);
      }
    }
    indexer::IngestOptions options;
    options.source = bundle;
    options.apprentice = {apprentice, "", "", ""};
    options.jobs = 2;
    indexer::ingest(store, options);
  }

  std::vector<query::DuplicateGroup> find(const std::string& apprentice = {},
                                          double threshold = query::k_default_near_threshold) {
    return query::find_duplicates(store, {apprentice, threshold});
  }
};

/// "kind: apprentice/path, apprentice/path" for each group, for readable failures.
std::vector<std::string> summary(const std::vector<query::DuplicateGroup>& groups) {
  std::vector<std::string> out;
  for (const auto& g : groups) {
    std::string s = query::duplicate_kind_name(g.kind) + ":";
    for (const auto& i : g.items) {
      s += " " + i.apprentice + "/" + i.path;
    }
    out.push_back(s);
  }
  return out;
}

bool has_group(const std::vector<query::DuplicateGroup>& groups, const std::string& kind,
               std::vector<std::pair<std::string, std::string>> members) {
  std::sort(members.begin(), members.end());
  for (const auto& g : groups) {
    std::vector<std::pair<std::string, std::string>> items;
    for (const auto& i : g.items) {
      items.emplace_back(i.apprentice, i.path);
    }
    if (query::duplicate_kind_name(g.kind) == kind && items == members) {
      return true;
    }
  }
  return false;
}

bool mentions(const std::vector<query::DuplicateGroup>& groups, const std::string& apprentice,
              const std::string& path) {
  return std::any_of(groups.begin(), groups.end(), [&](const query::DuplicateGroup& g) {
    return std::any_of(g.items.begin(), g.items.end(),
                       [&](const query::DuplicateItem& i) { return i.apprentice == apprentice && i.path == path; });
  });
}

}  // namespace

TEST_CASE("threshold calibration: a 15 % edited copy is near, different accounts of similar work are not",
          "[duplicates][calibration]") {
  auto maker = builtin_maker();
  auto estimate = [&](const std::string& a, const std::string& b) {
    auto sa = maker.make(a);
    auto sb = maker.make(b);
    REQUIRE(sa.compared());
    REQUIRE(sb.compared());
    return indexer::estimate_similarity(sa.minhash, sb.minhash);
  };
  std::cout << std::fixed << std::setprecision(3)
            << "Calibration on fixtures/duplicates/accounts (estimate = MinHash, J = exact Jaccard of "
            << indexer::k_shingle_words << "-word shingles):\n";

  // Different accounts of the same kind of work (complaint handling), by different apprentices.
  std::vector<std::string> texts;
  for (const auto& name : k_accounts) {
    texts.push_back(account(name));
  }
  texts.push_back(account("priya-shah-complaint-edited-15"));
  double most_different = 0;
  for (std::size_t i = 0; i < k_accounts.size(); ++i) {
    for (std::size_t j = i + 1; j < texts.size(); ++j) {
      if (i == 0 && j == texts.size() - 1) {
        continue;  // the original and its copy
      }
      double e = estimate(texts[i], texts[j]);
      std::cout << "  different: " << k_accounts[i] << " ~ "
                << (j < k_accounts.size() ? k_accounts[j] : "priya-shah-complaint-edited-15") << ": estimate " << e
                << ", J " << exact_jaccard(texts[i], texts[j]) << "\n";
      most_different = std::max(most_different, e);
    }
  }

  // The committed copy (fixtures/gen/make_edited_copy.py, seed 15), and 50 more edits at 15 %.
  double committed = estimate(texts[0], texts.back());
  std::cout << "  copy: priya-shah-complaint ~ priya-shah-complaint-edited-15: estimate " << committed << ", J "
            << exact_jaccard(texts[0], texts.back()) << "\n";
  double least_copy = committed, sum = 0, least_j = 1;
  constexpr unsigned seeds = 50;
  for (const auto& name : k_accounts) {
    for (unsigned seed = 1; seed <= seeds; ++seed) {
      std::string copy = edited(account(name), 0.15, seed);
      double e = estimate(account(name), copy);
      least_copy = std::min(least_copy, e);
      least_j = std::min(least_j, exact_jaccard(account(name), copy));
      sum += e;
    }
  }
  std::cout << "  15 % edited copies of each account, " << seeds << " seeds each: estimate min " << least_copy
            << ", mean " << sum / (seeds * k_accounts.size()) << "; J min " << least_j << "\n"
            << "  highest between different accounts: " << most_different << "; default threshold "
            << query::k_default_near_threshold << "\n";
  CHECK(most_different < query::k_default_near_threshold);
  CHECK(committed >= query::k_default_near_threshold);
  CHECK(least_copy >= query::k_default_near_threshold);
}

TEST_CASE("duplicates: the same file twice, under another name, in a zip, in two showcases", "[duplicates]") {
  Cohort c;
  std::string tom = account("tom-reilly-complaint");
  write_archive(c.dir / "letters.zip", {{"a.txt", tom}, {"copy of a.txt", tom}});
  c.add("P003", {{"account.txt", tom},
                 {"evidence/account again.txt", tom},
                 {"letters.zip", read_file(c.dir / "letters.zip")},
                 {"photo.png", k_png},
                 {"photo copy.png", k_png},
                 {"empty.txt", ""},
                 {"empty too.txt", ""}});
  auto groups = c.find();
  INFO(Catch::Detail::stringify(summary(groups)));
  // One group for every copy of the account, the zip's members included; none for empty files.
  CHECK(has_group(groups, "exact", {{"P003", "account.txt"}, {"P003", "evidence/account again.txt"},
                                    {"P003", "letters.zip/a.txt"}, {"P003", "letters.zip/copy of a.txt"}}));
  CHECK(has_group(groups, "exact", {{"P003", "photo copy.png"}, {"P003", "photo.png"}}));
  CHECK_FALSE(mentions(groups, "P003", "empty.txt"));
  CHECK(groups.size() == 2);
  for (const auto& g : groups) {
    CHECK_FALSE(g.cross_apprentice);
    CHECK(g.similarity == 1.0);
    CHECK(g.apprentices == std::vector<std::string>{"P003"});
  }

  // Another apprentice hands in the same file under another name: across apprentices.
  c.add("P004", {{"account.txt", account("aisha-khan-complaint")}, {"extra evidence.txt", tom}});
  groups = c.find();
  const query::DuplicateGroup* across = nullptr;
  for (const auto& g : groups) {
    if (mentions({g}, "P004", "extra evidence.txt")) {
      across = &g;
    }
  }
  REQUIRE(across);
  CHECK(across->kind == query::DuplicateKind::exact);
  CHECK(across->cross_apprentice);
  CHECK(across->apprentices == std::vector<std::string>{"P003", "P004"});
  CHECK(across->reason == "byte-identical files under different names");
  CHECK(across->items.size() == 5);
  // --apprentice P004: only the groups with one of P004's items.
  auto mine = c.find("P004");
  REQUIRE(mine.size() == 1);
  CHECK(mine[0].items.size() == 5);
}

TEST_CASE("duplicates: the contents of two identical archives are one group, the archives'", "[duplicates]") {
  Cohort c;
  write_archive(c.dir / "pack.zip",
                {{"one.txt", account("ben-okafor-complaint")}, {"two.txt", account("aisha-khan-complaint")}});
  std::string zip = read_file(c.dir / "pack.zip");
  c.add("P005", {{"pack.zip", zip}, {"old/pack (1).zip", zip}});
  auto groups = c.find();
  INFO(Catch::Detail::stringify(summary(groups)));
  REQUIRE(groups.size() == 1);
  CHECK(has_group(groups, "exact", {{"P005", "old/pack (1).zip"}, {"P005", "pack.zip"}}));
}

TEST_CASE("duplicates: a document and its PDF export are the same text", "[duplicates]") {
  Cohort c;
  c.add("A001", {{"sample.zip", read_file(fixture("sample-bundle.zip"))}});
  auto groups = c.find();
  INFO(Catch::Detail::stringify(summary(groups)));
  REQUIRE(groups.size() == 1);
  CHECK(has_group(groups, "same-text",
                  {{"A001", "sample.zip/Showcase/01 Reflective account - handling a complaint (12S3, 12S6).docx"},
                   {"A001", "sample.zip/Showcase/02 Reflective account - handling a complaint.pdf"}}));
  CHECK_FALSE(groups[0].cross_apprentice);
  CHECK(groups[0].items[0].sha256 != groups[0].items[1].sha256);
}

TEST_CASE("duplicates: an item is not reported against its own container", "[duplicates]") {
  Cohort c;
  std::string text = account("ben-okafor-complaint");
  std::string eml = "From: Ben Okafor <ben@fenwick.example>\r\nTo: coach@provider.example\r\n"
                    "Subject: my account\r\nMIME-Version: 1.0\r\n"
                    "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
                    "Content-Type: text/plain; charset=utf-8\r\n\r\n" +
                    text + "\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n"
                           "Content-Disposition: attachment; filename=\"account.txt\"\r\n\r\n" +
                    text + "\r\n--b--\r\n";
  c.add("P005", {{"sent.eml", eml}});
  auto items = c.store.items("P005");
  REQUIRE(items.size() == 2);
  CHECK(items[1].path == "sent.eml/account.txt");
  // The message holds the account as its body too: without the rule they would be near copies.
  CHECK(c.find("", 0.05).empty());
}

TEST_CASE("duplicates: near copies within a showcase and across apprentices", "[duplicates]") {
  Cohort c;
  c.add("P001", {{"01 Complaint account.txt", "fixture:duplicates/accounts/priya-shah-complaint.txt"},
                 {"02 Draft.txt", edited(account("priya-shah-complaint"), 0.05, 3)}});
  c.add("P002", {{"my account.txt", "fixture:duplicates/accounts/priya-shah-complaint-edited-15.txt"}});
  c.add("P003", {{"account.txt", "fixture:duplicates/accounts/tom-reilly-complaint.txt"}});
  c.add("P004", {{"account.txt", "fixture:duplicates/accounts/aisha-khan-complaint.txt"}});
  auto groups = c.find();
  INFO(Catch::Detail::stringify(summary(groups)));
  REQUIRE(groups.size() == 1);  // the three versions of Priya's account form one group
  const auto& g = groups[0];
  CHECK(g.kind == query::DuplicateKind::near);
  CHECK(g.cross_apprentice);
  CHECK(g.apprentices == std::vector<std::string>{"P001", "P002"});
  CHECK(g.items.size() == 3);
  CHECK(g.similarity >= 0.55);  // the draft, 5 % edited
  CHECK(g.similarity < 1.0);
  CHECK(g.pairs.size() >= 2);
  for (const auto& p : g.pairs) {
    CHECK(p.a < p.b);
    CHECK(p.b < g.items.size());
    CHECK(p.similarity >= query::k_default_near_threshold);
  }
  CHECK_THAT(g.reason, Catch::StartsWith("near copies"));
  // A higher threshold keeps the draft (about 0.7) and drops the 15 % copy (about 0.4).
  auto strict = c.find("", 0.55);
  INFO(Catch::Detail::stringify(summary(strict)));
  REQUIRE(strict.size() == 1);
  CHECK(strict[0].apprentices == std::vector<std::string>{"P001"});
  CHECK_FALSE(strict[0].cross_apprentice);
  // Per apprentice: P003 has nothing; P002 sees the group with P001.
  CHECK(c.find("P003").empty());
  CHECK(c.find("P002").size() == 1);
}

TEST_CASE("duplicates: shared forms are not copying, a copied filled-in form is", "[duplicates]") {
  Cohort c;
  c.add("P001", {{"Declaration.docx", "fixture:duplicates/forms/declaration-priya-shah.docx"},
                 {"witness.docx", "fixture:duplicates/forms/witness-statement-priya-shah.docx"},
                 {"witness form.docx", "fixture:duplicates/forms/witness-statement-blank.docx"},
                 {"declaration form.docx", "fixture:duplicates/forms/declaration-blank.docx"},
                 {"review.odt", "fixture:duplicates/forms/progress-review-tom-reilly.odt"}});
  c.add("P002", {{"Declaration.docx", "fixture:duplicates/forms/declaration-jordan-lee.docx"},
                 {"witness.docx", "fixture:duplicates/forms/witness-statement-copied.docx"},
                 {"blank witness.docx", "fixture:duplicates/forms/witness-statement-blank.docx"},
                 {"blank.docx", "fixture:duplicates/forms/declaration-blank.docx"},
                 {"review.odt", "fixture:duplicates/forms/progress-review-aisha-khan.odt"},
                 {"review form.odt", "fixture:duplicates/forms/progress-review-blank.odt"}});
  c.add("P003", {{"review form.odt", "fixture:duplicates/forms/progress-review-blank.odt"}});
  auto groups = c.find();
  INFO(Catch::Detail::stringify(summary(groups)));
  // Jordan copied Priya's filled-in witness statement, changing the names.
  CHECK(has_group(groups, "near", {{"P001", "witness.docx"}, {"P002", "witness.docx"}}));
  // Blank built-in forms handed in by both are not reported, not even as byte-identical files;
  // declarations filled in by two colleagues at one employer on one day are not copies either.
  for (const char* path : {"witness form.docx", "declaration form.docx", "Declaration.docx"}) {
    CHECK_FALSE(mentions(groups, "P001", path));
  }
  // The provider's review form is unknown to evidex, but three apprentices hold its text (blank
  // and filled in): a template by frequency, so neither the blank copies (the same file) nor the
  // filled-in reviews (its questions in common) are copying.
  CHECK_FALSE(has_group(groups, "exact", {{"P002", "review form.odt"}, {"P003", "review form.odt"}}));
  CHECK_FALSE(mentions(groups, "P001", "review.odt"));
  CHECK(groups.size() == 1);

  // Registered (from the text of the blank form as stored), its text no longer counts.
  auto blank = c.store.item("P003", "review form.odt");
  REQUIRE(blank);
  auto added = indexer::add_template(c.store, "Harbourside review", c.store.item_text(blank->id));
  CHECK(added.added);
  CHECK(added.signatures == c.store.items("P001").size() + c.store.items("P002").size() + 1);
  groups = c.find();
  INFO(Catch::Detail::stringify(summary(groups)));
  CHECK_FALSE(mentions(groups, "P001", "review.odt"));
  CHECK_FALSE(mentions(groups, "P002", "review form.odt"));
  CHECK(groups.size() == 1);  // the copied witness statement
  // Removed, it is still a template by frequency.
  REQUIRE(indexer::remove_template(c.store, added.record.id));
  CHECK(c.find().size() == 1);
}

TEST_CASE("duplicates: a large cluster of near copies is one group", "[duplicates]") {
  // 120 drafts of one account, each 2 % edited: many share a band key, and an LSH bucket of more
  // than 64 is linked as a star and a chain instead of pair by pair.
  Cohort c;
  std::vector<std::pair<std::string, std::string>> files;
  std::map<std::uint64_t, std::size_t> bucket;
  auto maker = builtin_maker();
  for (unsigned i = 0; i < 120; ++i) {
    std::string text = edited(account("aisha-khan-complaint"), 0.02, i + 1);
    auto keys = query::lsh_band_keys(maker.make(text).minhash.data());
    for (std::uint64_t key : keys) {
      ++bucket[key];
    }
    files.emplace_back("drafts/draft-" + std::to_string(100 + i) + ".txt", text);
  }
  std::size_t largest = 0;
  for (const auto& [key, n] : bucket) {
    largest = std::max(largest, n);
  }
  CHECK(largest > 64);
  files.emplace_back("other.txt", account("ben-okafor-complaint"));
  c.add("P004", files);
  auto groups = c.find();
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].kind == query::DuplicateKind::near);
  CHECK(groups[0].items.size() == 120);
  CHECK_FALSE(mentions(groups, "P004", "other.txt"));
  CHECK(groups[0].pairs.size() >= 119);  // at least a spanning tree
}
