#include "query/web/shared_passages.hpp"

#include "query/render/html.hpp"

#include <functional>
#include <unordered_set>

namespace evidex::web {
namespace {

struct Word {
  std::size_t begin = 0, end = 0;
  std::string folded;
};

// Letters and digits (any byte of a UTF-8 sequence counts as a letter), ASCII folded to lower case.
std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> words;
  std::size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (!(std::isalnum(c) || c >= 0x80)) {
      ++i;
      continue;
    }
    Word w;
    w.begin = i;
    while (i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) ||
                               static_cast<unsigned char>(text[i]) >= 0x80)) {
      w.folded += static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
      ++i;
    }
    w.end = i;
    words.push_back(std::move(w));
  }
  return words;
}

std::size_t run_hash(const std::vector<Word>& words, std::size_t at) {
  std::size_t h = 0;
  for (std::size_t k = 0; k < k_shared_run; ++k) {
    h = h * 1000003u ^ std::hash<std::string>{}(words[at + k].folded);
  }
  return h;
}

}  // namespace

std::vector<std::pair<std::size_t, std::size_t>> shared_ranges(std::string_view text, std::string_view other) {
  const auto mine = words_of(text);
  const auto theirs = words_of(other);
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  if (mine.size() < k_shared_run || theirs.size() < k_shared_run) {
    return ranges;
  }
  std::unordered_set<std::size_t> runs;
  for (std::size_t i = 0; i + k_shared_run <= theirs.size(); ++i) {
    runs.insert(run_hash(theirs, i));
  }
  for (std::size_t i = 0; i + k_shared_run <= mine.size(); ++i) {
    if (!runs.count(run_hash(mine, i))) {
      continue;
    }
    const std::size_t begin = mine[i].begin, end = mine[i + k_shared_run - 1].end;
    if (!ranges.empty() && begin <= ranges.back().second + 1) {
      ranges.back().second = std::max(ranges.back().second, end);
    } else {
      ranges.emplace_back(begin, end);
    }
  }
  return ranges;
}

std::string mark_ranges_html(std::string_view text, const std::vector<std::pair<std::size_t, std::size_t>>& ranges) {
  std::string html;
  std::size_t at = 0;
  for (const auto& [begin, end] : ranges) {
    html += query::html_escape(text.substr(at, begin - at));
    html += "<mark>" + query::html_escape(text.substr(begin, end - begin)) + "</mark>";
    at = end;
  }
  html += query::html_escape(text.substr(at));
  return html;
}

}  // namespace evidex::web
