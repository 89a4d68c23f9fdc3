#include "mapping/tagger/inferred_tags.hpp"

#include "indexer/store/index_writer.hpp"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace evidex::mapping {
namespace {

// Words that carry no evidence: English function words, and the instructions the specification
// wraps every criterion in ("Apprentices will need to: Explain ... could include"). A criterion
// is recognised by what it is about, not by how the specification asks for it.
const std::unordered_set<std::string>& ignored_words() {
  static const std::unordered_set<std::string> words = {
      "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as",
      "at", "be", "been", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does",
      "doing", "during", "each", "etc", "for", "from", "further", "had", "has", "have", "having", "how",
      "i", "if", "in", "into", "is", "it", "its", "itself", "may", "might", "more", "most", "must", "no",
      "nor", "not", "of", "on", "once", "only", "or", "other", "our", "out", "over", "own", "same",
      "should", "so", "some", "such", "than", "that", "the", "their", "them", "themselves", "then",
      "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
      "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
      "will", "with", "within", "would", "you", "your", "yours", "e.g", "eg", "ie", "via",
      // the specification's framing
      "apprentice", "apprentices", "apprentice's", "need", "needs", "include", "includes", "including",
      "evidence", "examples", "example", "explain", "describe", "state", "identify", "show", "shows",
      "demonstrate", "use", "using", "used", "able", "ensure", "ensuring", "relevant", "appropriate",
      "appropriately", "way", "ways", "different", "range", "level", "levels", "well", "make", "made",
      "like", "look", "looks", "one", "two", "three"};
  return words;
}

struct WordInfo {
  std::string term;     // "Z" + stem, as the index writer's STEM_SOME produces
  std::string surface;  // the word as the standard writes it, for the justification
};

// Splits like Xapian's TermGenerator does for plain Latin text: runs of letters, digits and
// apostrophes; lower case; numbers are dropped (a year names no criterion).
std::vector<WordInfo> criterion_words(const std::string& text, const Xapian::Stem& stem) {
  std::vector<WordInfo> out;
  std::string word;
  auto flush = [&] {
    while (!word.empty() && word.back() == '\'') {
      word.pop_back();
    }
    if (word.size() >= 3 && !std::isdigit(static_cast<unsigned char>(word[0])) &&
        !ignored_words().count(word)) {
      out.push_back({"Z" + stem(word), word});
    }
    word.clear();
  };
  for (char ch : text) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || (c == '\'' && !word.empty()) || c >= 0x80) {
      word += static_cast<char>(std::tolower(c));
    } else {
      flush();
    }
  }
  flush();
  return out;
}

struct CriterionVector {
  const Criterion* criterion = nullptr;
  std::map<std::string, double> weights;  // term -> weight
  std::map<std::string, std::string> surface;
  double norm = 0;
};

}  // namespace

