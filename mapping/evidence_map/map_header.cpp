#include "mapping/evidence_map/map_header.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>

namespace evidex::mapping {
namespace {

/// Lower-case ASCII words; '#' is a word, '&' is "and", anything else separates.
std::vector<std::string> words_of(std::string_view label) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  };
  for (char ch : label) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) {
      word += static_cast<char>(std::tolower(c));
    } else {
      flush();
      if (ch == '#') {
        words.push_back("#");
      } else if (ch == '&') {
        words.push_back("and");
      }
    }
  }
  flush();
  return words;
}

bool has(const std::vector<std::string>& words, std::initializer_list<std::string_view> any) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& w) {
    return std::find(any.begin(), any.end(), w) != any.end();
  });
}

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.rfind(prefix, 0) == 0;
}

bool says_file(std::string_view label) {
  return has(words_of(label), {"file", "files", "filename", "filenames"});
}

}  // namespace

HeaderKind classify_header(std::string_view label) {
  std::vector<std::string> w = words_of(label);
  if (w.empty() || w.size() > 6) {
    return HeaderKind::other;  // a sentence is an instruction, not a column name
  }
  // About the evidence or the criteria, but not naming them: "Document type", "KSB description".
  if (has(w, {"type", "date", "dated", "format", "page", "pages", "size", "status", "description", "descriptor",
              "text", "wording", "detail", "details", "statement", "summary", "explanation", "comment", "comments",
              "note", "notes", "how", "why"})) {
    return HeaderKind::other;
  }
  // The criteria, named outright: KSB(s), KSB refs, criteria covered, mapped to, K/S/B columns.
  if (std::any_of(w.begin(), w.end(), [](const std::string& x) { return starts_with(x, "ksb"); }) ||
      has(w, {"criteria", "criterion", "criterias"}) || w.front() == "mapped" ||
      (has(w, {"mapped", "mapping"}) && has(w, {"to", "against"})) ||
      (has(w, {"knowledge"}) && has(w, {"skill", "skills", "behaviour", "behaviours", "behavior", "behaviors"})) ||
      (w.size() == 1 && has(w, {"knowledge", "skills", "behaviours", "behaviors"}))) {
    return HeaderKind::criteria;
  }
  static const std::set<std::string> number_words{"no", "number", "num", "nr", "ref", "reference", "id", "#", "code"};
  auto numbered = [&](std::size_t from) {
    return std::any_of(w.begin() + static_cast<std::ptrdiff_t>(from), w.end(),
                       [&](const std::string& x) { return number_words.count(x) > 0; });
  };
  // The evidence: "Evidence", "Evidence name", "File name", "Document title", "Item"; with a
  // number word ("Evidence No", "Evidence ref", "Item #") its number.
  static const std::set<std::string> evidence_words{"evidence", "item", "items", "document", "documents", "doc",
                                                   "file", "files", "filename", "filenames", "artefact",
                                                   "artifact", "title"};
  if (evidence_words.count(w.front())) {
    return numbered(1) ? HeaderKind::evidence_number : HeaderKind::evidence_name;
  }
  if ((w.size() >= 3 && w[0] == "name" && w[1] == "of" && evidence_words.count(w[2])) ||
      (w.size() == 2 && w[1] == "name" && evidence_words.count(w[0]))) {
    return HeaderKind::evidence_name;
  }
  // Where the evidence is, said in words: "Where the evidence is", "Location of evidence",
  // "Supporting evidence", "My evidence". Only such words around the evidence word: a column that
  // says anything else about the evidence ("Evidence reviewed by") is not its name.
  static const std::set<std::string> where_words{"where", "the", "is", "are", "can", "be", "to", "find", "found",
                                                "of", "location", "located", "held", "kept", "saved", "my",
                                                "supporting", "which", "in", "for", "this", "it", "name", "names",
                                                "your", "our", "see"};
  if (std::any_of(w.begin(), w.end(), [&](const std::string& x) { return evidence_words.count(x) > 0; }) &&
      std::all_of(w.begin(), w.end(),
                  [&](const std::string& x) { return evidence_words.count(x) > 0 || where_words.count(x) > 0; })) {
    return HeaderKind::evidence_name;
  }
  // "Standard ref": the criteria. A bare "Ref" or "References" is the criteria when no other
  // column names them, else the evidence's number ("Ref | Document | Criteria covered"): see
  // find_map_header. "No", "#", "Ref no": the evidence's number.
  if (w.front() == "standard" && has(w, {"ref", "refs", "reference", "references"})) {
    return HeaderKind::criteria;
  }
  if (w == std::vector<std::string>{"ref"} || w == std::vector<std::string>{"refs"} ||
      w == std::vector<std::string>{"reference"} || w == std::vector<std::string>{"references"} ||
      (w.size() == 2 && (w[0] == "ref" || w[0] == "reference") && w[1] == "s")) {
    return HeaderKind::bare_reference;
  }
  if (std::all_of(w.begin(), w.end(), [&](const std::string& x) { return number_words.count(x) > 0; })) {
    return HeaderKind::evidence_number;
  }
  return HeaderKind::other;
}

std::optional<MapLayout> find_map_header(const Table& table) {
  for (std::size_t r = 0; r < table.rows.size() && r < k_header_search_rows; ++r) {
    MapLayout layout;
    layout.header = r;
    const auto& cells = table.rows[r].cells;
    std::vector<std::size_t> bare_references;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      switch (classify_header(cells[c])) {
        case HeaderKind::evidence_name: layout.name_columns.push_back(c); break;
        case HeaderKind::evidence_number: layout.number_columns.push_back(c); break;
        case HeaderKind::criteria: layout.criteria_columns.push_back(c); break;
        case HeaderKind::bare_reference: bare_references.push_back(c); break;
        case HeaderKind::other: break;
      }
    }
    auto& bare_goes_to = layout.criteria_columns.empty() ? layout.criteria_columns : layout.number_columns;
    bare_goes_to.insert(bare_goes_to.end(), bare_references.begin(), bare_references.end());
    std::sort(layout.number_columns.begin(), layout.number_columns.end());
    if (!layout.criteria_columns.empty() && (!layout.name_columns.empty() || !layout.number_columns.empty())) {
      // A column that says "file" names the file itself; "Evidence" or "Title" may be a description.
      std::stable_sort(layout.name_columns.begin(), layout.name_columns.end(), [&](std::size_t a, std::size_t b) {
        return says_file(cells[a]) && !says_file(cells[b]);
      });
      return layout;
    }
  }
  return std::nullopt;
}

bool repeats_header(const TableRow& row, const MapLayout& layout) {
  auto all_are = [&](const std::vector<std::size_t>& columns, HeaderKind kind) {
    return std::all_of(columns.begin(), columns.end(), [&](std::size_t c) {
      HeaderKind k = classify_header(Table::cell(row, c));
      return k == kind || k == HeaderKind::bare_reference;
    });
  };
  return all_are(layout.criteria_columns, HeaderKind::criteria) &&
         all_are(layout.name_columns, HeaderKind::evidence_name) &&
         all_are(layout.number_columns, HeaderKind::evidence_number);
}

}  // namespace evidex::mapping
