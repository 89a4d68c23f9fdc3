/** @file
 * @brief Merged cell ranges of a spreadsheet (XLSX mergeCells, ODS number-rows-spanned): one value
 * a person sees spread over the rows of its range. The sheet text repeats the value in the rows
 * below its cell, so that a reader of the text (an evidence map whose one evidence cell is merged
 * over three criteria rows) sees what the person sees, while a cell that is merely blank stays
 * blank. A range merged across columns adds nothing to its own row: the value is there once.
 */
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::indexer {

/// Covered cells filled in one sheet at most; a hostile range over a whole sheet adds no more.
inline constexpr std::size_t kMaxMergedCellsFilled = 100000;

class MergedCells {
public:
  /// Registers the range from (row0, col0) to (row1, col1), 1-based and inclusive, as the sheet
  /// declares it. Ranges within one row, or out of order, are ignored; a range is cut to
  /// kMaxEmptyRowsKept rows.
  void add(std::size_t row0, std::size_t col0, std::size_t row1, std::size_t col1);
  /// "B3:B5" (an XLSX ref). Ignored when it is not one.
  void add(std::string_view ref);

  /// The value of the cell at (row, col). When it is the top-left cell of a range, the cells of
  /// the range's first column below it are remembered with it (take_row hands them out).
  void anchor(std::size_t row, std::size_t col, std::string_view value);

  /// The covered cells of `row` that were given a value, by column; they are forgotten.
  std::map<std::size_t, std::string> take_row(std::size_t row);

  /// The first row holding covered cells still to hand out, or 0 when none does.
  std::size_t next_row() const { return m_pending.empty() ? 0 : m_pending.begin()->first; }

private:
  struct Range {
    std::size_t row0, col0, row1;
  };
  std::map<std::pair<std::size_t, std::size_t>, std::vector<Range>> m_ranges;  // by top-left cell
  std::map<std::size_t, std::map<std::size_t, std::string>> m_pending;        // row -> col -> value
  std::size_t m_filled = 0;
};

}  // namespace evidex::indexer
