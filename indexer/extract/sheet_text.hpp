/** @file
 * @brief How a spreadsheet's rows become text, the same for every workbook format: one line per
 * row, cells joined by TAB with every cell in its own column (cell N after N-1 tabs; empty cells at
 * the end of a row dropped). An empty row above or between rows with text is kept as a line holding
 * one TAB, so each row keeps the number a person sees, while a truly blank line still separates one
 * sheet from the next. Evidence maps are read back from this text (mapping/evidence_map/).
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace evidex::indexer {

/// Columns up to this one keep their place. A cell further right (a stray cell in column XFD, or
/// a hostile cell reference) follows the previous cell after one tab, so that no row becomes
/// thousands of tabs.
inline constexpr std::size_t kMaxSheetColumns = 512;
/// Empty rows kept before a row with text; a longer gap is shortened to this many, so that a stray
/// cell in row 1,048,576 does not add a million lines.
inline constexpr std::size_t kMaxEmptyRowsKept = 1000;

/// Writes one sheet's rows to `out`, which may already hold earlier sheets. Once `out` is longer
/// than max_bytes further cells are ignored (the caller's finish_text() then cuts and warns), so
/// that repeated cells and rows (ODF's number-columns-repeated) cannot exhaust memory.
class SheetTextWriter {
public:
  SheetTextWriter(std::string& out, std::uint64_t max_bytes) : m_out(out), m_max_bytes(max_bytes) {}

  /// Puts value in `column` (1-based) of the current row. Tabs and line breaks inside the value
  /// become spaces, so that a cell never breaks its row; an empty value is no cell at all. A column
  /// at or left of the previous cell's (out of order, or unknown: 0) follows the previous cell.
  void cell(std::size_t column, std::string_view value);

  /// Ends row number `row` (1-based). A row without cells writes nothing yet: it becomes an empty
  /// line only if a row with text follows it. A row number at or below the previous row's (out of
  /// order, or unknown: 0) is taken as the next row.
  void end_row(std::size_t row);

  /// Whether out has grown past max_bytes: the caller can stop reading the sheet.
  bool full() const { return m_out.size() > m_max_bytes; }

private:
  std::string& m_out;
  std::uint64_t m_max_bytes;
  std::string m_line;            // the current row so far
  std::size_t m_line_column = 0; // column of the last cell in m_line; 0 when it has none
  std::size_t m_last_row = 0;    // number of the last row written; 0 before the first
};

}  // namespace evidex::indexer
