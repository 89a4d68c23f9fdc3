/** @file
 * @brief `evidex search`: Xapian's query parser over the index (English stemming, phrases,
 * AND/OR/NOT, wildcards, and the fields ksb:, type:, apprentice:, path:), ranked hits with a
 * highlighted snippet from the passage that matched, the item's tags and, for paged documents,
 * the page the snippet comes from.
 */
#pragma once

#include "indexer/store/store.hpp"
#include "query/render/render.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace evidex::query {

struct SearchOptions {
  std::string query;
  std::string apprentice;  // empty: every apprentice
  /// When set, only these apprentices' evidence can match (none, for an empty list), whatever the
  /// query text says: how the web server keeps a visitor to the evidence they may read.
  std::optional<std::vector<std::string>> only_apprentices;
  std::string ksb;         // a criterion every hit must be tagged with (tags that stand)
  std::string type;        // a short type: pdf, docx, eml ...
  std::size_t limit = 20;
  std::size_t offset = 0;
  /// Without snippets and pages a hit costs no read of its text: for counting hits by criterion
  /// and type over more of them than a page shows.
  bool snippets = true;
};

struct SearchHit {
  std::string apprentice;
  std::string path;
  std::string type;
  double score = 0;
  int percent = 0;
  std::string snippet_html;  // HTML-escaped, matches in <mark>…</mark>
  std::string snippet;       // plain text, matches in [brackets]
  std::string marked;        // plain text, matches between \x01 and \x02 (for terminal colour)
  std::vector<std::string> tags;  // criteria the item covers (explicit, map, manual)
  std::optional<int> page;        // 1-based, for items with more than one page
};

struct SearchResult {
  std::size_t total = 0;  // Xapian's estimate of all matches
  std::size_t offset = 0;
  std::vector<SearchHit> hits;
  std::string parsed;  // the query as Xapian understood it, for --explain
};

/// Throws UsageError when the query cannot be parsed, InputError when the store has no index.
SearchResult search(indexer::Store& store, const SearchOptions& options);

nlohmann::json search_json(const SearchResult& result);
/// The search hits in each medium (query/render/render.hpp): render(result, format, colour).
template <>
struct Media<SearchResult> {
  static nlohmann::json json_value(const SearchResult& result);  // search_json
  static std::string csv(const SearchResult& result);
  static std::string text(const SearchResult& result, bool colour);
};

}  // namespace evidex::query
