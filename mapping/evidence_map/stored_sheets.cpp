#include "mapping/evidence_map/stored_sheets.hpp"

#include <string>

namespace evidex::mapping {
namespace {

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::string trimmed(std::string_view s) {
  const char* space = " \r\v";
  std::size_t begin = s.find_first_not_of(space);
  if (begin == std::string_view::npos) {
    return {};
  }
  return std::string(s.substr(begin, s.find_last_not_of(space) - begin + 1));
}

TableRow split_row(std::size_t number, std::string_view line) {
  TableRow row{number, {}};
  std::size_t start = 0;
  for (;;) {
    std::size_t tab = line.find('\t', start);
    row.cells.push_back(trimmed(line.substr(start, tab == std::string_view::npos ? tab : tab - start)));
    if (tab == std::string_view::npos) {
      return row;
    }
    start = tab + 1;
  }
}

/// Calls f(line) for each line of text; a form feed ends a line too, and is passed on as "\f".
template <class F>
void for_each_line(std::string_view text, F&& f) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of("\n\f", start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    f(line);
    if (end < text.size() && text[end] == '\f') {
      f(std::string_view("\f"));
    }
    start = end + 1;
  }
}

}  // namespace

std::vector<Table> read_stored_workbook(std::string_view text) {
  std::vector<Table> sheets;
  bool in_sheet = false;
  std::size_t row = 0;
  for_each_line(text, [&](std::string_view line) {
    // A truly empty line (or a page break) ends the sheet; a line of tabs is an empty row.
    if (line.empty() || line == "\f") {
      in_sheet = false;
    } else if (!in_sheet) {
      sheets.push_back(Table{trimmed(line), {}});
      in_sheet = true;
      row = 0;
    } else if (!is_blank(line)) {
      sheets.back().rows.push_back(split_row(++row, line));
    } else {
      ++row;
    }
  });
  return sheets;
}

std::vector<Table> read_stored_xls(std::string_view text) {
  std::vector<Table> sheets(1);
  std::size_t row = 0;
  for_each_line(text, [&](std::string_view line) {
    if (line == "\f") {
      sheets.emplace_back();
      row = 0;
    } else if (!is_blank(line)) {
      sheets.back().rows.push_back(split_row(++row, line));
    } else {
      ++row;
    }
  });
  if (sheets.back().rows.empty()) {
    sheets.pop_back();  // after the last form feed
  }
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    sheets[i].name = "Sheet" + std::to_string(i + 1);
  }
  return sheets;
}

}  // namespace evidex::mapping
