// Visual lines of a PDF page from its word boxes (indexer/extract/pdf_layout.cpp), on made-up pages
// whose geometry follows what poppler reports for LibreOffice's exports (11 pt text, boxes 15.6 pt
// tall, 14 pt apart line to line). Real PDFs: tests/e2e/test_cli_declaration_layout.cpp.
#include "indexer/extract/pdf_layout.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace evidex::indexer;

namespace {

constexpr double kHeight = 15.6;
constexpr double kCharWidth = 6.0;

/// The words of `text` from x on the line whose top is y; the last word has no space after it, as
/// poppler reports the end of one of its lines.
void put(std::vector<PdfWord>& page, double x, double y, const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) {
    words.push_back(w);
  }
  for (std::size_t i = 0; i < words.size(); ++i) {
    double width = kCharWidth * static_cast<double>(words[i].size());
    page.push_back({words[i], x, y, x + width, y + kHeight, i + 1 < words.size()});
    x += width + kCharWidth * 0.5;
  }
}

}  // namespace

TEST_CASE("pdf layout: a table of labels over values is a row a line, an empty cell keeping its column",
          "[pdf]") {
  std::vector<PdfWord> page;
  put(page, 57, 100, "I confirm that the work/evidence uploaded is my own work");
  put(page, 57, 130, "Apprentice name");
  put(page, 240, 130, "Apprentice signature");
  put(page, 420, 130, "Date");
  put(page, 57, 152, "Sam Patel");
  put(page, 420, 152, "20/02/2026");
  put(page, 57, 174, "Employer name");
  put(page, 240, 174, "Employer signature");
  put(page, 420, 174, "Date");
  put(page, 57, 196, "Daniel Brooks");
  put(page, 240, 196, "D. Brooks");
  put(page, 420, 196, "20/02/2026");
  auto lines = layout_lines(page);
  CHECK(is_table_page(lines));
  CHECK(layout_text(lines) ==
        "I confirm that the work/evidence uploaded is my own work\n"
        "Apprentice name\tApprentice signature\tDate\n"
        "Sam Patel\t\t20/02/2026\n"
        "Employer name\tEmployer signature\tDate\n"
        "Daniel Brooks\tD. Brooks\t20/02/2026\n");
}

TEST_CASE("pdf layout: a wrapped cell joins its row, the paragraph under the table does not", "[pdf]") {
  std::vector<PdfWord> page;
  put(page, 57, 100, "Employer name");
  put(page, 200, 100, "Northgate Home Insurance (Daniel Brooks,");
  put(page, 200, 114, "Team Leader)");
  put(page, 57, 136, "Employer signature");
  put(page, 200, 136, "Daniel Brooks");
  put(page, 57, 158, "Date");
  put(page, 200, 158, "20th Feb 2026");
  put(page, 57, 174, "The apprentice will upload this form with the showcase, at the same time");
  auto lines = layout_lines(page);
  CHECK(is_table_page(lines));
  CHECK(layout_text(lines) ==
        "Employer name\tNorthgate Home Insurance (Daniel Brooks, Team Leader)\n"
        "Employer signature\tDaniel Brooks\n"
        "Date\t20th Feb 2026\n"
        "The apprentice will upload this form with the showcase, at the same time\n");
}

TEST_CASE("pdf layout: rows set tight with blank last cells stay rows of their table", "[pdf]") {
  // A table without cell padding: the next row's top touches the row above, as a wrapped line
  // would; but "12S1" ends far short of the next column, so "12S2" did not wrap from it.
  std::vector<PdfWord> page;
  put(page, 57, 100, "Criterion");
  put(page, 300, 100, "Where the evidence is");
  put(page, 57, 114, "12S1");
  put(page, 300, 114, "Complaint account.txt");
  put(page, 57, 128, "12S2");
  put(page, 57, 142, "12S3");
  put(page, 300, 142, "Call notes.txt");
  put(page, 57, 156, "12S4");
  put(page, 57, 174, "Prepared by the apprentice for the end-point assessment of the standard");
  auto lines = layout_lines(page);
  CHECK(is_table_page(lines));
  CHECK(layout_text(lines) ==
        "Criterion\tWhere the evidence is\n"
        "12S1\tComplaint account.txt\n"
        "12S2\t\n"
        "12S3\tCall notes.txt\n"
        "12S4\t\n"
        "Prepared by the apprentice for the end-point assessment of the standard\n");
}

TEST_CASE("pdf layout: two columns of prose are not a table", "[pdf]") {
  std::vector<PdfWord> page;
  const char* left[] = {"When the customer rang back for the third", "time she was angry about the refund and",
                        "asked for my manager, so I listened without", "interrupting and then explained the steps"};
  const char* right[] = {"I checked the payment history and found the", "sort code had a missing digit, which meant",
                         "the refund had bounced back to our account", "twice without anybody noticing it at all"};
  for (int i = 0; i < 4; ++i) {
    put(page, 57, 100 + 14.0 * i, left[i]);
    put(page, 320, 100 + 14.0 * i, right[i]);
  }
  CHECK_FALSE(is_table_page(layout_lines(page)));
}

TEST_CASE("pdf layout: a page of single-column prose is not a table, and a gap in one line is no table",
          "[pdf]") {
  std::vector<PdfWord> page;
  put(page, 57, 40, "12");
  put(page, 400, 40, "Reflective account");
  put(page, 57, 100, "I handled the complaint by listening first and then");
  put(page, 57, 114, "checking the account history before I called back.");
  CHECK_FALSE(is_table_page(layout_lines(page)));
}
