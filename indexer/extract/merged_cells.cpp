#include "indexer/extract/merged_cells.hpp"

#include "indexer/extract/sheet_text.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace evidex::indexer {
namespace {

/// "C5" -> (5, 3); nothing when it is not a cell reference ("$C$5" is one).
std::optional<std::pair<std::size_t, std::size_t>> cell_ref(std::string_view ref) {
  std::size_t i = 0;
  std::size_t col = 0;
  std::size_t row = 0;
  if (i < ref.size() && ref[i] == '$') {
    ++i;
  }
  std::size_t letters = 0;
  for (; i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])); ++i, ++letters) {
    col = col * 26 + static_cast<std::size_t>(std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
  }
  if (i < ref.size() && ref[i] == '$') {
    ++i;
  }
  std::size_t digits = 0;
  for (; i < ref.size() && std::isdigit(static_cast<unsigned char>(ref[i])); ++i, ++digits) {
    row = row * 10 + static_cast<std::size_t>(ref[i] - '0');
  }
  if (letters == 0 || letters > 3 || digits == 0 || digits > 7 || i != ref.size() || row == 0) {
    return std::nullopt;
  }
  return std::pair{row, col};
}

}  // namespace

void MergedCells::add(std::size_t row0, std::size_t col0, std::size_t row1, std::size_t col1) {
  if (row0 == 0 || col0 == 0 || col0 > kMaxSheetColumns || row1 <= row0 || col1 < col0) {
    return;  // out of order, or within one row: nothing to spread
  }
  m_ranges[{row0, col0}].push_back({row0, col0, std::min(row1, row0 + kMaxEmptyRowsKept)});
}

void MergedCells::add(std::string_view ref) {
  std::size_t colon = ref.find(':');
  if (colon == std::string_view::npos) {
    return;
  }
  auto from = cell_ref(ref.substr(0, colon));
  auto to = cell_ref(ref.substr(colon + 1));
  if (from && to) {
    add(from->first, from->second, to->first, to->second);
  }
}

void MergedCells::anchor(std::size_t row, std::size_t col, std::string_view value) {
  auto it = m_ranges.find({row, col});
  if (it == m_ranges.end() || value.empty()) {
    return;
  }
  // Down the range's first column only: a row of the sheet then reads as the person reads it
  // ("12S3  Call notes.txt"), while a title merged across the columns of its row is not written
  // once per column.
  for (const Range& r : it->second) {
    for (std::size_t y = r.row0 + 1; y <= r.row1 && m_filled < kMaxMergedCellsFilled; ++y) {
      m_pending[y][r.col0] = std::string(value);
      ++m_filled;
    }
  }
}

std::map<std::size_t, std::string> MergedCells::take_row(std::size_t row) {
  auto it = m_pending.find(row);
  if (it == m_pending.end()) {
    return {};
  }
  std::map<std::size_t, std::string> cells = std::move(it->second);
  m_pending.erase(it);
  return cells;
}

}  // namespace evidex::indexer
