// What duplicate detection compares: normalised text, word shingles, MinHash and its accuracy, the
// discounting of shared forms, and the signatures kept in the store.
#include "indexer/pipeline/ingest.hpp"
#include "indexer/store/signatures.hpp"
#include "indexer/store/templates.hpp"
#include "indexer/util/errors.hpp"
#include "query/iqa/duplicates.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <iostream>
#include <random>
#include <set>

using namespace evidex;
using namespace evidex::test;
namespace fs = std::filesystem;

namespace {

std::string norm(std::string_view text) { return indexer::normalise_for_comparison(text); }

std::vector<std::uint64_t> shingles_of(std::string_view text) {
  std::string n = norm(text);
  return indexer::shingle_hashes(indexer::split_words(n));
}

/// Two sets of distinct synthetic shingle hashes with `common` shared and `only` in each alone:
/// Jaccard = common / (common + 2 * only).
std::pair<std::vector<std::uint64_t>, std::vector<std::uint64_t>> sets_with(std::size_t common, std::size_t only,
                                                                            std::mt19937_64& rng) {
  std::vector<std::uint64_t> a, b;
  for (std::size_t i = 0; i < common; ++i) {
    std::uint64_t s = rng();
    a.push_back(s);
    b.push_back(s);
  }
  for (std::size_t i = 0; i < only; ++i) {
    a.push_back(rng());
    b.push_back(rng());
  }
  return {a, b};
}

std::string declaration_text() {
  for (const auto& t : indexer::builtin_templates()) {
    if (t.key == "declaration-of-authenticity") {
      return t.text;
    }
  }
  FAIL("no built-in declaration");
  return {};
}

std::vector<std::string> builtin_texts() {
  std::vector<std::string> texts;
  for (const auto& t : indexer::builtin_templates()) {
    texts.push_back(t.text);
  }
  return texts;
}

}  // namespace

TEST_CASE("normalised text: case, compatibility forms, punctuation, whitespace and form feeds", "[duplicates]") {
  CHECK(norm("Hello,  World!\fNext\tpage\r\n") == "hello world next page");
  CHECK(norm("Evidence for 12S3, 12S6 and 2.K1.") == "evidence for 12s3 12s6 and 2 k1");
  CHECK(norm("\xEF\xAC\x81le") == "file");                      // the ligature "ﬁ"
  CHECK(norm("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3") == "abc");   // full-width "ＡＢＣ"
  CHECK(norm("STRASSE") == norm("stra\xC3\x9F" "e"));             // "straße" case-folds to "strasse"
  CHECK(norm("caf\xC3\xA9") == norm("cafe\xCC\x81"));             // precomposed é = e + combining acute
  CHECK(norm("caf\xC3\xA9") != norm("cafe"));                     // accents are kept
  CHECK(norm("don't") == "dont");
  CHECK(norm("don\xE2\x80\x99t") == "dont");                      // typographic apostrophe
  CHECK(norm("escala\xC2\xADtion") == "escalation");              // soft hyphen
  CHECK(norm("co-operate \xE2\x80\x94 fully") == "co operate fully");  // hyphen and em dash separate
  CHECK(norm("") == "");
  CHECK(norm(" \f\n\t ...  ") == "");
  CHECK(norm("bad\xFF\xFEutf8") == "bad utf8");                   // invalid bytes separate words
  // A .docx and its PDF export break lines differently and nothing else: the same text.
  CHECK(norm("handling a complaint and escalating it\nto my team leader") ==
        norm("Handling a complaint and escalating\nit to my team leader"));
}

TEST_CASE("shingles: four consecutive words, in order", "[duplicates]") {
  CHECK(indexer::split_words("a bb ccc") == std::vector<std::string_view>{"a", "bb", "ccc"});
  CHECK(indexer::split_words("").empty());
  CHECK(shingles_of("one two three").empty());
  CHECK(shingles_of("one two three four").size() == 1);
  CHECK(shingles_of("one two three four five six").size() == 3);
  CHECK(shingles_of("One, two; THREE four") == shingles_of("one two three four"));
  CHECK(shingles_of("two one three four") != shingles_of("one two three four"));
  // Every shingle of a text shares three words with the next one, yet all differ.
  auto s = shingles_of("the customer rang about the refund that the customer was owed");
  CHECK(std::set<std::uint64_t>(s.begin(), s.end()).size() == s.size());
}

