// `evidex report` through the binary, rendered in headless Chromium as a person's browser would:
// the page parses, lays out, screenshots and prints; it says what a reader needs; its links open
// the very bytes uploaded; a hostile file name is shown, not obeyed; and it fetches nothing.
#include "tests/support/archive_writer.hpp"
#include "tests/support/chromium.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace evidex::test;
using Catch::Contains;
namespace fs = std::filesystem;

namespace {

const std::string k_account = "Showcase/01 Reflective account - handling a complaint (12S3, 12S6).docx";

// The <tr> of one criterion in the matrix.
std::string row_of(const std::string& dom, const std::string& ref) {
  auto start = dom.find("id=\"criterion-" + ref + "\"");
  REQUIRE(start != std::string::npos);
  start = dom.rfind("<tr", start);
  return dom.substr(start, dom.find("</tr>", start) - start);
}

std::string section_of(const std::string& dom, const std::string& id) {
  auto start = dom.find("<section id=\"" + id + "\"");
  REQUIRE(start != std::string::npos);
  return dom.substr(start, dom.find("</section>", start) - start);
}

// The href of the link whose text is `text`.
std::string href_of(const std::string& dom, const std::string& text) {
  std::regex link(R"re(<a [^>]*href="([^"]*)"[^>]*>([^<]*)</a>)re");
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), link); it != std::sregex_iterator(); ++it) {
    if ((*it)[2] == text) {
      return (*it)[1];
    }
  }
  FAIL("no link " << text);
  return {};
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string html_unescape_attr(std::string s) {
  for (auto [from, to] : {std::pair{"&amp;", "&"}, {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}}) {
    for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) {
      s.replace(at, std::string(from).size(), to);
    }
  }
  return s;
}

// Every src/href/url() in the DOM that would leave the machine.
std::vector<std::string> external_urls(const std::string& dom) {
  std::vector<std::string> out;
  std::regex attr(R"re(\b(?:src|href|srcset|action|poster|data)\s*=\s*"\s*((?:https?:)?//[^"]*)")re",
                  std::regex::icase);
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), attr); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1]);
  }
  std::regex css(R"re(url\(\s*['"]?\s*(?:https?:)?//)re", std::regex::icase);
  if (std::regex_search(dom, css)) {
    out.push_back("a CSS url()");
  }
  return out;
}

// Event-handler attributes (onclick, onerror...) on any element of the DOM, values left aside.
std::vector<std::string> event_handlers(const std::string& dom) {
  std::vector<std::string> out;
  std::regex tag(R"(<[a-zA-Z][^>]*>)");
  std::regex quoted(R"("[^"]*")");
  std::regex handler(R"(\s(on\w+)\s*=)", std::regex::icase);
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), tag); it != std::sregex_iterator(); ++it) {
    std::string bare = std::regex_replace(it->str(), quoted, "\"\"");
    std::smatch m;
    if (std::regex_search(bare, m, handler)) {
      out.push_back(m[1]);
    }
  }
  return out;
}

struct ReportStore {
  TempDir work;
  fs::path store = work / "store";
  ReportStore() {
    Run ingest = run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001", "--name",
                                    "Sam Patel", "--quiet"});
    REQUIRE(ingest.exit_code == 0);
  }
};

}  // namespace

