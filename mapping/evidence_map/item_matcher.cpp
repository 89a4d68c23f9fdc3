#include "mapping/evidence_map/item_matcher.hpp"

#include "mapping/evidence_map/file_names.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <iterator>
#include <set>

namespace evidex::mapping {
namespace {

/// Shorter names find too much by containment ("notes", "call").
constexpr std::size_t k_min_contained_chars = 5;

std::string_view folder_of(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

/// Each folder normalised on its own, joined by '/'.
std::string normalise_folder(std::string_view folder) {
  std::string out;
  std::size_t start = 0;
  while (start <= folder.size() && !folder.empty()) {
    std::size_t slash = std::min(folder.find('/', start), folder.size());
    std::string part = normalise_name(folder.substr(start, slash - start));
    if (!part.empty()) {
      out += (out.empty() ? "" : "/") + part;
    }
    start = slash + 1;
  }
  return out;
}

bool ends_with_folder(const std::string& folder, const std::string& tail) {
  return folder == tail ||
         (folder.size() > tail.size() && folder.compare(folder.size() - tail.size(), tail.size(), tail) == 0 &&
          folder[folder.size() - tail.size() - 1] == '/');
}

/// Whether `needle` occurs in `haystack` as whole words.
bool contains_words(const std::string& haystack, const std::string& needle) {
  return (" " + haystack + " ").find(" " + needle + " ") != std::string::npos;
}

/// A row's name tidied: Windows separators, "./", surrounding quotes and spaces.
std::string clean_name(std::string_view name) {
  std::string s(name);
  std::replace(s.begin(), s.end(), '\\', '/');
  auto strip = [&](std::string_view chars) {
    std::size_t end = s.find_last_not_of(chars);
    s.erase(end == std::string::npos ? 0 : end + 1);
    s.erase(0, std::min(s.size(), s.find_first_not_of(chars)));
  };
  strip(" \t\"'");
  while (s.rfind("./", 0) == 0 || s.rfind("/", 0) == 0) {
    s.erase(0, s[0] == '.' ? 2 : 1);
  }
  return s;
}

/// Most pieces joined back into one name: a file name holds a few separators ("Log & rota, March
/// and April.txt"), not more, and each run tried costs a pass over the bundle's items.
constexpr std::size_t k_max_joined_pieces = 4;

/// Widest range of evidence numbers expanded ("E3-E5"): a wider one is a typo or a year.
constexpr int k_max_number_range = 50;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/// Whether s[i..] starts " and " (any case) between two words.
bool and_at(std::string_view s, std::size_t i) {
  if (i + 5 > s.size() || !is_space(s[i]) || !is_space(s[i + 4])) {
    return false;
  }
  std::string w;
  for (std::size_t k = i + 1; k < i + 4; ++k) {
    w += static_cast<char>(std::tolower(static_cast<unsigned char>(s[k])));
  }
  return w == "and";
}

/// Whether the text before `end` ends in a file extension (".txt", ".docx"): a space after it
/// separates two file names even when a spreadsheet turned the cell's line break into a space.
bool ends_in_extension(std::string_view s, std::size_t end) {
  std::size_t dot = s.rfind('.', end == 0 ? 0 : end - 1);
  if (dot == std::string_view::npos || dot + 1 >= end || end - dot - 1 > 5) {
    return false;
  }
  bool letter = false;
  for (std::size_t k = dot + 1; k < end; ++k) {
    auto c = static_cast<unsigned char>(s[k]);
    if (!std::isalnum(c)) {
      return false;
    }
    letter = letter || std::isalpha(c);
  }
  return letter;
}

/// The cell cut at every place a list may be separated: ';' ',' '|' '+' '&' line breaks, " and ",
/// a '/' with a space beside it (a folder's '/' has none) and the spaces after a file extension.
/// Each piece keeps the separator that follows it, so that pieces can be joined back into a name
/// that holds one ("Terms and conditions.txt", "Log & rota - March.txt").
std::vector<std::pair<std::string, std::string>> list_pieces(std::string_view cell) {
  std::vector<std::pair<std::string, std::string>> pieces;
  std::string piece;
  auto cut = [&](std::string separator) {
    pieces.emplace_back(std::move(piece), std::move(separator));
    piece.clear();
  };
  for (std::size_t i = 0; i < cell.size(); ++i) {
    char c = cell[i];
    if (cell.substr(i, 3) == "\xE2\x80\xA8") {
      // U+2028: a line break inside a document table's cell (indexer/extract/office_common.hpp).
      cut("\n");
      i += 2;
    } else if (c == ',' || c == ';' || c == '\n' || c == '&' || c == '+' || c == '|') {
      cut(std::string(1, c));
    } else if (c == '/' && ((i > 0 && is_space(cell[i - 1])) || (i + 1 < cell.size() && is_space(cell[i + 1])))) {
      cut("/");
    } else if (and_at(cell, i)) {
      cut(std::string(cell.substr(i, 5)));
      i += 4;
    } else if (is_space(c) && ends_in_extension(cell, i) && i + 1 < cell.size() && !is_space(cell[i + 1]) &&
               !std::ispunct(static_cast<unsigned char>(cell[i + 1]))) {
      cut(" ");
    } else {
      piece += c;
    }
  }
  cut("");
  // Separators written twice (", and", "; ") leave empty pieces: fold their separators forward.
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& [text, separator] : pieces) {
    if (clean_name(text).empty() && !out.empty()) {
      out.back().second += text + separator;
    } else if (!clean_name(text).empty()) {
      out.emplace_back(std::move(text), std::move(separator));
    }
  }
  return out;
}

/// "E3-E5", "3–5", "Evidence 3 - 5": the numbers it spans, or nothing.
std::vector<int> number_range(std::string_view piece) {
  std::size_t dash = piece.find('-');
  std::size_t width = 1;
  if (std::size_t en = piece.find("\xE2\x80\x93"); en != std::string_view::npos && en < dash) {
    dash = en;
    width = 3;
  }
  if (dash == std::string_view::npos) {
    return {};
  }
  auto from = evidence_number(clean_name(piece.substr(0, dash)));
  auto to = evidence_number(clean_name(piece.substr(dash + width)));
  if (!from || !to || *to <= *from || *to - *from > k_max_number_range) {
    return {};
  }
  std::vector<int> out;
  for (int n = *from; n <= *to; ++n) {
    out.push_back(n);
  }
  return out;
}

}  // namespace

ItemMatcher::ItemMatcher(const std::vector<BundleItem>& items, std::string_view map_path)
    : m_map_folder(folder_of(map_path)) {
  std::set<std::string> paths;
  for (const auto& item : items) {
    paths.insert(item.path);
  }
  for (const auto& item : items) {
    Candidate c;
    c.path = item.path;
    std::string_view name = file_name_of(item.path);
    std::string_view folder = folder_of(item.path);
    c.folder = normalise_folder(folder);
    c.name = normalise_name(name);
    c.stem = normalise_name(stem_of(name));
    auto number = leading_number(stem_of(name));
    c.number = number ? std::optional<int>(number->number) : std::nullopt;
    c.bare = number ? normalise_name(stem_of(name).substr(number->length)) : c.stem;
    // An item is nested when an item of the bundle (an archive, an e-mail) holds it.
    for (std::string_view up = folder; !up.empty() && !c.nested; up = folder_of(up)) {
      c.nested = paths.count(std::string(up)) > 0;
    }
    c.in_map_folder = folder == m_map_folder;
    m_candidates.push_back(std::move(c));
  }
}

ItemMatcher::Match ItemMatcher::settle(std::vector<const Candidate*> found, const std::string& row_folder) const {
  auto prefer = [&](auto&& keep) {
    if (std::any_of(found.begin(), found.end(), keep)) {
      found.erase(std::remove_if(found.begin(), found.end(), [&](const Candidate* c) { return !keep(c); }),
                  found.end());
    }
  };
  prefer([](const Candidate* c) { return !c->nested; });
  if (!row_folder.empty()) {
    prefer([&](const Candidate* c) { return ends_with_folder(c->folder, row_folder); });
  }
  prefer([](const Candidate* c) { return c->in_map_folder; });
  Match m;
  if (found.empty()) {
    return m;
  }
  m.items = found;
  bool one_name = std::all_of(found.begin(), found.end(), [&](const Candidate* c) {
    return c->folder == found.front()->folder && c->stem == found.front()->stem;
  });
  m.outcome = found.size() == 1 || one_name ? Outcome::named : Outcome::ambiguous;
  m.several_formats = found.size() > 1 && one_name;
  return m;
}

void ItemMatcher::set_index(std::map<int, std::string> names) {
  m_index = std::move(names);
}

ItemMatcher::Match ItemMatcher::by_number(std::string_view text) const {
  auto number = evidence_number(text);
  if (number) {
    // The map's own index of evidence numbers wins over the numbers in file names.
    if (auto named = m_index.find(*number);
        named != m_index.end() && !evidence_number(named->second)) {
      return by_name(named->second);
    }
  }
  std::vector<const Candidate*> found;
  for (const auto& c : m_candidates) {
    if (number && c.number == number && !c.nested) {
      found.push_back(&c);
    }
  }
  Match m = settle(found, {});
  if (m.outcome == Outcome::ambiguous) {
    m.outcome = Outcome::named;  // one number, one piece of evidence, however many files
  }
  m.several_formats = false;
  return m;
}

ItemMatcher::Match ItemMatcher::by_name(std::string_view raw, bool loose) const {
  std::string name = clean_name(raw);
  if (!loose && (name.find(" /") != std::string::npos || name.find("/ ") != std::string::npos)) {
    return {};  // "a.txt / b.txt" lists two files; a folder's '/' has no space beside it
  }
  std::string row_folder = normalise_folder(folder_of(name));
  std::string file = std::string(file_name_of(name));
  std::string row_name = normalise_name(file);
  std::string row_stem = normalise_name(stem_of(file));
  auto number = leading_number(stem_of(file));
  std::string row_bare = number ? normalise_name(stem_of(file).substr(number->length)) : row_stem;
  if (row_name.empty()) {
    return {};
  }
  auto step = [&](auto&& fits) {
    std::vector<const Candidate*> found;
    for (const auto& c : m_candidates) {
      if (fits(c)) {
        found.push_back(&c);
      }
    }
    Match m = settle(found, row_folder);
    if (m.outcome == Outcome::ambiguous && number) {
      // "01 Reflective account" is the one of the two reflective accounts numbered 01.
      std::vector<const Candidate*> numbered;
      std::copy_if(m.items.begin(), m.items.end(), std::back_inserter(numbered),
                   [&](const Candidate* c) { return c->number == number->number; });
      if (!numbered.empty()) {
        m = settle(numbered, row_folder);
      }
    }
    return m;
  };
  std::vector<std::function<bool(const Candidate&)>> steps{
      [&](const Candidate& c) { return c.name == row_name; },
      [&](const Candidate& c) { return c.stem == row_stem; },
      [&](const Candidate& c) { return !row_bare.empty() && c.bare == row_bare; },
  };
  for (const auto& fits : steps) {
    if (Match m = step(fits); m.outcome != Outcome::none) {
      return m;
    }
  }
  if (evidence_number(file)) {
    return by_number(file);
  }
  if (!loose) {
    return {};
  }
  if (row_bare.size() >= k_min_contained_chars) {
    if (Match m = step([&](const Candidate& c) { return contains_words(c.bare, row_bare); });
        m.outcome != Outcome::none) {
      return m;
    }
  }
  return step([&](const Candidate& c) {
    return c.bare.size() >= k_min_contained_chars && c.bare.find(' ') != std::string::npos &&
           contains_words(row_bare, c.bare);
  });
}

void ItemMatcher::record(std::string_view label, const Match& m, RowEvidence& out) const {
  std::vector<std::string> paths;
  for (const auto* c : m.items) {
    paths.push_back(c->path);
  }
  if (m.outcome == Outcome::none) {
    out.unmatched.emplace_back(label);
  } else if (m.outcome == Outcome::ambiguous) {
    out.ambiguous.emplace_back(std::string(label), paths);
  } else {
    if (m.several_formats) {
      out.several_formats.emplace_back(std::string(label), paths);
    }
    for (auto& p : paths) {
      if (std::find(out.items.begin(), out.items.end(), p) == out.items.end()) {
        out.items.push_back(std::move(p));
      }
    }
  }
}

bool ItemMatcher::resolve_list(std::string_view cell, RowEvidence& out) const {
  auto pieces = list_pieces(cell);
  if (pieces.empty() || (pieces.size() == 1 && number_range(clean_name(pieces[0].first)).empty())) {
    return false;
  }
  auto joined = [&](std::size_t from, std::size_t to) {
    std::string name;
    for (std::size_t k = from; k <= to; ++k) {
      name += pieces[k].first + (k < to ? pieces[k].second : "");
    }
    return clean_name(name);
  };
  RowEvidence found;
  bool any = false;
  const std::size_t widest = k_max_joined_pieces;
  for (std::size_t i = 0; i < pieces.size();) {
    // The longest run of pieces from i that names an item: a name may hold a separator. Runs of
    // several pieces must name an item outright (no containment), so that a list is never read
    // as the one name it happens to contain.
    std::size_t next = i + 1;
    bool named = false;
    for (std::size_t j = std::min(pieces.size(), i + widest); j-- > i + 1;) {
      if (Match m = by_name(joined(i, j), false); m.outcome == Outcome::named) {
        record(joined(i, j), m, found);
        next = j + 1;
        named = any = true;
        break;
      }
    }
    if (!named) {
      std::string piece = clean_name(pieces[i].first);
      std::vector<int> range = number_range(piece);
      if (!range.empty()) {
        for (int n : range) {
          Match m = by_number(std::to_string(n));
          any = any || m.outcome == Outcome::named;
          record("E" + std::to_string(n), m, found);
        }
      } else {
        Match m = by_name(piece);
        any = any || m.outcome == Outcome::named;
        record(piece, m, found);
      }
    }
    i = next;
  }
  if (!any) {
    return false;  // not a list of this bundle's files: the cell is reported as one name
  }
  for (auto& p : found.items) {
    if (std::find(out.items.begin(), out.items.end(), p) == out.items.end()) {
      out.items.push_back(p);
    }
  }
  out.unmatched.insert(out.unmatched.end(), found.unmatched.begin(), found.unmatched.end());
  out.ambiguous.insert(out.ambiguous.end(), found.ambiguous.begin(), found.ambiguous.end());
  out.several_formats.insert(out.several_formats.end(), found.several_formats.begin(), found.several_formats.end());
  return true;
}

RowEvidence ItemMatcher::resolve(std::string_view name, std::string_view number) const {
  RowEvidence out;
  std::string n = clean_name(name);
  std::string num = clean_name(number);
  if (n.empty() && num.empty()) {
    return out;
  }
  if (n.empty()) {
    // A number column may hold a list ("E01, E04", "E3-E5"), or a file name after all.
    Match m = by_number(num);
    if (m.outcome != Outcome::none) {
      record(num, m, out);
    } else if (!resolve_list(num, out)) {
      record(num, by_name(num), out);
    }
    return out;
  }
  // The whole cell first, by its exact name: a file name may hold ',', '&', " and " or '-'.
  if (Match whole = by_name(n, false); whole.outcome == Outcome::named) {
    record(num.empty() ? n : n + " (" + num + ")", whole, out);
    return out;
  }
  Match m = by_name(n);
  if (!num.empty() && m.outcome == Outcome::ambiguous) {
    // "E02" decides between the two reflective accounts.
    Match by_num = by_number(num);
    std::vector<const Candidate*> both;
    for (const auto* c : m.items) {
      if (std::find(by_num.items.begin(), by_num.items.end(), c) != by_num.items.end()) {
        both.push_back(c);
      }
    }
    if (!both.empty()) {
      m.items = both;
      m.outcome = Outcome::named;
    }
  } else if (!num.empty() && m.outcome == Outcome::none) {
    if (Match by_num = by_number(num); by_num.outcome != Outcome::none) {
      record(num, by_num, out);
      return out;
    }
  }
  // A list of names: split before trusting a containment match, which may have found only one of
  // the names listed ("a.txt; b.wav" contains "a").
  if (m.outcome != Outcome::named || list_pieces(n).size() > 1) {
    if (resolve_list(n, out)) {
      return out;
    }
  }
  record(num.empty() ? n : n + " (" + num + ")", m, out);
  return out;
}

}  // namespace evidex::mapping
