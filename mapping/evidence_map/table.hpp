/** @file
 * @brief A sheet of cells as an evidence map is read from it: a CSV file or one workbook sheet.
 */
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace evidex::mapping {

struct TableRow {
  std::size_t number = 0;          // as the sheet numbers it, from 1
  std::vector<std::string> cells;  // trimmed; cells[0] is column A
};

struct Table {
  std::string name;                // the sheet's name; empty for a CSV file
  std::vector<TableRow> rows;      // rows with at least one non-empty cell, in order

  /// The cell, or "" when the row is shorter.
  static const std::string& cell(const TableRow& row, std::size_t column) {
    static const std::string empty;
    return column < row.cells.size() ? row.cells[column] : empty;
  }
};

}  // namespace evidex::mapping