TEST_CASE("report: the sample showcase's page, rendered in Chromium", "[e2e][report]") {
  ReportStore s;
  fs::path page = s.work / "Sam Patel report.html";
  Run run = run_evidex(s.store, {"report", "--apprentice", "A001", "--out", page.string(), "--assessment-date",
                                 "2021-03-19"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.empty());
  Rendered r = render_in_chromium(page, s.work / "chromium");

  // The verdict at the top, with who, the standard, the method and the dates.
  CHECK_THAT(r.dom, Contains("<html lang=\"en\">"));
  CHECK_THAT(r.dom, Contains("Evidence report: Sam Patel"));
  CHECK_THAT(r.dom, Contains("Apprentice ID A001"));
  CHECK_THAT(r.dom, Contains("ST0072 Customer Service Practitioner"));
  CHECK_THAT(r.dom, Contains("Apprentice showcase"));
  CHECK_THAT(r.dom, Contains("2021-03-19"));
  auto verdict = r.dom.find("class=\"verdict bad\"");
  REQUIRE(verdict != std::string::npos);
  CHECK_THAT(r.dom.substr(verdict, 800), Contains("Not ready · "));
  CHECK_THAT(r.dom.substr(verdict, 800), Contains(" blocking issues"));
  CHECK(verdict < r.dom.find("id=\"coverage\""));

  // What blocks it, in plain words, each with its item.
  std::string blocking = section_of(r.dom, "blocking");
  CHECK_THAT(blocking, Contains("Criterion not covered:</span> <a href=\"#criterion-2K4\">2K4</a> is not covered"));
  CHECK_THAT(blocking, Contains("A file could not be read:"));
  CHECK_THAT(blocking, Contains(">Showcase/10 Old presentation.pptx</a>"));
  CHECK_THAT(blocking, Contains("Duplicated evidence:"));
  CHECK_THAT(blocking, Contains("Sent too late:"));  // received today, for an assessment in 2021
  CHECK_THAT(blocking, Contains("Distinction not reached:"));

  // A covered criterion and a missing one.
  std::string covered = row_of(r.dom, "12S3");
  CHECK_THAT(covered, Contains("Covered"));
  CHECK_THAT(covered, Contains(k_account));
  CHECK_THAT(covered, Contains("evidence map"));
  std::string missing = row_of(r.dom, "2K4");
  CHECK_THAT(missing, Contains("class=\"gap\""));
  CHECK_THAT(missing, Contains("Missing"));
  CHECK_THAT(missing, Contains("No evidence"));
  // The corrupt presentation is named for 2K2 but cannot count.
  CHECK_THAT(row_of(r.dom, "2K2"), Contains("not counted: the item could not be read"));

  // The declaration.
  std::string declaration = section_of(r.dom, "declaration");
  CHECK_THAT(declaration, Contains("Complete"));
  CHECK_THAT(declaration, Contains("Showcase/08 Declaration of Authenticity.docx"));
  CHECK_THAT(declaration, Contains("the registered name"));

  // The DOCX and its PDF export are the same text.
  std::string duplicates = section_of(r.dom, "duplicates");
  CHECK_THAT(duplicates, Contains("The same text in different files"));
  CHECK_THAT(duplicates, Contains(k_account));
  CHECK_THAT(duplicates, Contains("Showcase/02 Reflective account - handling a complaint.pdf"));

  // The items, with the one that could not be read.
  std::string items = section_of(r.dom, "items");
  CHECK_THAT(items, Contains("Showcase/Supporting/archive of letters.zip/"));
  CHECK_THAT(items, Contains("Could not be read"));

  // A link opens the original bytes, as uploaded.
  std::string href = href_of(r.dom, k_account);
  REQUIRE(href.rfind("file:///", 0) == 0);
  fs::path blob = percent_decode(html_unescape_attr(href).substr(7));
  REQUIRE(fs::is_regular_file(blob));
  extract_archive(fixture("sample-bundle.zip"), s.work / "unzipped");
  CHECK(read_file(blob) == read_file(s.work / "unzipped" / k_account));
  CHECK_THAT(r.dom, Contains("download=\"01 Reflective account - handling a complaint (12S3, 12S6).docx\""));
  CHECK_THAT(r.dom, Contains("type=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document\""));

  // Nothing external in the page, and nothing fetched while rendering it.
  CHECK(external_urls(read_file(page)).empty());
  CHECK(external_urls(r.dom).empty());
  CHECK(r.fetched.empty());

  // It rendered: a screenshot and a printed PDF of several pages.
  std::string png = read_file(r.png);
  CHECK(png.rfind("\x89PNG\r\n\x1a\n", 0) == 0);
  CHECK(png.size() > 20000);
  std::string pdf = read_file(r.pdf);
  CHECK(pdf.rfind("%PDF-", 0) == 0);
  std::size_t pages = 0;
  for (auto at = pdf.find("/Type /Page"); at != std::string::npos; at = pdf.find("/Type /Page", at + 1)) {
    pages += pdf.compare(at, 12, "/Type /Pages") != 0;
  }
  CHECK(pages >= 3);
}

TEST_CASE("report: the network check would catch a page that fetches", "[e2e][report]") {
  // The control for the check above: the same rendering of a page with one external image.
  TempDir work;
  write_file(work / "fetching.html",
             "<!DOCTYPE html><html lang=\"en\"><body><img src=\"https://fonts.example.org/x.png\"></body></html>");
  Rendered r = render_in_chromium(work / "fetching.html", work / "chromium", "400,300");
  CHECK(external_urls(r.dom) == std::vector<std::string>{"https://fonts.example.org/x.png"});
  REQUIRE_FALSE(r.fetched.empty());
  CHECK_THAT(r.fetched.front(), Contains("fonts.example.org"));
}

TEST_CASE("report: a hostile file name is shown as text, never run", "[e2e][report][bad-input]") {
  TempDir work;
  // A folder "<script>alert(1)<" holding "script>.txt": the item's path is "<script>alert(1)</script>.txt".
  fs::path bundle = work / "bundle";
  write_file(bundle / "<script>alert(1)<" / "script>.txt", "Evidence for 2K1: the aims of my organisation.");
  write_file(bundle / "<img src=x onerror=alert(2)>.txt", "Evidence for 3K1: the Consumer Rights Act.");
  write_file(bundle / "\" onmouseover=\"alert(3).txt", "Evidence for 4K1.");
  Run ingest = run_evidex(work / "store", {"ingest", bundle.string(), "--apprentice", "B1", "--name",
                                           "<b>Eve</b>", "--quiet"});
  REQUIRE(ingest.exit_code == 0);
  fs::path page = work / "report.html";
  Run run = run_evidex(work / "store", {"report", "--apprentice", "B1", "--out", page.string()});
  REQUIRE(run.exit_code == 0);
  Rendered r = render_in_chromium(page, work / "chromium", "800,600");

  CHECK_THAT(r.dom, Contains("&lt;script&gt;alert(1)&lt;/script&gt;.txt"));
  CHECK_THAT(r.dom, Contains("&lt;img src=x onerror=alert(2)&gt;.txt"));
  CHECK_THAT(r.dom, Contains("Evidence report: &lt;b&gt;Eve&lt;/b&gt;"));
  // No element the bundle named: no script, no image, no event handler, no bold.
  CHECK_THAT(r.dom, !Contains("<script"));
  CHECK_THAT(r.dom, !Contains("<img"));
  CHECK_THAT(r.dom, !Contains("<b>"));
  CHECK(event_handlers(r.dom).empty());
  // The quotes in the third name stay text: the name is the link's text, not attributes.
  CHECK_THAT(r.dom, Contains(" type=\"text/plain\">\" onmouseover=\"alert(3).txt</a>"));
  CHECK(r.fetched.empty());
}

TEST_CASE("report --copy-items: the originals beside the page, under their own names", "[e2e][report]") {
  ReportStore s;
  fs::path page = s.work / "out" / "report.html";
  fs::create_directories(page.parent_path());
  Run run = run_evidex(s.store, {"report", "--apprentice", "A001", "--out", page.string(), "--copy-items"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  std::string html = read_file(page);
  std::string href = href_of(html, k_account);
  CHECK(href == "./report_files/01%20Reflective%20account%20-%20handling%20a%20complaint%20%2812S3%2C%2012S6%29.docx");
  extract_archive(fixture("sample-bundle.zip"), s.work / "unzipped");
  CHECK(read_file(page.parent_path() / percent_decode(href)) == read_file(s.work / "unzipped" / k_account));
  // Moved elsewhere together, page and folder still work: the links are relative.
  fs::rename(s.work / "out", s.work / "moved");
  CHECK(fs::exists(s.work / "moved" / percent_decode(href)));
  CHECK(external_urls(html).empty());
  CHECK_THAT(html, !Contains("file://"));
}

TEST_CASE("report: usage and input errors", "[e2e][report]") {
  ReportStore s;
  CHECK(run_evidex(s.store, {"report", "--apprentice", "A001"}).exit_code == 2);  // no --out
  Run unknown = run_evidex(s.store, {"report", "--apprentice", "NOBODY", "--out", (s.work / "x.html").string()});
  CHECK(unknown.exit_code == 3);
  CHECK_THAT(unknown.err, Contains("NOBODY"));
  CHECK_FALSE(fs::exists(s.work / "x.html"));
  CHECK(run_evidex(s.store, {"report", "--apprentice", "A001", "--out", (s.work / "x.html").string(),
                             "--assessment-date", "20/03/2026"})
            .exit_code == 2);
  CHECK(run_evidex(s.store, {"report", "--apprentice", "A001", "--out", "-", "--copy-items"}).exit_code == 2);
  CHECK(run_evidex(s.store, {"report", "--apprentice", "A001", "--out", (s.work / "x.html").string(), "--method",
                             "interview"})
            .exit_code == 2);
  Run nowhere =
      run_evidex(s.store, {"report", "--apprentice", "A001", "--out", (s.work / "no such folder" / "r.html").string()});
  CHECK(nowhere.exit_code == 3);
  CHECK_THAT(nowhere.err, Contains("no such folder/r.html"));

  // --out - writes the page to standard output.
  Run stdout_run = run_evidex(s.store, {"report", "--apprentice", "A001", "--out", "-"});
  CHECK(stdout_run.exit_code == 0);
  CHECK(stdout_run.out.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK_THAT(stdout_run.out, Contains("</html>"));
}