std::vector<InferredTag> infer_tags(const std::filesystem::path& xapian_dir, const std::string& apprentice,
                                    const std::vector<const Criterion*>& criteria,
                                    const std::set<std::int64_t>& items, const InferenceOptions& options) {
  if (items.empty() || criteria.empty()) {
    return {};
  }
  const Xapian::Stem stem("english");

  // Criterion vectors: term frequency in the criterion, times how rare the term is among the
  // criteria. The criterion text counts double: delivery content and evidence terms list
  // examples, the text says what the criterion is.
  std::vector<CriterionVector> vectors(criteria.size());
  std::unordered_map<std::string, int> criteria_using;
  for (std::size_t i = 0; i < criteria.size(); ++i) {
    vectors[i].criterion = criteria[i];
    std::map<std::string, double> tf;
    for (const auto& w : criterion_words(criteria[i]->text, stem)) {
      tf[w.term] += 2;
      vectors[i].surface.emplace(w.term, w.surface);
    }
    for (const auto& w : criterion_words(criteria[i]->delivery, stem)) {
      tf[w.term] += 1;
      vectors[i].surface.emplace(w.term, w.surface);
    }
    for (const auto& phrase : criteria[i]->evidence_terms) {
      for (const auto& w : criterion_words(phrase, stem)) {
        tf[w.term] += 1;
        vectors[i].surface.emplace(w.term, w.surface);
      }
    }
    for (const auto& [term, f] : tf) {
      ++criteria_using[term];
    }
    vectors[i].weights = std::move(tf);
  }
  const double n = static_cast<double>(criteria.size());
  std::unordered_map<std::string, double> idf;
  for (const auto& [term, df] : criteria_using) {
    idf[term] = std::log((n + 1) / (df + 0.5));
  }
  for (auto& v : vectors) {
    double sum = 0;
    for (auto& [term, w] : v.weights) {
      w = (1 + std::log(w)) * idf[term];
      sum += w * w;
    }
    v.norm = std::sqrt(sum);
  }

  Xapian::Database db(xapian_dir.string());
  const std::string apprentice_term = indexer::boolean_term(indexer::k_prefix_apprentice, apprentice);

  // Each item's length in the standard's vocabulary, for the cosine.
  std::map<Xapian::docid, std::int64_t> item_of_doc;
  std::map<Xapian::docid, double> doc_norm;
  for (std::int64_t id : items) {
    std::string q = indexer::boolean_term(indexer::k_prefix_item, std::to_string(id));
    for (auto p = db.postlist_begin(q); p != db.postlist_end(q); ++p) {
      item_of_doc[*p] = id;
      double sum = 0;
      for (auto t = db.termlist_begin(*p); t != db.termlist_end(*p); ++t) {
        auto it = idf.find(*t);
        if (it != idf.end()) {
          double w = (1 + std::log(static_cast<double>(t.get_wdf()))) *
                     std::log(static_cast<double>(db.get_doccount()) / db.get_termfreq(*t));
          sum += w * w;
        }
      }
      doc_norm[*p] = std::sqrt(sum);
    }
  }

  std::map<std::int64_t, std::vector<InferredTag>> by_item;
  Xapian::Enquire enquire(db);
  // l: 1 + log(wdf), so repeating a word helps less and less; t: log(N / documents with the word),
  // so a word every item uses ("customer", "call") says little about any one of them.
  enquire.set_weighting_scheme(Xapian::TfIdfWeight("ltn"));
  for (const auto& v : vectors) {
    std::vector<Xapian::Query> parts;
    for (const auto& [term, w] : v.weights) {
      if (w > 0) {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), w);
      }
    }
    if (parts.empty() || v.norm == 0) {
      continue;
    }
    Xapian::Query query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()),
                        Xapian::Query(apprentice_term));
    enquire.set_query(query);
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto m = mset.begin(); m != mset.end(); ++m) {
      auto item = item_of_doc.find(*m);
      if (item == item_of_doc.end() || doc_norm[*m] == 0) {
        continue;
      }
      double score = m.get_weight() / (v.norm * doc_norm[*m]);
      if (score < options.min_score) {
        // Dropped below in any case; asking for its matching terms reads the document's whole
        // termlist, which was most of the tagger's time on a large store (evidex_bench_query).
        continue;
      }
      InferredTag tag{item->second, v.criterion->ref, score, {}};
      std::vector<std::pair<double, std::string>> matched;
      for (auto t = enquire.get_matching_terms_begin(m); t != enquire.get_matching_terms_end(m); ++t) {
        auto w = v.weights.find(*t);
        if (w != v.weights.end()) {  // the apprentice filter term matches too
          matched.emplace_back(w->second, v.surface.at(*t));
        }
      }
      std::sort(matched.rbegin(), matched.rend());
      for (const auto& [w, word] : matched) {
        tag.terms.push_back(word);
      }
      by_item[item->second].push_back(std::move(tag));
    }
  }

  std::vector<InferredTag> out;
  for (auto& [item, tags] : by_item) {
    std::sort(tags.begin(), tags.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
    double best = tags.front().score;
    for (std::size_t i = 0; i < tags.size() && i < options.max_per_item; ++i) {
      if (tags[i].score >= options.min_share_of_best * best) {
        out.push_back(std::move(tags[i]));
      }
    }
  }
  return out;
}

}  // namespace evidex::mapping