TEST_CASE("MinHash estimates the Jaccard similarity within its standard error", "[duplicates]") {
  std::mt19937_64 rng(7);
  double worst_in_sd = 0;
  std::cout << "MinHash (" << indexer::k_minhash_size << " hashes) against exact Jaccard:\n";
  for (std::size_t common : {20u, 60u, 120u, 200u, 300u, 400u}) {
    double total_error = 0;
    double exact = 0;
    constexpr int trials = 40;
    for (int t = 0; t < trials; ++t) {
      auto [a, b] = sets_with(common, (400 - common) / 2 + 10, rng);
      exact = indexer::jaccard(a, b);
      double estimate = indexer::estimate_similarity(indexer::minhash(a), indexer::minhash(b));
      double sd = std::sqrt(exact * (1 - exact) / static_cast<double>(indexer::k_minhash_size));
      worst_in_sd = std::max(worst_in_sd, std::abs(estimate - exact) / sd);
      total_error += std::abs(estimate - exact);
    }
    std::cout << "  J = " << exact << ": mean absolute error " << total_error / trials << "\n";
    CHECK(total_error / trials < 0.05);
  }
  std::cout << "  worst error: " << worst_in_sd << " standard errors\n";
  CHECK(worst_in_sd < 4.5);
  // Identical sets agree everywhere; disjoint ones (almost) nowhere.
  auto [a, b] = sets_with(0, 300, rng);
  CHECK(indexer::estimate_similarity(indexer::minhash(a), indexer::minhash(a)) == 1.0);
  CHECK(indexer::estimate_similarity(indexer::minhash(a), indexer::minhash(b)) < 0.03);
  CHECK(indexer::minhash({}) == std::vector<std::uint32_t>(indexer::k_minhash_size, UINT32_MAX));
}

TEST_CASE("LSH banding finds pairs at the threshold, and few unrelated ones", "[duplicates]") {
  std::mt19937_64 rng(11);
  auto candidate_rate = [&](std::size_t common, std::size_t only, double& exact) {
    int found = 0;
    constexpr int trials = 1000;
    for (int t = 0; t < trials; ++t) {
      auto [a, b] = sets_with(common, only, rng);
      exact = indexer::jaccard(a, b);
      auto ka = query::lsh_band_keys(indexer::minhash(a).data());
      auto kb = query::lsh_band_keys(indexer::minhash(b).data());
      bool shared = false;
      for (std::size_t band = 0; band < ka.size(); ++band) {
        shared |= ka[band] == kb[band];
      }
      found += shared;
    }
    return static_cast<double>(found) / trials;
  };
  double j_threshold = 0, j_above = 0, j_unrelated = 0;
  double at_threshold = candidate_rate(100, 200, j_threshold);  // 100 / 500 = 0.2
  double above = candidate_rate(150, 175, j_above);             // 150 / 500 = 0.3
  double unrelated = candidate_rate(5, 200, j_unrelated);       // 5 / 405
  std::cout << "LSH (" << query::k_bands << " bands of " << query::k_band_rows << "): candidates at J = " << j_threshold
            << ": " << at_threshold << ", at J = " << j_above << ": " << above << ", at J = " << j_unrelated << ": "
            << unrelated << "\n";
  CHECK(j_threshold == Approx(query::k_default_near_threshold));
  CHECK(at_threshold >= 0.88);  // theory: 1 - (1 - 0.2^2)^64 = 0.927
  CHECK(above >= 0.98);         // theory: 0.9975
  CHECK(unrelated <= 0.05);     // theory: 0.0097
}

TEST_CASE("signatures: blank forms and filled-in forms are not compared, accounts are", "[duplicates]") {
  indexer::SignatureMaker plain({});
  indexer::SignatureMaker with_forms(builtin_texts());
  std::string account = read_file(fixture("duplicates/accounts/priya-shah-complaint.txt"));

  auto acc = with_forms.make(account);
  CHECK(acc.compared());
  CHECK(acc.minhash.size() == indexer::k_minhash_size);
  CHECK(acc.text_hash == plain.make(account).text_hash);
  CHECK(acc.own_words == acc.words);  // nothing in it is a form

  // The blank declaration: plenty of words, none of them the apprentice's own.
  std::string blank = declaration_text();
  auto without = plain.make(blank);
  CHECK(without.compared());  // without the template it would look like evidence
  auto b = with_forms.make(blank);
  CHECK_FALSE(b.compared());
  CHECK(b.words > 100);
  CHECK(b.own_words == 0);
  CHECK(b.shingles < indexer::k_min_shingles);

  // Filled in: names, signatures and dates are the apprentice's own, but a small part of the text.
  std::string filled = blank;
  for (auto [label, value] : {std::pair{"Apprentice name\t", "Apprentice name\tPriya Shah"},
                              {"Apprentice signature\t", "Apprentice signature\tP. Shah"},
                              {"Employer name\t", "Employer name\tBrightwater Energy (Helen Carter, Team Leader)"}}) {
    filled.replace(filled.find(label), std::string(label).size(), value);
  }
  auto f = with_forms.make(filled);
  CHECK_FALSE(f.compared());
  CHECK(f.shingles >= indexer::k_min_shingles);
  CHECK(f.own_words * indexer::k_own_words_fraction < f.words);

  // An account with the declaration pasted after it is still mostly the apprentice's own text.
  auto both = with_forms.make(account + "\n\n" + blank);
  CHECK(both.compared());
  CHECK(indexer::estimate_similarity(both.minhash, acc.minhash) > 0.9);

  // Too little text to compare: a caption, an empty item.
  CHECK_FALSE(with_forms.make("Screenshot of the CRM notes for case 0147, taken on 12 February").compared());
  auto empty = with_forms.make("");
  CHECK(empty.text_hash.empty());
  CHECK_FALSE(empty.compared());
}

