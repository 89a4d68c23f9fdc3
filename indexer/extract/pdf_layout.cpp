#include "indexer/extract/pdf_layout.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <tuple>

namespace evidex::indexer {
namespace {

// Distances are in units of the text's height (a word box is about 1.1 em high), so they hold at
// any font size.

/// Two boxes are on one visual line when they share at least this much of the lower one's height
/// (a superscript or a slightly lower baseline in the next cell still joins).
constexpr double kSameLine = 0.5;
/// Where poppler saw no space after a word (the word ended one of its lines), a gap wider than
/// this is between cells: a word space is about 0.25.
constexpr double kBlockGap = 0.5;
/// Where poppler saw a space, only a gap wider than this is: a justified line of a narrow column
/// stretches its spaces past 1, a label and its value in one line of poppler's can be this close.
constexpr double kCellGap = 3.0;
/// Pieces of one word (a change of font mid-word) are closer than this and have no space.
constexpr double kWordPiece = 0.1;
/// A wrapped cell's next line touches the row's box (poppler's boxes are taller than the line
/// pitch: they overlap); the next row of a table is farther (cell padding, a rule, paragraph spacing).
constexpr double kWrapGap = 0.1;
/// A cell is under a column of the line above when their left edges are this close, in points.
constexpr double kAlign = 4.0;
/// A cell of a label or a value: at most this many words. Two-column prose fills both columns.
constexpr std::size_t kShortCellWords = 4;

double height(double y0, double y1) {
  return std::max(y1 - y0, 1.0);
}

std::size_t words_in(const std::string& s) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool space = c == ' ' || c == '\t';
    n += !space && !in;
    in = !space;
  }
  return n;
}

/// The words of one visual line, left to right, cut into cells.
PdfLine make_line(std::vector<PdfWord>& words) {
  std::sort(words.begin(), words.end(), [](const PdfWord& a, const PdfWord& b) { return a.x0 < b.x0; });
  PdfLine line;
  line.y0 = words.front().y0;
  line.y1 = words.front().y1;
  const PdfWord* prev = nullptr;
  for (const PdfWord& w : words) {
    line.y0 = std::min(line.y0, w.y0);
    line.y1 = std::max(line.y1, w.y1);
    if (!prev) {
      line.cells.push_back({});
    } else {
      double h = std::min(height(prev->y0, prev->y1), height(w.y0, w.y1));
      double gap = w.x0 - prev->x1;
      if (gap > kCellGap * h || (!prev->space_after && gap > kBlockGap * h)) {
        line.cells.push_back({});
      } else if (prev->space_after || gap > kWordPiece * h) {
        line.cells.back().text += ' ';
      }
    }
    PdfCell& cell = line.cells.back();
    if (cell.text.empty()) {
      cell.x0 = w.x0;
    }
    cell.text += w.text;
    cell.x1 = std::max(cell.x1, w.x1);
    prev = &w;
  }
  return line;
}

/// Which of the `columns` (left edges) a cell starting at x stands under, if any.
std::ptrdiff_t column_of(const std::vector<double>& columns, double x) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (std::abs(columns[i] - x) <= kAlign) {
      return static_cast<std::ptrdiff_t>(i);
    }
  }
  return -1;
}

/// The column of each cell of `line` under `columns`, or empty when some cell is under none (or
/// two cells are under one).
std::vector<std::size_t> aligned_columns(const std::vector<double>& columns, const PdfLine& line) {
  std::vector<std::size_t> at;
  for (const PdfCell& c : line.cells) {
    std::ptrdiff_t col = column_of(columns, c.x0);
    if (col < 0 || (!at.empty() && static_cast<std::size_t>(col) <= at.back())) {
      return {};
    }
    at.push_back(static_cast<std::size_t>(col));
  }
  return at;
}

std::vector<double> columns_of(const PdfLine& line) {
  std::vector<double> xs;
  for (const PdfCell& c : line.cells) {
    xs.push_back(c.x0);
  }
  return xs;
}

/// Whether `upper` ends too close to the next column's text (at next_column) for the first word of
/// `lower` to have fitted after it: only then did the cell wrap onto the next line. The room a
/// cell's padding takes is not known, so any gap up to kCellGap counts as no room.
bool left_no_room(const PdfCell& upper, const PdfCell& lower, double next_column, double h) {
  std::size_t first_word = lower.text.find(' ');
  if (first_word == std::string::npos) {
    first_word = lower.text.size();
  }
  double per_char = lower.text.empty() ? 0 : (lower.x1 - lower.x0) / static_cast<double>(lower.text.size());
  double word_width = per_char * static_cast<double>(first_word);
  return upper.x1 + kBlockGap * h + word_width > next_column - kCellGap * h;
}

/// Joins `next` into `row` when it is the wrapped continuation of some of the row's cells: fewer
/// cells, each under one of the row's, and closer than the next row would be.
bool join_wrapped(PdfLine& row, const PdfLine& next) {
  if (row.cells.size() < 2 || next.cells.size() >= row.cells.size()) {
    return false;
  }
  double h = height(next.y0, next.y1);
  if (next.y0 - row.y1 > kWrapGap * h) {
    return false;
  }
  std::vector<double> columns = columns_of(row);
  std::vector<std::size_t> at = aligned_columns(columns, next);
  if (at.empty()) {
    return false;
  }
  for (std::size_t i = 0; i < at.size(); ++i) {
    if (at[i] + 1 < columns.size() && next.cells[i].x1 > columns[at[i] + 1]) {
      return false;  // runs into the next column: a paragraph under the table, not a wrapped cell
    }
  }
  for (std::size_t i = 0; i < at.size(); ++i) {
    if (at[i] + 1 < columns.size() && !left_no_room(row.cells[at[i]], next.cells[i], columns[at[i] + 1], h)) {
      return false;  // a short cell followed by more: the next row of a table with tight rows
    }
  }
  for (std::size_t i = 0; i < at.size(); ++i) {
    PdfCell& cell = row.cells[at[i]];
    cell.text += ' ' + next.cells[i].text;
    cell.x1 = std::max(cell.x1, next.cells[i].x1);
  }
  row.y1 = std::max(row.y1, next.y1);
  return true;
}

}  // namespace

