#include "query/search/search.hpp"

#include "query/render/terminal_text.hpp"

#include "indexer/store/index_writer.hpp"
#include "indexer/util/errors.hpp"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>
#include <sstream>

namespace evidex::query {

using nlohmann::json;

namespace {

constexpr std::size_t k_snippet_bytes = 240;
// Snippet highlight markers that cannot occur in extracted text (it is sanitised UTF-8 without
// C0 controls other than tab, newline and form feed).
const std::string k_hi_start = "\x01";
const std::string k_hi_end = "\x02";

std::string upper(std::string s) {
  for (auto& c : s) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return s;
}

std::string lower(std::string s) {
  for (auto& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

// ksb:12s3 and ksb:12S3 are the same criterion; the index holds the canonical upper case.
class CriterionField : public Xapian::FieldProcessor {
public:
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(indexer::boolean_term(indexer::k_prefix_criterion, upper(value)));
  }
};

// type:PDF and type:pdf alike.
class TypeField : public Xapian::FieldProcessor {
public:
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(indexer::boolean_term(indexer::k_prefix_type, lower(value)));
  }
};

class ApprenticeField : public Xapian::FieldProcessor {
public:
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(indexer::boolean_term(indexer::k_prefix_apprentice, value));
  }
};

std::string unescape_html(const std::string& s) {
  static const std::pair<const char*, const char*> entities[] = {
      {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&apos;", "'"}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool replaced = false;
    if (s[i] == '&') {
      for (const auto& [entity, ch] : entities) {
        if (s.compare(i, std::char_traits<char>::length(entity), entity) == 0) {
          out += ch;
          i += std::char_traits<char>::length(entity);
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) {
      out += s[i++];
    }
  }
  return out;
}

std::string replace_markers(const std::string& s, const std::string& start, const std::string& end) {
  std::string out;
  for (char c : s) {
    if (c == k_hi_start[0]) {
      out += start;
    } else if (c == k_hi_end[0]) {
      out += end;
    } else {
      out += c;
    }
  }
  return out;
}

// The snippet with its highlights in colour. Only the text between the markers is escaped, so that
// the colour codes evidex adds still work while none from the document can.
std::string coloured_snippet(const std::string& marked, const std::string& start, const std::string& end) {
  std::string out;
  std::string run;
  for (char c : marked) {
    if (c == k_hi_start[0] || c == k_hi_end[0]) {
      out += terminal_text(run);
      out += c == k_hi_start[0] ? start : end;
      run.clear();
    } else {
      run += c;
    }
  }
  return out + terminal_text(run);
}

std::string one_line(std::string s) {
  for (auto& c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == '\f') {
      c = ' ';
    }
  }
  return s;
}

// The page (0-based) holding most of the query's words in this document, from the positions of
// its unstemmed terms (stemmed terms carry no positions).
std::optional<std::size_t> best_page(const Xapian::Database& db, Xapian::docid doc, const std::vector<std::string>& matching,
                                     const json& page_starts, const Xapian::Stem& stem) {
  if (!page_starts.is_array() || page_starts.size() < 2) {
    return std::nullopt;
  }
  std::set<std::string> wanted_stems;
  std::set<std::string> wanted_terms;
  for (const auto& t : matching) {
    if (!t.empty() && t[0] == 'Z') {
      wanted_stems.insert(t.substr(1));
    } else if (!t.empty() && std::islower(static_cast<unsigned char>(t[0]))) {
      wanted_terms.insert(t);
    }
  }
  std::vector<Xapian::termpos> starts;
  for (const auto& s : page_starts) {
    starts.push_back(s.get<Xapian::termpos>());
  }
  std::vector<std::size_t> hits(starts.size(), 0);
  for (auto t = db.termlist_begin(doc); t != db.termlist_end(doc); ++t) {
    const std::string term = *t;
    if (term.empty() || !std::islower(static_cast<unsigned char>(term[0]))) {
      continue;  // prefixed (boolean or field) terms
    }
    if (!wanted_terms.count(term) && !wanted_stems.count(stem(term))) {
      continue;
    }
    for (auto p = db.positionlist_begin(doc, term); p != db.positionlist_end(doc, term); ++p) {
      auto page = std::upper_bound(starts.begin(), starts.end(), *p) - starts.begin();
      if (page > 0) {
        ++hits[static_cast<std::size_t>(page - 1)];
      }
    }
  }
  auto best = std::max_element(hits.begin(), hits.end());
  if (*best == 0) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(best - hits.begin());
}

// Snippets and page choice stem every word of every hit's text, and hits (and the searches of one
// process) repeat most words: the English stemmer with its answers remembered, up to a bound.
class RememberingStem : public Xapian::StemImplementation {
public:
  std::string operator()(const std::string& word) override {
    auto found = m_stems.find(word);
    if (found == m_stems.end()) {
      if (m_stems.size() >= k_most_words) {
        m_stems.clear();
      }
      found = m_stems.emplace(word, m_stem(word)).first;
    }
    return found->second;
  }
  std::string get_description() const override { return m_stem.get_description(); }

private:
  static constexpr std::size_t k_most_words = 200000;
  Xapian::Stem m_stem{"english"};
  std::unordered_map<std::string, std::string> m_stems;
};

// The item's short type: its one lower-case type term (T + type; the upper-case ones are the MIME type's).
std::string type_of(const Xapian::Database& db, Xapian::docid doc) {
  std::string type;
  auto t = db.termlist_begin(doc);
  for (t.skip_to(indexer::k_prefix_type); t != db.termlist_end(doc); ++t) {
    const std::string term = *t;
    if (term.rfind(indexer::k_prefix_type, 0) != 0) {
      break;
    }
    if (term.size() > 1 && std::islower(static_cast<unsigned char>(term[1]))) {
      type = term.substr(1);
    }
  }
  return type;
}

std::string page_text(const std::string& text, std::size_t page) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < page; ++i) {
    start = text.find('\f', start);
    if (start == std::string::npos) {
      return {};
    }
    ++start;
  }
  std::size_t end = text.find('\f', start);
  return text.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

SearchResult search(indexer::Store& store, const SearchOptions& options) {
  if (options.query.find_first_not_of(" \t") == std::string::npos && options.ksb.empty() && options.type.empty()) {
    throw UsageError("QUERY: give words to look for, or --ksb / --type");
  }
  if (!std::filesystem::exists(store.xapian_dir())) {
    if (store.apprentices().empty()) {
      throw InputError(store.xapian_dir().string() + ": no search index in this store (run 'evidex ingest' first)");
    }
    // The records are there, so the index was lost: searching nothing would answer "no hits".
    throw StoreError(store.xapian_dir().string() + ": the search index is missing; run 'evidex reindex'");
  }
  SearchResult result;
  result.offset = options.offset;
  try {
    Xapian::Database db(store.xapian_dir().string());
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    // One per thread: Xapian::Stem shares its implementation, which is not safe to call concurrently.
    thread_local const Xapian::Stem stem(new RememberingStem);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_database(db);
    // Every word must match unless the query says OR: an assessor looking for "complaint
    // escalation" wants the passages about both.
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.add_boolean_prefix("ksb", (new CriterionField)->release());
    parser.add_boolean_prefix("type", (new TypeField)->release());
    parser.add_boolean_prefix("apprentice", (new ApprenticeField)->release());
    parser.add_prefix("path", indexer::k_prefix_path_words);
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                     Xapian::QueryParser::FLAG_PURE_NOT;  // operators in capitals: "not happy" is two words
    Xapian::Query query;
    if (options.query.find_first_not_of(" \t") != std::string::npos) {
      try {
        query = parser.parse_query(options.query, flags);
      } catch (const Xapian::QueryParserError& e) {
        throw UsageError("QUERY: " + e.get_msg() + " in '" + options.query + "'");
      }
    }
    std::vector<Xapian::Query> filters;
    if (!options.apprentice.empty()) {
      filters.emplace_back(indexer::boolean_term(indexer::k_prefix_apprentice, options.apprentice));
    }
    if (options.only_apprentices) {
      std::vector<Xapian::Query> allowed;
      for (const auto& a : *options.only_apprentices) {
        allowed.emplace_back(indexer::boolean_term(indexer::k_prefix_apprentice, a));
      }
      // An empty OR matches nothing: a visitor who may read nobody finds nothing.
      filters.emplace_back(Xapian::Query::OP_OR, allowed.begin(), allowed.end());
    }
    if (!options.ksb.empty()) {
      filters.emplace_back(indexer::boolean_term(indexer::k_prefix_criterion, upper(options.ksb)));
    }
    if (!options.type.empty()) {
      filters.emplace_back(indexer::boolean_term(indexer::k_prefix_type, lower(options.type)));
    }
    for (const auto& f : filters) {
      query = query.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, f, 0)
                            : Xapian::Query(Xapian::Query::OP_FILTER, query, f);
    }
    result.parsed = query.get_description();

    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                         static_cast<Xapian::doccount>(options.limit), 100);
    result.total = mset.get_matches_estimated();

    for (auto m = mset.begin(); m != mset.end(); ++m) {
      Xapian::Document doc = m.get_document();
      json data = json::parse(doc.get_data(), nullptr, false);
      if (data.is_discarded()) {
        continue;
      }
      SearchHit hit;
      hit.apprentice = data.value("apprentice", "");
      hit.path = data.value("path", "");
      hit.score = m.get_weight();
      hit.percent = m.get_percent();
      hit.type = type_of(db, *m);
      if (!options.snippets) {
        result.hits.push_back(std::move(hit));
        continue;
      }

      std::string text = store.item_text(data.value("item", std::int64_t{0}));
      const json& page_starts = data["page_starts"];
      if (page_starts.is_array() && page_starts.size() >= 2) {
        std::vector<std::string> matching(enquire.get_matching_terms_begin(m), enquire.get_matching_terms_end(m));
        if (auto page = best_page(db, *m, matching, page_starts, stem)) {
          hit.page = static_cast<int>(*page) + 1;
          text = page_text(text, *page);
        }
      }
      std::string raw = mset.snippet(one_line(text), k_snippet_bytes, stem,
                                     Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                     k_hi_start, k_hi_end, "…");
      hit.snippet_html = replace_markers(raw, "<mark>", "</mark>");
      hit.marked = unescape_html(raw);
      hit.snippet = replace_markers(hit.marked, "[", "]");
      result.hits.push_back(std::move(hit));
    }
    std::vector<std::pair<std::string, std::string>> paths;
    for (const auto& hit : result.hits) {
      paths.emplace_back(hit.apprentice, hit.path);
    }
    auto refs = store.path_refs(paths, false);
    for (std::size_t i = 0; i < result.hits.size(); ++i) {
      result.hits[i].tags = std::move(refs[i]);
    }
  } catch (const Xapian::DatabaseError& e) {
    // Corrupt, truncated, unopenable or a wrong-version file: the records are intact, the index is not.
    throw StoreError(store.xapian_dir().string() + ": the search index is damaged (" + e.get_description() +
                     "); run 'evidex reindex'");
  } catch (const Xapian::Error& e) {
    throw StoreError(store.xapian_dir().string() + ": " + e.get_description());
  }
  return result;
}

