#include "mapping/evidence_map/tick_grid.hpp"

#include "mapping/refs/reference_parser.hpp"

#include <algorithm>
#include <cctype>
#include <string>

namespace evidex::mapping {
namespace {

/// Rows searched for a grid's header, as for a map's (map_header.hpp).
constexpr std::size_t k_grid_header_rows = 20;

/// Rows naming a criterion alone, columns labelled by one: a grid has at least this many.
constexpr std::size_t k_min_grid_criteria = 2;

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

struct ColumnMarks {
  std::size_t yes = 0;
  std::size_t no = 0;
  std::size_t unclear = 0;
  std::size_t blank = 0;
};

ColumnMarks marks_in(const Table& table, std::size_t from_row, std::size_t column) {
  ColumnMarks m;
  for (std::size_t r = from_row; r < table.rows.size(); ++r) {
    const std::string& cell = Table::cell(table.rows[r], column);
    if (cell.empty()) {
      ++m.blank;
      continue;
    }
    switch (read_mark(cell)) {
      case Mark::yes: ++m.yes; break;
      case Mark::no: ++m.no; break;
      case Mark::unclear: ++m.unclear; break;
    }
  }
  return m;
}

/// A column of marks: no more of what it holds is unclear than is a yes or a no ("Notes" and
/// "Description" are not mark columns).
bool is_mark_column(const ColumnMarks& m) {
  return m.yes + m.no > 0 && m.unclear <= m.yes + m.no;
}

std::size_t row_width(const Table& table) {
  std::size_t width = 0;
  for (const auto& row : table.rows) {
    width = std::max(width, row.cells.size());
  }
  return width;
}

/// Criteria down one column: the first column with two rows naming one criterion each.
std::optional<TickGrid> criteria_down(const Table& table, const Standard& standard, std::size_t width) {
  for (std::size_t c = 0; c < width; ++c) {
    std::vector<std::size_t> ref_rows;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      if (is_single_reference(Table::cell(table.rows[r], c), standard)) {
        ref_rows.push_back(r);
      }
    }
    if (ref_rows.size() < k_min_grid_criteria || ref_rows.front() == 0 ||
        ref_rows.front() > k_grid_header_rows) {
      continue;
    }
    TickGrid grid;
    grid.criteria_down = true;
    grid.label_column = c;
    grid.header = ref_rows.front() - 1;
    std::size_t yes = 0;
    for (std::size_t k = 0; k < width; ++k) {
      if (k == c || Table::cell(table.rows[grid.header], k).empty()) {
        continue;
      }
      ColumnMarks m = marks_in(table, grid.header + 1, k);
      if (is_mark_column(m)) {
        grid.columns.push_back(k);
        yes += m.yes;
      }
    }
    if (!grid.columns.empty() && yes > 0) {
      return grid;
    }
  }
  return std::nullopt;
}

/// Criteria across a header row, the evidence down the column left of them.
std::optional<TickGrid> criteria_across(const Table& table, const Standard& standard) {
  for (std::size_t r = 0; r < table.rows.size() && r < k_grid_header_rows; ++r) {
    const auto& cells = table.rows[r].cells;
    std::vector<std::size_t> ref_columns;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (is_single_reference(cells[c], standard)) {
        ref_columns.push_back(c);
      }
    }
    if (ref_columns.size() < k_min_grid_criteria || ref_columns.front() == 0) {
      continue;
    }
    TickGrid grid;
    grid.criteria_down = false;
    grid.header = r;
    // The evidence: the column nearest the criteria, on their left, that has labels below.
    bool labelled = false;
    for (std::size_t c = ref_columns.front(); c-- > 0 && !labelled;) {
      for (std::size_t k = r + 1; k < table.rows.size() && !labelled; ++k) {
        if (!Table::cell(table.rows[k], c).empty() && read_mark(Table::cell(table.rows[k], c)) == Mark::unclear) {
          grid.label_column = c;
          labelled = true;
        }
      }
    }
    std::size_t yes = 0;
    for (std::size_t c : ref_columns) {
      ColumnMarks m = marks_in(table, r + 1, c);
      if (is_mark_column(m)) {
        grid.columns.push_back(c);
        yes += m.yes;
      }
    }
    if (labelled && !grid.columns.empty() && yes > 0) {
      return grid;
    }
  }
  return std::nullopt;
}

/// Whether some mark of the grid says yes without being an x (a tick, Y, yes): then the grid's
/// crosses are its noes.
bool marks_yes_without_crosses(const Table& table, const TickGrid& grid) {
  for (std::size_t r = grid.header + 1; r < table.rows.size(); ++r) {
    for (std::size_t c : grid.columns) {
      const std::string& cell = Table::cell(table.rows[r], c);
      if (!cell.empty() && read_mark(cell, true) == Mark::yes) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

Mark read_mark(std::string_view raw, bool crosses_are_no) {
  std::size_t begin = raw.find_first_not_of(" \t");
  if (begin == std::string_view::npos) {
    return Mark::no;
  }
  std::string_view cell = raw.substr(begin, raw.find_last_not_of(" \t") - begin + 1);
  // Marks drawn as symbols, alone or before a remark ("✓ p.3").
  for (std::string_view yes : {"\xE2\x9C\x93", "\xE2\x9C\x94", "\xE2\x98\x91", "\xE2\x9C\x85", "\xF0\x9F\x97\xB8"}) {
    if (starts_with(cell, yes)) {
      return Mark::yes;
    }
  }
  for (std::string_view no : {"\xE2\x9C\x97", "\xE2\x9C\x98", "\xE2\x98\x90", "\xE2\x80\x93", "\xE2\x80\x94"}) {
    if (cell == no) {
      return Mark::no;
    }
  }
  std::string word = lower(cell.substr(0, cell.find_first_of(" (:;,")));
  if (word == "x") {
    return crosses_are_no ? Mark::no : Mark::yes;
  }
  if (word == "y" || word == "yes" || word == "ticked" || word == "tick") {
    return Mark::yes;
  }
  std::string all = lower(cell);
  if (all == "-" || all == "--" || all == "n" || all == "no" || all == "n/a" || all == "na" || all == "none" ||
      all == "0") {
    return Mark::no;
  }
  return Mark::unclear;
}

bool is_single_reference(std::string_view cell, const Standard& standard) {
  if (cell.empty() || cell.size() > 24) {
    return false;
  }
  auto refs = find_references(cell, standard);
  if (refs.size() != 1) {
    return false;
  }
  // Nothing but the reference, give or take punctuation around it.
  for (std::size_t i = 0; i < cell.size(); ++i) {
    bool inside = i >= refs[0].offset && i < refs[0].offset + refs[0].span.size();
    if (!inside && std::isalnum(static_cast<unsigned char>(cell[i]))) {
      return false;
    }
  }
  return true;
}

std::optional<TickGrid> find_tick_grid(const Table& table, const Standard& standard) {
  std::optional<TickGrid> grid = criteria_across(table, standard);
  if (!grid) {
    grid = criteria_down(table, standard, row_width(table));
  }
  if (grid) {
    grid->crosses_are_no = marks_yes_without_crosses(table, *grid);
  }
  return grid;
}

}  // namespace evidex::mapping
