#include "mapping/tagger/reference_claims.hpp"

#include "mapping/evidence_map/file_names.hpp"
#include "mapping/evidence_map/tick_grid.hpp"

#include <algorithm>
#include <cctype>

namespace evidex::mapping {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool contains_any(const std::string& haystack, std::initializer_list<std::string_view> needles) {
  return std::any_of(needles.begin(), needles.end(),
                     [&](std::string_view n) { return haystack.find(n) != std::string::npos; });
}

std::size_t word_count(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  for (char ch : s) {
    bool word_char = std::isalnum(static_cast<unsigned char>(ch)) || static_cast<unsigned char>(ch) >= 0x80;
    words += word_char && !in_word;
    in_word = word_char;
  }
  return words;
}

/// Calls f(line) for each line; a form feed ends a line too.
template <class F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = std::min(text.find_first_of("\n\f", start), text.size());
    f(text.substr(start, end - start));
    start = end + 1;
  }
}

/// The line's first cell without the bullets, boxes and ticks a list puts before it.
std::string_view list_entry(std::string_view line) {
  line = line.substr(0, line.find('\t'));
  std::size_t p = 0;
  while (p < line.size()) {
    auto c = static_cast<unsigned char>(line[p]);
    if (c == ' ' || c == '-' || c == '*' || c == '[' || c == ']' || c == '(' || c == ')' || c == '|' || c == '\r') {
      ++p;
    } else if (c >= 0x80 && line.substr(p, 3).size() == 3 &&
               (line.substr(p, 3) == "\xE2\x80\xA2" || line.substr(p, 2) == "\xE2\x98" ||
                line.substr(p, 2) == "\xE2\x9C" || line.substr(p, 2) == "\xE2\x96")) {
      p += 3;  // • ☐ ☑ ✓ ✔ ▪ ■
    } else {
      break;
    }
  }
  return line.substr(p);
}

/// Whether the line starts with a criterion of the standard: "12S3 Resolve complaints ...".
bool starts_with_reference(std::string_view line, const Standard& standard) {
  std::string_view entry = list_entry(line);
  if (entry.empty() || !std::isalnum(static_cast<unsigned char>(entry.front()))) {
    return false;
  }
  auto refs = find_references(entry.substr(0, std::min<std::size_t>(entry.size(), 24)), standard);
  return !refs.empty() && refs.front().offset == 0;
}

std::string listing_name(std::string_view path, const Standard& standard) {
  std::string words = " " + normalise_name(stem_of(file_name_of(path))) + " ";
  if (contains_any(words, {" map ", " maps ", " mapping ", " mappings ", " evidencemap ", " ksbmap "})) {
    return "its name says it is an evidence map";
  }
  if (contains_any(words, {" tracker ", " matrix ", " checklist ", " check list ", " checklists ", " gap analysis ",
                           " assessment plan "})) {
    return "its name says it is a tracker or checklist";
  }
  if (words.find(" " + lower(standard.id) + " ") != std::string::npos ||
      contains_any(words, {" occupational standard", " apprenticeship standard", " standard ksbs ",
                           " ksb list ", " list of ksbs ", " criteria list "})) {
    return "its name says it is the standard or a list of its criteria";
  }
  return {};
}

/// Whether the line starting at line_start is among the first k_head_lines non-empty lines.
bool in_head(std::string_view text, std::size_t line_start) {
  std::size_t before = 0;
  for_each_line(text.substr(0, line_start), [&](std::string_view line) {
    before += line.find_first_not_of(" \t\r") != std::string_view::npos;
  });
  return before < k_head_lines;
}

}  // namespace

std::string list_reason(std::string_view path, std::string_view text, std::size_t distinct, const Standard& standard) {
  if (std::string why = listing_name(path, standard); !why.empty()) {
    return why;
  }
  if (distinct >= k_list_references) {
    return "it names " + std::to_string(distinct) + " criteria, as a list or checklist does";
  }
  std::size_t lines = 0;
  std::size_t listed = 0;
  std::size_t widest_row = 0;
  for_each_line(text, [&](std::string_view line) {
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
      return;
    }
    ++lines;
    listed += starts_with_reference(line, standard);
    if (line.find('\t') != std::string_view::npos) {
      std::size_t cells = 0;
      std::size_t from = 0;
      for (;;) {
        std::size_t tab = line.find('\t', from);
        cells += is_single_reference(line.substr(from, tab == std::string_view::npos ? tab : tab - from), standard);
        if (tab == std::string_view::npos) {
          break;
        }
        from = tab + 1;
      }
      widest_row = std::max(widest_row, cells);
    }
  });
  if (widest_row >= k_min_listed_lines) {
    return "a row of it lists " + std::to_string(widest_row) + " criteria, as a tick grid's header does";
  }
  if (listed >= k_min_listed_lines && static_cast<double>(listed) >= k_listed_share * static_cast<double>(lines)) {
    return std::to_string(listed) + " of its lines start with a criterion, as a checklist or a copy of the "
                                    "standard does";
  }
  return {};
}

std::string mention_reason(std::string_view text, const RefMatch& m) {
  if (m.offset > text.size()) {
    return {};
  }
  std::size_t line_start = text.find_last_of("\n\f", m.offset);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  std::size_t line_end = std::min(text.find_first_of("\n\f", m.offset), text.size());
  // The sentence: from the last ". " / "! " / "? " before the reference to the next after it.
  std::size_t start = line_start;
  for (std::size_t i = line_start; i + 1 < m.offset; ++i) {
    if ((text[i] == '.' || text[i] == '!' || text[i] == '?') && text[i + 1] == ' ') {
      start = i + 2;
    }
  }
  std::size_t end = line_end;
  for (std::size_t i = m.offset + m.span.size(); i + 1 < line_end; ++i) {
    if ((text[i] == '.' || text[i] == '!' || text[i] == '?') && text[i + 1] == ' ') {
      end = i + 1;
      break;
    }
  }
  std::string sentence = lower(text.substr(start, end - start));
  if (contains_any(sentence, {"not yet", "still need", "still to ", "to do", "todo", "gap", "missing", "no evidence",
                              "not covered", "not evidenced", "haven't", "have not", "don't have", "do not have",
                              "working towards", "need to evidence", "plan to", "next step"})) {
    return "in a sentence that says it is not evidenced yet";
  }
  std::string_view line = text.substr(line_start, line_end - line_start);
  if (word_count(line) <= k_heading_words) {
    return {};  // a heading, a caption, a label or a table cell
  }
  if (in_head(text, line_start)) {
    return {};  // "Prepared by Sam Patel for 7K1–7K3 and 2K1, 2K3." under the title
  }
  std::string_view before = text.substr(start, m.offset - start);
  std::size_t open = before.find_last_of("([");
  if (open != std::string_view::npos && before.find_first_of(")]", open) == std::string_view::npos) {
    return {};  // "(12S1, 12S2)" after what the apprentice did
  }
  if (contains_any(lower(before.substr(before.size() >= 5 ? before.size() - 5 : 0)), {" for ", "for: "}) ||
      contains_any(sentence, {"this ", "show", "demonstrat", "evidence", "evidencing", "cover", "meet", "address",
                              "relate", "link", "mapped", "ksb", "criteri", "support", "achiev", "apply", "applied"})) {
    return {};
  }
  return "mentioned in the text, not claimed (no heading, caption, brackets or \"this shows …\")";
}

}  // namespace evidex::mapping
