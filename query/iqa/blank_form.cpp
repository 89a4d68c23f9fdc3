#include "query/iqa/blank_form.hpp"

#include "query/authenticity/declaration_form.hpp"

#include <cctype>
#include <string>
#include <vector>

namespace evidex::query {
namespace {

constexpr std::size_t kMaxLabelWords = 8;

std::string_view trim(std::string_view s) {
  auto first = s.find_first_not_of(" \t\r\f\v");
  if (first == std::string_view::npos) {
    return {};
  }
  return s.substr(first, s.find_last_not_of(" \t\r\f\v") - first + 1);
}

std::size_t words_in(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    words += !space && !in_word;
    in_word = !space;
  }
  return words;
}

bool is_label(std::string_view cell) {
  cell = trim(cell);
  if (!cell.empty() && cell.back() == ':') {
    cell = trim(cell.substr(0, cell.size() - 1));
  }
  if (cell.empty() || !std::isalpha(static_cast<unsigned char>(cell.front()))) {
    return false;
  }
  char last = cell.back();
  std::size_t words = words_in(cell);
  return last != '.' && last != '!' && last != '?' && words >= 1 && words <= kMaxLabelWords;
}

/// One line of the text as a form sees it.
struct Line {
  enum Kind { other, label_alone, label_colon_empty, empty_row, filled_row } kind = other;
};

Line classify(std::string_view line) {
  std::vector<std::string_view> cells;
  for (std::size_t start = 0;;) {
    std::size_t tab = line.find('\t', start);
    cells.push_back(trim(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start)));
    if (tab == std::string_view::npos) {
      break;
    }
    start = tab + 1;
  }
  while (cells.size() > 1 && cells.back().empty()) {
    cells.pop_back();
  }
  if (cells.size() > 1) {
    if (!is_label(cells.front())) {
      return {};
    }
    for (std::size_t i = 1; i < cells.size(); ++i) {
      if (is_filled(cells[i])) {
        return {Line::filled_row};
      }
    }
    return {Line::empty_row};
  }
  std::string_view cell = cells.front();
  if (std::size_t colon = cell.find(':'); colon != std::string_view::npos && colon + 1 < cell.size()) {
    if (is_label(cell.substr(0, colon + 1))) {
      return {is_filled(cell.substr(colon + 1)) ? Line::filled_row : Line::label_colon_empty};
    }
    return {};
  }
  // A bare word on its line says nothing: text broken one word a line (a narrow column, a list)
  // would read as a column of empty fields. A bare label has two words or more, or a colon.
  bool bare = cell.back() != ':';
  return {is_label(cell) && (!bare || words_in(cell) >= 2) ? Line::label_alone : Line::other};
}

}  // namespace

FormFields form_fields(std::string_view text) {
  std::vector<Line> lines;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!trim(line).empty()) {
      lines.push_back(classify(line));
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  FormFields fields;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    // A label alone, or "Label:" with nothing after it, is an empty field only when what follows
    // is not its value: another empty field, or nothing. Over a paragraph or a filled-in field it
    // is a heading.
    bool next_is_field = i + 1 == lines.size() || (lines[i + 1].kind != Line::other && lines[i + 1].kind != Line::filled_row);
    switch (lines[i].kind) {
      case Line::empty_row: ++fields.empty; break;
      case Line::filled_row: ++fields.filled; break;
      case Line::label_alone:
      case Line::label_colon_empty: fields.empty += next_is_field; break;
      case Line::other: break;
    }
  }
  return fields;
}

}  // namespace evidex::query
