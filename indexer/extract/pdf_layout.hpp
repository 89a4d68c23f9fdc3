/** @file
 * @brief Rebuilds the visual lines of a PDF page from its words and their boxes, so that a table
 * row comes out as one line with its cells separated by a TAB: the shape the DOCX, ODT and HTML
 * extractors give table rows, which the declaration and evidence-map readers rely on.
 *
 * Poppler's reading order (page::text) keeps the columns of a two-column paper apart, but it reads
 * a table as blocks: the cells of a column one after another, then the next column, so a form whose
 * labels stand left (or above) and values right (or below) comes out as all labels, then all values.
 * The layout built here is used only for pages that hold tables (is_table_page): multi-column prose
 * stays in reading order, where phrases run along a column.
 *
 * Independent of poppler (pdf.cpp converts its text boxes), so it can be tested on made-up pages.
 */
#pragma once

#include <string>
#include <vector>

namespace evidex::indexer {

/// One word as the PDF places it, in points from the top left of the page.
struct PdfWord {
  std::string text;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool space_after = false;  // poppler saw a space after it on its own line
};

/// One cell of a visual line: words close enough together to read as one phrase.
struct PdfCell {
  std::string text;
  double x0 = 0, x1 = 0;
};

/// A visual line: words whose boxes share most of their height, left to right, cut into cells where
/// the gap between two words is much wider than a space. A line continues on the next visual line
/// when a cell wraps (see pdf_layout.cpp).
struct PdfLine {
  std::vector<PdfCell> cells;
  double y0 = 0, y1 = 0;
};

/// The visual lines of a page, top to bottom, wrapped cells joined to their row.
std::vector<PdfLine> layout_lines(std::vector<PdfWord> words);

/// Whether the page holds a table (or a form laid out as one): at least two lines that follow a
/// line with cells in the same columns (two or more of them), and more such lines with a short cell
/// (a label, a value, a date) than with long cells only, which is two-column prose.
bool is_table_page(const std::vector<PdfLine>& lines);

/// The page's text, a line per visual line, its cells separated by TABs (a cell under a column of
/// the table above it keeps its column: an empty first cell is an empty field, "\tS Patel").
std::string layout_text(const std::vector<PdfLine>& lines);

}  // namespace evidex::indexer
