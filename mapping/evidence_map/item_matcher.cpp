#include "mapping/evidence_map/item_matcher.hpp"

#include "mapping/evidence_map/file_names.hpp"

#include <algorithm>
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

/// List entries of a cell, when it reads as a list: "E01, E04", "a.docx; b.pdf", "E01 & E04".
std::vector<std::string> list_entries(std::string_view cell) {
  std::vector<std::string> parts;
  std::string part;
  auto flush = [&] {
    std::string p = clean_name(part);
    if (!p.empty()) {
      parts.push_back(p);
    }
    part.clear();
  };
  for (std::size_t i = 0; i < cell.size(); ++i) {
    char c = cell[i];
    if (c == ',' || c == ';' || c == '\n' || c == '&' || c == '+' || c == '|') {
      flush();
    } else if (cell.substr(i, 5) == " and ") {
      flush();
      i += 4;
    } else {
      part += c;
    }
  }
  flush();
  // Every entry must be a number or a file name with an extension: "Reflective account (12S3, 12S6)"
  // is one name with commas in it, not a list.
  bool listy = parts.size() > 1 && std::all_of(parts.begin(), parts.end(), [](const std::string& p) {
                 return evidence_number(p) || stem_of(file_name_of(p)).size() < file_name_of(p).size();
               });
  return listy ? parts : std::vector<std::string>{};
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

ItemMatcher::Match ItemMatcher::by_number(std::string_view text) const {
  auto number = evidence_number(text);
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

ItemMatcher::Match ItemMatcher::by_name(std::string_view raw) const {
  std::string name = clean_name(raw);
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
  std::vector<std::string> entries = list_entries(cell);
  for (const auto& entry : entries) {
    record(entry, by_name(entry), out);
  }
  return !entries.empty();
}

RowEvidence ItemMatcher::resolve(std::string_view name, std::string_view number) const {
  RowEvidence out;
  std::string n = clean_name(name);
  std::string num = clean_name(number);
  if (n.empty() && num.empty()) {
    return out;
  }
  if (n.empty()) {
    // A number column may hold a list ("E01, E04"), or a file name after all.
    Match m = by_number(num);
    if (m.outcome == Outcome::none && !resolve_list(num, out)) {
      record(num, by_name(num), out);
    } else if (m.outcome != Outcome::none) {
      record(num, m, out);
    }
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
  if (m.outcome == Outcome::none && resolve_list(n, out)) {
    return out;
  }
  record(num.empty() ? n : n + " (" + num + ")", m, out);
  return out;
}

}  // namespace evidex::mapping
