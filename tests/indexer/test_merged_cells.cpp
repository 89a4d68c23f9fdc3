// Merged cell ranges spread over the rows they span (indexer/extract/merged_cells.cpp). Real files:
// tests/indexer/test_extract_ooxml.cpp and test_extract_odf.cpp (fixtures/maps/merged-cells.*).
#include "indexer/extract/merged_cells.hpp"
#include "indexer/extract/sheet_text.hpp"

#include <catch2/catch.hpp>

using namespace evidex::indexer;

TEST_CASE("merged cells: a range's value goes down its first column, and only there", "[sheet]") {
  MergedCells merged;
  merged.add("B3:C5");     // two columns, three rows
  merged.add("A1:F1");     // a title across one row: nothing to spread
  merged.add("$D$2:$D$3");
  merged.add("D9:D7");     // out of order
  merged.add("nonsense");
  merged.anchor(1, 1, "Evidence map for Sam Patel");
  merged.anchor(2, 4, "");  // an empty merged range spreads nothing
  merged.anchor(3, 2, "Call notes.txt");
  CHECK(merged.next_row() == 4);
  CHECK(merged.take_row(3).empty());
  CHECK(merged.take_row(4) == std::map<std::size_t, std::string>{{2, "Call notes.txt"}});
  CHECK(merged.next_row() == 5);
  CHECK(merged.take_row(5) == std::map<std::size_t, std::string>{{2, "Call notes.txt"}});
  CHECK(merged.next_row() == 0);
}

TEST_CASE("merged cells: a range over a whole sheet fills a bounded number of cells", "[sheet][bad-input]") {
  MergedCells merged;
  merged.add("A1:XFD1048576");
  merged.anchor(1, 1, "x");
  std::size_t rows = 0;
  for (std::size_t r = merged.next_row(); r != 0; r = merged.next_row()) {
    rows += merged.take_row(r).size();
  }
  CHECK(rows == kMaxEmptyRowsKept);
  for (std::size_t c = 1; c <= 200; ++c) {
    merged.add(1, c, 1000000, c);
    merged.anchor(1, c, "y");
  }
  std::size_t cells = 0;
  for (std::size_t r = merged.next_row(); r != 0; r = merged.next_row()) {
    cells += merged.take_row(r).size();
  }
  CHECK(cells <= kMaxMergedCellsFilled);
}