TEST_CASE("signatures: MinHash blobs round-trip, a wrong size reads as none", "[duplicates]") {
  std::vector<std::uint32_t> values(indexer::k_minhash_size);
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = static_cast<std::uint32_t>(i * 2654435761u);
  }
  std::string blob = indexer::encode_minhash(values);
  CHECK(blob.size() == 4 * indexer::k_minhash_size);
  CHECK(indexer::decode_minhash(blob) == values);
  CHECK(indexer::decode_minhash(blob.substr(1)).empty());
  CHECK(indexer::encode_minhash({}).empty());
}

TEST_CASE("signatures in the store: computed for items lacking one, forgotten when templates change",
          "[duplicates]") {
  TempDir dir;
  fs::create_directories(dir / "bundle");
  fs::copy_file(fixture("duplicates/accounts/tom-reilly-complaint.txt"), dir / "bundle" / "account.txt");
  fs::copy_file(fixture("duplicates/forms/progress-review-tom-reilly.odt"), dir / "bundle" / "review.odt");
  write_file(dir / "bundle" / "empty.txt", "");
  indexer::Store store(dir / "store", indexer::Store::Mode::write);
  indexer::IngestOptions options;
  options.source = dir / "bundle";
  options.apprentice = {"P003", "Tom Reilly", "", ""};
  indexer::ingest(store, options);

  CHECK(indexer::missing_signatures(store) == 3);
  auto before = indexer::comparable_items(store);  // computed in memory, nothing written
  CHECK(indexer::missing_signatures(store) == 3);
  CHECK(indexer::update_signatures(store) == 3);
  CHECK(indexer::missing_signatures(store) == 0);
  CHECK(indexer::update_signatures(store) == 0);
  auto after = indexer::comparable_items(store);
  REQUIRE(after.size() == 3);
  for (std::size_t i = 0; i < after.size(); ++i) {
    INFO(after[i].path);
    CHECK(after[i].text_hash == before[i].text_hash);
    CHECK(after[i].shingles == before[i].shingles);
    CHECK(after[i].minhash == before[i].minhash);
  }
  CHECK(after[0].path == "account.txt");
  CHECK(after[0].minhash.size() == indexer::k_minhash_size);
  CHECK(after[1].path == "empty.txt");
  CHECK(after[1].text_hash.empty());
  CHECK(after[1].minhash.empty());

  // Registering the review form forgets every signature and recomputes them without its text.
  std::uint32_t review_shingles = after[2].shingles;
  std::string form = "Harbourside Training: Monthly Progress Review\n"
                     "Complete every section in your own words before the review meeting. Your skills coach will add "
                     "comments and agree your targets with you and your manager.\n"
                     "1. What have you done at work since your last review that you are most proud of, and why?\n";
  auto added = indexer::add_template(store, "review", form);
  CHECK(added.added);
  CHECK(added.record.id == 1);
  CHECK(added.signatures == 3);
  CHECK(indexer::missing_signatures(store) == 0);
  CHECK(indexer::comparable_items(store)[2].shingles < review_shingles);
  // The same text again (however spaced or cased) is the same template.
  auto again = indexer::add_template(store, "again", "  " + form + "\n");
  CHECK_FALSE(again.added);
  CHECK(again.record.id == 1);
  CHECK(indexer::templates(store).size() == indexer::builtin_templates().size() + 1);
  CHECK_THROWS_AS(indexer::add_template(store, "short.txt", "Name: Date: Signature:"), InputError);
  CHECK_THROWS_WITH(indexer::add_template(store, "decl.txt", declaration_text()),
                    Catch::Contains("decl.txt") && Catch::Contains("built-in"));

  CHECK(indexer::remove_template(store, 1) == std::optional<std::size_t>(3));
  CHECK(indexer::comparable_items(store)[2].shingles == review_shingles);
  CHECK_FALSE(indexer::remove_template(store, 1));
}
