#include "indexer/extract/handlers.hpp"
#include "indexer/extract/html_text.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/text_encoding.hpp"
#include "tests/support/extract_helper.hpp"

#include "tests/support/corpus_manifest.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

using namespace evidex;
using namespace evidex::indexer;
using evidex::test::contains_normalised;
using evidex::test::extract_with;
using evidex::test::fixture;
using evidex::test::TempDir;

TEST_CASE("LibreOffice HTML export: text, table cells, title", "[html]") {
  TempDir scratch;
  auto html = make_html_extractor();
  auto got = extract_with(*html, fixture("formats/html/libreoffice-reflective-account.html"), scratch);
  CHECK(contains_normalised(got.text, "I escalated the complaint to my team leader"));
  CHECK(contains_normalised(got.text, "charged \xC2\xA3" "49.99 twice"));
  CHECK(contains_normalised(got.text, "\xE2\x80\x9Cthis is the second time\xE2\x80\x9D"));
  CHECK(contains_normalised(got.text, "K4 customer service\tRefund log"));
  CHECK(got.result.meta.at("title") == "Reflective account: customer complaint");
}

TEST_CASE("HTML whose meta claims UTF-8 but whose bytes are windows-1252", "[html]") {
  TempDir scratch;
  auto html = make_html_extractor();
  auto got = extract_with(*html, fixture("formats/html/python-misleading-meta-cp1252.html"), scratch);
  CHECK(contains_normalised(got.text, "I escalated the complaint to my team leader \xE2\x80\x9Cstraight away\xE2\x80\x9D "
                                      "\xE2\x80\x93 refund \xC2\xA3" "49.99."));
  CHECK(got.result.meta.at("title") == "RE: Complaint \xE2\x80\x93 order 1182");
  // <br> ends a line; hidden elements and scripts are not text.
  CHECK(got.text.find("Thanks,\nPriya") != std::string::npos);
  CHECK(got.text.find("tracking-pixel-secret") == std::string::npos);
  CHECK(got.text.find("script text") == std::string::npos);
}

TEST_CASE("HTML with a true windows-1251 declaration", "[html]") {
  TempDir scratch;
  auto html = make_html_extractor();
  auto got = extract_with(*html, fixture("formats/html/python-declared-cp1251.html"), scratch);
  CHECK(contains_normalised(got.text, "Я передал жалобу руководителю."));
  CHECK(got.result.meta.at("title") == "Отчёт");
}

TEST_CASE("HTML labelled Latin-1 whose text is Russian windows-1251", "[html]") {
  TempDir scratch;
  auto html = make_html_extractor();
  auto got = extract_with(*html, fixture("formats/html/python-latin1-label-cp1251.html"), scratch);
  CHECK(contains_normalised(got.text, "Я передал жалобу руководителю."));
}

TEST_CASE("html_to_text: entities, whitespace, pre, hidden, meta charset ignored", "[html]") {
  auto t = html_to_text(
      "<html><head><meta charset='iso-8859-1'><title> A  &amp; B </title></head><body>"
      "<p>caf\xC3\xA9 &eacute;t&eacute; &#8364;5 &nbsp;x</p>\n  <p>two\n   lines</p>"
      "<pre>a  b\n c</pre><p hidden>secret</p><table><tr><th>h1</th><th>h2</th></tr></table></body></html>");
  CHECK(t.title == "A & B");
  CHECK(t.text.find("caf\xC3\xA9 \xC3\xA9t\xC3\xA9 \xE2\x82\xAC" "5") != std::string::npos);
  CHECK(t.text.find("two lines") != std::string::npos);
  CHECK(t.text.find("a  b\n c") != std::string::npos);
  CHECK(t.text.find("secret") == std::string::npos);
  CHECK(t.text.find("h1\th2") != std::string::npos);
}

TEST_CASE("HTML: deeply nested and unclosed markup does not crash", "[html]") {
  std::string deep;
  for (int i = 0; i < 20000; ++i) {
    deep += "<div><span>";
  }
  deep += "bottom";
  auto t = html_to_text(deep);
  CHECK(is_valid_utf8(t.text));
  CHECK(html_to_text("").text.empty());
  CHECK(html_to_text("<<<>>>&&&;;</p></p>").text.find("&&&") != std::string::npos);
}

namespace {

std::vector<evidex::test::CorpusRow> corpus_rows(std::string_view folder) {
  std::vector<evidex::test::CorpusRow> rows;
  for (const auto& row : evidex::test::corpus_manifest()) {
    if (row.in_folder(folder)) {
      rows.push_back(row);
    }
  }
  return rows;
}

const Extractor& extractor_for(const std::string& file) {
  static auto html = make_html_extractor();
  static auto rtf = make_rtf_extractor();
  static auto text = make_text_extractor();
  static auto xml = make_xml_extractor();
  auto ext = std::filesystem::path(file).extension().string();
  if (ext == ".html" || ext == ".htm" || ext == ".eml") {
    return *html;
  }
  if (ext == ".rtf") {
    return *rtf;
  }
  if (ext == ".xml") {
    return *xml;
  }
  return *text;
}

}  // namespace

TEST_CASE("real-world corpus: html-text", "[html][rtf][text][corpus]") {
  // Phrases we cannot get yet, with the reason. Empty: every phrase is found.
  const std::set<std::string> not_yet_found = {};
  auto rows = corpus_rows("html-text/");
  REQUIRE(rows.size() == 36);
  std::size_t with_phrase = 0, found = 0;
  for (const auto& row : rows) {
    INFO(row.file);
    TempDir scratch;
    auto got = extract_with(extractor_for(row.file), evidex::test::corpus_dir() / row.file, scratch);
    CHECK(is_valid_utf8(got.text));
    if (row.expect_contains.empty()) {
      continue;
    }
    ++with_phrase;
    bool ok = contains_normalised(got.text, row.expect_contains);
    found += ok;
    if (not_yet_found.count(row.file)) {
      CHECK_FALSE(ok);
    } else {
      INFO(got.text.substr(0, 2000));
      CHECK(ok);
    }
  }
  WARN("html-text corpus phrases found: " << found << " / " << with_phrase);
}

TEST_CASE("real-world corpus: hostile HTML-bearing files through the HTML handler", "[html][corpus]") {
  // The e-mails are the e-mail handler's; their HTML bodies still must not crash html_to_text.
  for (const char* name : {"hostile/nodemailparser__htmllargecallstack.eml",
                           "hostile/nodemailparser__outofmemory.eml"}) {
    INFO(name);
    TempDir scratch;
    try {
      auto got = extract_with(extractor_for(".html"), evidex::test::corpus_dir() / name, scratch);
      CHECK(is_valid_utf8(got.text));
    } catch (const ItemError& e) {
      SUCCEED(e.reason());
    }
  }
}