std::vector<PdfLine> layout_lines(std::vector<PdfWord> words) {
  std::erase_if(words, [](const PdfWord& w) { return w.text.empty() || !(w.y1 > w.y0) || !(w.x1 >= w.x0); });
  std::sort(words.begin(), words.end(), [](const PdfWord& a, const PdfWord& b) {
    return std::tie(a.y0, a.x0) < std::tie(b.y0, b.x0);
  });
  std::vector<PdfLine> lines;
  std::vector<PdfWord> current;
  double top = 0, bottom = 0;
  auto flush = [&] {
    if (current.empty()) {
      return;
    }
    PdfLine line = make_line(current);
    if (lines.empty() || !join_wrapped(lines.back(), line)) {
      lines.push_back(std::move(line));
    }
    current.clear();
  };
  for (PdfWord& w : words) {
    if (!current.empty()) {
      double overlap = std::min(bottom, w.y1) - std::max(top, w.y0);
      double smaller = std::min(height(top, bottom), height(w.y0, w.y1));
      if (overlap < kSameLine * smaller) {
        flush();
      }
    }
    if (current.empty()) {
      top = w.y0;
      bottom = w.y1;
    } else {
      bottom = std::max(bottom, w.y1);
    }
    current.push_back(std::move(w));
  }
  flush();
  return lines;
}

/// Whether `lower` carries on the sentence of `upper`, as a column of prose does line after line
/// ("… within the specific" / "chemical designation …"); a table's cells each stand alone.
bool carries_on(const std::string& upper, const std::string& lower) {
  if (upper.empty() || lower.empty()) {
    return false;
  }
  auto u = static_cast<unsigned char>(upper.back());
  auto l = static_cast<unsigned char>(lower.front());
  return (std::islower(u) || u == ',' || u == '-') && std::islower(l);
}

/// Cells that carry on the sentence of the cell above them in the same column: multi-column prose.
std::size_t flowing_cells(const std::vector<PdfLine>& lines) {
  std::size_t flows = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const PdfLine& upper = lines[i - 1];
    if (upper.cells.size() < 2 && lines[i].cells.size() < 2) {
      continue;
    }
    std::vector<double> columns = columns_of(upper);
    for (const PdfCell& c : lines[i].cells) {
      std::ptrdiff_t col = column_of(columns, c.x0);
      flows += col >= 0 && carries_on(upper.cells[static_cast<std::size_t>(col)].text, c.text);
    }
  }
  return flows;
}

bool is_table_page(const std::vector<PdfLine>& lines) {
  // A table's rows follow one another with their cells in the same columns; a gap inside one line
  // (an equation, a page number beside a running head, a proof's closing box) is not a table.
  auto shares_columns = [](const PdfLine& a, const PdfLine& b) {
    if (a.cells.size() < 2 || b.cells.size() < 2) {
      return false;
    }
    std::vector<double> columns = columns_of(a);
    std::size_t shared = 0;
    for (const PdfCell& c : b.cells) {
      shared += column_of(columns, c.x0) >= 0;
    }
    return shared >= 2;
  };
  std::size_t table_rows = 0, prose_rows = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const PdfLine& line = lines[i];
    bool in_table = (i > 0 && shares_columns(lines[i - 1], line)) ||
                    (i + 1 < lines.size() && shares_columns(lines[i + 1], line));
    if (!in_table) {
      continue;
    }
    bool any_short = std::any_of(line.cells.begin(), line.cells.end(),
                                 [](const PdfCell& c) { return words_in(c.text) <= kShortCellWords; });
    (any_short ? table_rows : prose_rows) += 1;
  }
  return table_rows >= 2 && table_rows > prose_rows && flowing_cells(lines) * 4 < table_rows;
}

std::string layout_text(const std::vector<PdfLine>& lines) {
  std::string out;
  std::vector<double> columns;  // the left edges of the cells of the table row above, if any
  for (const PdfLine& line : lines) {
    std::vector<std::size_t> at = columns.empty() ? std::vector<std::size_t>{} : aligned_columns(columns, line);
    bool under_table = !at.empty();
    if (at.empty()) {
      for (std::size_t i = 0; i < line.cells.size(); ++i) {
        at.push_back(i);
      }
      columns = line.cells.size() >= 2 ? columns_of(line) : std::vector<double>{};
    }
    std::size_t col = 0;
    for (std::size_t i = 0; i < line.cells.size(); ++i) {
      for (; col < at[i]; ++col) {
        out += '\t';
      }
      out += line.cells[i].text;
    }
    // A row of the table whose last cells are empty ("10S4" beside no evidence) keeps its empty
    // columns, so that it stays a row of the table rather than ending it. Only short cells: a
    // paragraph under a table that starts at its left edge is no row.
    bool short_cells = std::all_of(line.cells.begin(), line.cells.end(),
                                   [](const PdfCell& c) { return words_in(c.text) <= kShortCellWords; });
    if (under_table && short_cells) {
      for (++col; col < columns.size(); ++col) {
        out += '\t';
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace evidex::indexer
