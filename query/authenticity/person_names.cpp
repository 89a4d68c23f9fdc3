#include "query/authenticity/person_names.hpp"

#include "mapping/evidence_map/file_names.hpp"

#include <algorithm>
#include <array>

namespace evidex::query {
namespace {

bool is_title(const std::string& word) {
  static constexpr std::array<std::string_view, 6> titles{"mr", "mrs", "ms", "miss", "mx", "dr"};
  return std::find(titles.begin(), titles.end(), word) != titles.end();
}

bool is_initial_of(const std::string& initial, const std::string& word) {
  return initial.size() == 1 && !word.empty() && word.front() == initial.front();
}

}  // namespace

std::vector<std::string> name_words(std::string_view name) {
  std::string ordered(name);
  // "Patel, Sam": surname first, as registers and sign-in sheets write it.
  if (auto comma = ordered.find(','); comma != std::string::npos && ordered.find(',', comma + 1) == std::string::npos) {
    ordered = ordered.substr(comma + 1) + " " + ordered.substr(0, comma);
  }
  std::vector<std::string> words;
  std::string normal = mapping::normalise_name(ordered);
  for (std::size_t start = 0; start < normal.size();) {
    std::size_t end = normal.find(' ', start);
    if (end == std::string::npos) {
      end = normal.size();
    }
    std::string word = normal.substr(start, end - start);
    if (!word.empty() && !is_title(word)) {
      words.push_back(std::move(word));
    }
    start = end + 1;
  }
  return words;
}

NameMatch compare_names(std::string_view written, std::string_view registered) {
  auto a = name_words(written);
  auto b = name_words(registered);
  if (a.empty() || b.empty()) {
    return NameMatch::different;
  }
  auto sorted_a = a, sorted_b = b;
  std::sort(sorted_a.begin(), sorted_a.end());
  std::sort(sorted_b.begin(), sorted_b.end());
  if (sorted_a == sorted_b) {
    return NameMatch::same;
  }
  if (a.size() < 2 || b.size() < 2) {
    return NameMatch::different;
  }
  // A registered initial is all the register knows: a full word starting with it agrees.
  auto agrees = [](const std::string& w, const std::string& r) { return w == r || is_initial_of(r, w); };
  if (agrees(a.front(), b.front()) && agrees(a.back(), b.back()) && a.front().size() > 1 && a.back().size() > 1) {
    return NameMatch::same;  // middle names or middle initials on one side only
  }
  auto fits = [](const std::string& w, const std::string& r) { return w == r || is_initial_of(w, r); };
  bool has_initial = std::any_of(a.begin(), a.end(), [](const std::string& w) { return w.size() == 1; });
  if (has_initial && fits(a.front(), b.front()) && fits(a.back(), b.back())) {
    return NameMatch::initials;
  }
  if (a.back() == b.back() && a.front().size() > 1 && b.front().size() > 1 &&
      (a.front().rfind(b.front(), 0) == 0 || b.front().rfind(a.front(), 0) == 0)) {
    return NameMatch::short_form;
  }
  return NameMatch::different;
}

}  // namespace evidex::query
