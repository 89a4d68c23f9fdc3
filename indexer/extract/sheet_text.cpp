#include "indexer/extract/sheet_text.hpp"

#include <algorithm>

namespace evidex::indexer {
namespace {

std::string one_line(std::string_view value) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  while (!value.empty() && is_space(value.front())) {
    value.remove_prefix(1);
  }
  while (!value.empty() && is_space(value.back())) {
    value.remove_suffix(1);
  }
  std::string s(value);
  std::replace_if(s.begin(), s.end(), is_space, ' ');
  return s;
}

}  // namespace

void SheetTextWriter::cell(std::size_t column, std::string_view value) {
  if (full()) {
    return;
  }
  std::string text = one_line(value);
  if (text.empty()) {
    return;
  }
  if (column <= m_line_column || column > kMaxSheetColumns) {
    column = m_line_column + 1;
  }
  // Cell N sits after N-1 tabs; m_line already holds m_line_column - 1 of them.
  std::size_t tabs = m_line_column == 0 ? column - 1 : column - m_line_column;
  m_line.append(tabs, '\t');
  m_line += text;
  m_line_column = column;
}

void SheetTextWriter::end_row(std::size_t row) {
  if (row <= m_last_row) {
    row = m_last_row + 1;
  }
  if (m_line.empty()) {
    return;
  }
  if (!full()) {
    std::size_t gap = std::min(row - m_last_row - 1, kMaxEmptyRowsKept);
    for (std::size_t i = 0; i < gap; ++i) {
      m_out += "\t\n";
    }
    m_out += m_line;
    m_out += '\n';
  }
  m_line.clear();
  m_line_column = 0;
  m_last_row = row;
}

}  // namespace evidex::indexer