json search_json(const SearchResult& r) {
  json hits = json::array();
  for (const auto& h : r.hits) {
    hits.push_back({{"apprentice", h.apprentice},
                    {"path", h.path},
                    {"type", h.type},
                    {"score", h.score},
                    {"percent", h.percent},
                    {"snippet", h.snippet_html},
                    {"snippet_text", h.snippet},
                    {"tags", h.tags},
                    {"page", h.page ? json(*h.page) : json(nullptr)}});
  }
  return {{"total", r.total}, {"offset", r.offset}, {"hits", std::move(hits)}};
}

nlohmann::json Media<SearchResult>::json_value(const SearchResult& r) { return search_json(r); }

std::string Media<SearchResult>::csv(const SearchResult& r) {
  std::string out = csv_row({"rank", "apprentice", "path", "page", "score", "tags", "snippet"});
  std::size_t rank = r.offset;
  for (const auto& h : r.hits) {
    std::string refs;
    for (const auto& t : h.tags) {
      refs += (refs.empty() ? "" : " ") + t;
    }
    std::ostringstream score;
    score << h.score;
    out += csv_row({std::to_string(++rank), h.apprentice, h.path, h.page ? std::to_string(*h.page) : "", score.str(),
                    refs, h.snippet});
  }
  return out;
}

std::string Media<SearchResult>::text(const SearchResult& r, bool colour) {
  const char* bold = colour ? "\033[1m" : "";
  const char* dim = colour ? "\033[2m" : "";
  const char* yellow = colour ? "\033[1;33m" : "";
  const char* reset = colour ? "\033[0m" : "";
  std::ostringstream out;
  if (r.hits.empty()) {
    out << "No matches.\n";
    return out.str();
  }
  std::size_t rank = r.offset;
  for (const auto& h : r.hits) {
    out << bold << ++rank << ". " << terminal_text(h.apprentice) << "  " << terminal_text(h.path) << reset;
    if (h.page) {
      out << "  (page " << *h.page << ")";
    }
    out << dim << "  " << h.percent << "%";
    if (!h.tags.empty()) {
      out << "  tags:";
      for (const auto& t : h.tags) {
        out << " " << t;
      }
    }
    out << reset << "\n";
    out << "   " << (colour ? coloured_snippet(h.marked, yellow, reset) : terminal_text(h.snippet)) << "\n\n";
  }
  out << "Showing " << r.offset + 1 << "–" << rank << " of about " << r.total << " matches\n";
  return out.str();
}

}  // namespace evidex::query
