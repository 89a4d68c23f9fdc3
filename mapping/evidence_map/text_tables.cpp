#include "mapping/evidence_map/text_tables.hpp"

#include <string>

namespace evidex::mapping {
namespace {

std::string trimmed(std::string_view s) {
  const char* space = " \r\v\f";
  std::size_t begin = s.find_first_not_of(space);
  if (begin == std::string_view::npos) {
    return {};
  }
  return std::string(s.substr(begin, s.find_last_not_of(space) - begin + 1));
}

}  // namespace

std::vector<Table> read_text_tables(std::string_view text) {
  std::vector<Table> tables;
  bool in_table = false;
  std::size_t row_number = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \r\f") == std::string_view::npos && line.find('\f') != std::string_view::npos) {
      continue;  // a page break alone on its line
    }
    if (line.find('\t') == std::string_view::npos) {
      in_table = false;
      continue;
    }
    if (!in_table) {
      tables.push_back(Table{"table " + std::to_string(tables.size() + 1), {}});
      in_table = true;
      row_number = 0;
    }
    TableRow row{++row_number, {}};
    std::size_t from = 0;
    for (;;) {
      std::size_t tab = line.find('\t', from);
      row.cells.push_back(trimmed(line.substr(from, tab == std::string_view::npos ? tab : tab - from)));
      if (tab == std::string_view::npos) {
        break;
      }
      from = tab + 1;
    }
    bool empty = true;
    for (const auto& c : row.cells) {
      empty = empty && c.empty();
    }
    if (!empty) {
      tables.back().rows.push_back(std::move(row));
    }
  }
  return tables;
}

}  // namespace evidex::mapping
