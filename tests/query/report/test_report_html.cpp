// The HTML report as a person reads it: verdict first, gaps that stand out in colour and in words,
// counted evidence apart from suggestions, every item linked, and nothing from the bundle obeyed.
#include "indexer/store/store.hpp"
#include "indexer/util/sha256.hpp"
#include "query/coverage/coverage.hpp"
#include "query/report/report_html.hpp"
#include "tests/support/standards.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <regex>

using namespace evidex;
using Catch::Contains;

namespace {

const mapping::Standard& st0072() { return test::shipped_standard("ST0072"); }

const std::string k_hostile = "Showcase/<script>alert(1)</script>.txt";

indexer::NewItem new_item(const std::string& path, const std::string& type, const std::string& mime,
                          const std::string& error = "") {
  indexer::NewItem i;
  i.record.path = path;
  i.record.type = type;
  i.record.mime = mime;
  i.record.bytes = 2048;
  i.record.sha256 = sha256_hex(path);
  i.record.error = error;
  i.text = "text of " + path;
  return i;
}

// One apprentice: an account tagged to every showcase pass criterion but 12S5, a file with a
// hostile name that only has an inferred tag, and a corrupt presentation named for 2K2.
struct ReportStore {
  test::TempDir dir;
  indexer::Store store{dir / "store", indexer::Store::Mode::write};

  ReportStore() {
    store.put_bundle({"A1", "Sam <b>Patel</b>", "ST0072", "IEA7"}, indexer::BundleInfo{},
                         {new_item("Showcase/account.docx", "docx", "application/vnd.openxmlformats-officedocument."
                                                                    "wordprocessingml.document"),
                          new_item(k_hostile, "text", "text/plain"),
                          new_item("Showcase/slides.pptx", "pptx", "application/zip", "corrupt zip")});
    std::int64_t account = 0, hostile = 0, slides = 0;
    for (const auto& item : store.items("A1")) {
      (item.path == k_hostile ? hostile : item.type == "docx" ? account : slides) = item.id;
    }
    std::vector<indexer::NewTag> tags;
    for (const auto* c : st0072().criteria_for("showcase")) {
      if (!c->distinction_in("showcase") && c->ref != "12S5" && c->ref != "2K2") {
        tags.push_back({account, c->ref, "explicit", std::nullopt, c->ref, "text", 0, ""});
      }
    }
    tags.push_back({hostile, "12S5", "inferred", 0.62, "<img src=x onerror=alert(2)>", "content", std::nullopt,
                    "terms"});
    tags.push_back({slides, "2K2", "map", std::nullopt, "2K2", "map", std::nullopt, "map.csv row 3"});
    store.replace_tags("A1", tags, {{k_hostile, "a problem about <this>"}});
  }

  query::ReportInput input() {
    query::ReportInput in;
    in.apprentice = *store.apprentice("A1");
    in.coverage = query::compute_coverage(store, st0072(), "A1", "showcase");
    in.items = store.items("A1");
    in.tags = store.tags("A1");
    in.generated = "2026-03-02";
    in.assessment_date = "2026-03-16";
    for (const auto& item : in.items) {
      in.links[item.path] = {"file:///store/blobs/" + item.sha256.substr(0, 2) + "/" + item.sha256, "name.bin"};
    }
    in.links_note = "Links lead to the store.";
    return in;
  }
};

// The <tr> of one criterion in the matrix.
std::string row_of(const std::string& html, const std::string& ref) {
  auto start = html.find("id=\"criterion-" + ref + "\"");
  REQUIRE(start != std::string::npos);
  start = html.rfind("<tr", start);
  return html.substr(start, html.find("</tr>", start) - start);
}

std::string section_of(const std::string& html, const std::string& id) {
  auto start = html.find("<section id=\"" + id + "\"");
  REQUIRE(start != std::string::npos);
  return html.substr(start, html.find("</section>", start) - start);
}

}  // namespace

TEST_CASE("report html: verdict, who, standard, method and dates at the top", "[report]") {
  ReportStore s;
  std::string html = query::render_report_html(s.input());
  CHECK_THAT(html, Contains("<html lang=\"en\">"));
  CHECK_THAT(html, Contains("Not ready"));
  CHECK_THAT(html, Contains("27 of 29 pass criteria covered"));
  CHECK_THAT(html, Contains("Sam &lt;b&gt;Patel&lt;/b&gt;"));
  CHECK_THAT(html, Contains("Apprentice ID A1"));
  CHECK_THAT(html, Contains("ST0072 Customer Service Practitioner, level 2"));
  CHECK_THAT(html, Contains("Apprentice showcase"));
  CHECK_THAT(html, Contains("2026-03-02"));
  CHECK_THAT(html, Contains("2026-03-16"));
  // The verdict comes before the matrix.
  CHECK(html.find("Not ready") < html.find("id=\"coverage\""));
}

TEST_CASE("report html: a gap stands out in colour and in words, covered rows say so", "[report]") {
  ReportStore s;
  std::string html = query::render_report_html(s.input());
  std::string gap = row_of(html, "12S5");
  CHECK_THAT(gap, Contains("class=\"gap\""));
  CHECK_THAT(gap, Contains("Missing"));
  CHECK_THAT(gap, Contains("<svg"));
  std::string covered = row_of(html, "12S3");
  CHECK_THAT(covered, Contains("class=\"covered\""));
  CHECK_THAT(covered, Contains("Covered"));
  CHECK_THAT(covered, Contains("Showcase/account.docx"));
  CHECK_THAT(covered, Contains("named in the item"));
  CHECK_THAT(row_of(html, "12S4"), Contains(st0072().find("12S4")->text.substr(0, 30)));
  // A distinction criterion carries the mark.
  CHECK_THAT(row_of(html, "2K6"), Contains("Distinction"));
  CHECK_THAT(row_of(html, "12S3"), !Contains("Distinction"));
  // Grouped by module, with the module's title.
  CHECK_THAT(html, Contains("Module 12: Dealing with customer conflict and challenge"));
}

TEST_CASE("report html: suggestions and unreadable evidence are shown apart and do not count", "[report]") {
  ReportStore s;
  std::string html = query::render_report_html(s.input());
  std::string s5 = row_of(html, "12S5");
  CHECK_THAT(s5, Contains("Suggested, not counted"));
  CHECK_THAT(s5, Contains("score 0.62"));
  std::string k2 = row_of(html, "2K2");
  CHECK_THAT(k2, Contains("class=\"gap\""));
  CHECK_THAT(k2, Contains("not counted: the item could not be read: corrupt zip"));
}

TEST_CASE("report html: every text from the bundle is escaped", "[report][bad-input]") {
  ReportStore s;
  std::string html = query::render_report_html(s.input());
  CHECK_THAT(html, Contains("&lt;script&gt;alert(1)&lt;/script&gt;.txt"));
  CHECK_THAT(html, Contains("&lt;img src=x onerror=alert(2)&gt;"));
  CHECK_THAT(html, Contains("a problem about &lt;this&gt;"));
  CHECK_THAT(html, !Contains("<script"));
  CHECK_THAT(html, !Contains("<img"));
  CHECK_THAT(html, !Contains("<b>Patel"));
}

TEST_CASE("report html: items are listed with size, criteria and errors, and linked to their originals",
          "[report]") {
  ReportStore s;
  auto in = s.input();
  std::string html = query::render_report_html(in);
  const auto& account = *std::find_if(in.items.begin(), in.items.end(), [](const indexer::ItemRecord& i) {
    return i.path == "Showcase/account.docx";
  });
  CHECK_THAT(html, Contains("<a class=\"path\" href=\"file:///store/blobs/" + account.sha256.substr(0, 2) + "/" +
                            account.sha256 + "\" download=\"name.bin\" type=\"application/vnd.openxmlformats-"
                                             "officedocument.wordprocessingml.document\">Showcase/account.docx</a>"));
  CHECK_THAT(html, Contains("2.0 KB"));
  CHECK_THAT(html, Contains("Could not be read:</span> corrupt zip"));
  CHECK_THAT(html, Contains("suggested: 12S5"));
  CHECK_THAT(html, Contains("Links lead to the store."));

  // Without a link the name is still shown, as text.
  in.links.clear();
  html = query::render_report_html(in);
  CHECK_THAT(html, Contains("<span class=\"path\">Showcase/account.docx</span>"));
  CHECK_THAT(html, !Contains("<a class=\"path\""));
}

TEST_CASE("report html: self-contained, nothing to fetch, nothing to run", "[report]") {
  ReportStore s;
  std::string html = query::render_report_html(s.input());
  CHECK_THAT(html, Contains("Content-Security-Policy"));
  CHECK_THAT(html, Contains("default-src 'none'"));
  CHECK_THAT(html, !Contains("http://"));
  CHECK_THAT(html, !Contains("https://"));
  CHECK_THAT(html, !Contains("<link"));
  CHECK_THAT(html, !Contains("@import"));
  CHECK_THAT(html, !Contains("url("));
  // Every link is to the page itself or to an original.
  std::regex attr(R"re(\b(href|src)="([^"]*)")re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), attr); it != std::sregex_iterator(); ++it) {
    std::string value = (*it)[2];
    INFO(value);
    CHECK((value.rfind("#", 0) == 0 || value.rfind("file:///", 0) == 0));
  }
  CHECK_THAT(html, Contains("@media print"));
  CHECK_THAT(html, Contains("name=\"viewport\""));
}

TEST_CASE("report html: a pass-ready apprentice gets the good news", "[report]") {
  ReportStore s;
  std::vector<indexer::NewTag> tags;
  std::int64_t account = s.store.item("A1", "Showcase/account.docx")->id;
  for (const auto* c : st0072().criteria_for("showcase")) {
    tags.push_back({account, c->ref, "explicit", std::nullopt, c->ref, "text", 0, ""});
  }
  s.store.replace_tags("A1", tags, {});
  std::string html = query::render_report_html(s.input());
  CHECK_THAT(html, Contains("Distinction-ready"));
  CHECK_THAT(html, Contains("class=\"verdict ok\""));
  CHECK_THAT(html, !Contains("class=\"gap\""));
}

TEST_CASE("report html: the declaration, complete, incomplete or missing", "[report]") {
  ReportStore s;
  auto in = s.input();
  std::string html = query::render_report_html(in);
  CHECK_THAT(section_of(html, "declaration"), Contains("Not checked."));

  query::DeclarationCheck d;
  d.status = query::DeclarationStatus::complete;
  d.path = "Showcase/account.docx";
  d.fields = {{"apprentice name", "Sam Patel"},   {"apprentice signature", "S. Patel"},
              {"apprentice date", "20/02/2026"},  {"employer name", "Daniel <Brooks>"},
              {"employer signature", "D. Brooks"}, {"employer date", "20/02/2026"}};
  d.name_matches = true;
  in.declaration = d;
  html = query::render_report_html(in);
  CHECK_THAT(html, Contains("Complete</span> in <a class=\"path\""));
  CHECK_THAT(html, Contains("the registered name"));
  CHECK_THAT(html, Contains("Daniel &lt;Brooks&gt;"));
  CHECK_THAT(section_of(html, "declaration"), !Contains("Not checked."));

  d.status = query::DeclarationStatus::incomplete;
  d.fields.erase("employer signature");
  d.fields["employer date"] = "";
  d.missing_fields = {"employer signature", "employer date"};
  d.name_matches = false;
  d.registered_name = "Sam Patel";
  d.problems = {"the name on the form, 'Samuel Patel', may be a longer form of the registered name"};
  in.declaration = d;
  html = query::render_report_html(in);
  CHECK_THAT(html, Contains("Incomplete</span>"));
  CHECK_THAT(html, Contains("2 fields are not filled in (employer signature, employer date)"));
  CHECK_THAT(html, Contains("not the registered name (Sam Patel)"));
  CHECK_THAT(html, Contains("may be a longer form of the registered name"));
  auto field_rows = html.substr(html.find("<table class=\"declaration"));
  field_rows = field_rows.substr(0, field_rows.find("</table>"));
  CHECK_THAT(field_rows, Contains("<tr class=\"gap\"><th scope=\"row\">Employer signature</th>"));

  in.declaration = query::DeclarationCheck{};
  in.declaration->status = query::DeclarationStatus::missing;
  html = query::render_report_html(in);
  CHECK_THAT(html, Contains("Missing</span>: no item holds the form"));
  CHECK_THAT(html, !Contains("<table class=\"declaration"));
}

TEST_CASE("report html: all methods at once, one line each", "[report]") {
  ReportStore s;
  auto in = s.input();
  in.coverage = query::compute_coverage(s.store, st0072(), "A1", "all");
  std::string html = query::render_report_html(in);
  CHECK_THAT(html, Contains("All assessment methods"));
  CHECK_THAT(html, Contains("Apprentice showcase: Not ready"));
  CHECK_THAT(html, Contains("Practical observation: Not ready"));
  CHECK_THAT(html, Contains("Professional discussion: Not ready"));
  // Every criterion of the standard is in the matrix.
  for (const auto& c : st0072().criteria) {
    CHECK_THAT(html, Contains("id=\"criterion-" + c.ref + "\""));
  }
}

TEST_CASE("report html: duplicates, within the showcase and across apprentices", "[report]") {
  ReportStore s;
  auto in = s.input();
  std::string html = query::render_report_html(in);
  CHECK_THAT(section_of(html, "duplicates"), Contains("Not checked."));

  in.duplicates.emplace();
  html = query::render_report_html(in);
  CHECK_THAT(html, Contains("None</span>: no file, text or near copy appears twice."));

  query::DuplicateGroup same;
  same.kind = query::DuplicateKind::same_text;
  same.reason = "the same text in different files (a document and its PDF export, a copy saved in another format)";
  same.items = {{"A1", "Showcase/account.docx", ""}, {"A1", k_hostile, ""}};
  same.apprentices = {"A1"};
  query::DuplicateGroup near;
  near.kind = query::DuplicateKind::near;
  near.similarity = 0.37;
  near.reason = "near copies: about 37 % of their four-word sequences in common";
  near.cross_apprentice = true;
  near.items = {{"A1", "Showcase/account.docx", ""}, {"B2", "Jane Smith <private> account.docx", ""}};
  near.apprentices = {"A1", "B2"};
  in.duplicates = std::vector<query::DuplicateGroup>{same, near};
  html = query::render_report_html(in);
  std::string section = section_of(html, "duplicates");
  CHECK_THAT(section, Contains("The same text in different files</span> (a document and its PDF export"));
  CHECK_THAT(section, Contains("keep one, unless each shows something the other does not"));
  CHECK_THAT(section, Contains("&lt;script&gt;alert(1)&lt;/script&gt;.txt</a>"));
  CHECK_THAT(section, Contains("Near copies</span>: about 37 % of their four-word sequences in common"));
  CHECK_THAT(section, Contains("Shared with another apprentice: an authenticity risk"));
  // The other apprentice's file name is theirs: only their ID shows.
  CHECK_THAT(section, Contains("an item uploaded by apprentice B2"));
  CHECK_THAT(section, !Contains("Jane Smith"));
}

TEST_CASE("report html: the readiness check's verdict and its blocking issues in plain words", "[report]") {
  ReportStore s;
  auto in = s.input();
  std::string html = query::render_report_html(in);
  CHECK_THAT(html, Contains("Not ready · readiness not checked"));
  CHECK_THAT(section_of(html, "blocking"), Contains("Not checked."));

  query::CheckResult check;
  check.apprentice = "A1";
  check.verdict = "not-ready";
  using query::FindingCode;
  check.blocking = {
      query::criterion_finding(FindingCode::uncovered, "12S5", "12S5 is not covered: Keep accurate records"),
      query::item_finding(FindingCode::extraction_failed, "Showcase/slides.pptx", "could not be read (corrupt zip)"),
      query::item_finding(FindingCode::duplicate, k_hostile, "<b>copied</b>"),
      query::showcase_finding(FindingCode::word_count, "a finding about the showcase as a whole")};
  check.notes = {
      query::showcase_finding(FindingCode::distinction_not_reached, "0 of 10 distinction criteria covered, 7 needed")};
  in.check = check;
  html = query::render_report_html(in);
  CHECK_THAT(html, Contains("Not ready · 4 blocking issues"));
  CHECK_THAT(html, Contains("class=\"verdict bad\""));
  std::string blocking = section_of(html, "blocking");
  CHECK_THAT(blocking, Contains("4 issues have to be put right before the assessment"));
  CHECK_THAT(blocking, Contains("Criterion not covered:</span> <a href=\"#criterion-12S5\">12S5</a> is not covered"));
  CHECK_THAT(blocking, Contains("A file could not be read:</span> could not be read (corrupt zip)"));
  CHECK_THAT(blocking, Contains("Item: <a class=\"path\" href=\"file:///store/blobs/"));
  CHECK_THAT(blocking, Contains("&lt;b&gt;copied&lt;/b&gt;"));
  CHECK_THAT(blocking, Contains("Word count:</span> a finding about the showcase as a whole</li>"));
  CHECK_THAT(blocking, Contains("Good to know"));
  CHECK_THAT(blocking, Contains("Distinction not reached:</span> 0 of 10"));
  // The blocking issues come before the matrix.
  CHECK(html.find("id=\"blocking\"") < html.find("id=\"coverage\""));

  // Coverage alone is not readiness: pass-ready with a blocking issue is still not ready.
  std::vector<indexer::NewTag> tags;
  std::int64_t account = s.store.item("A1", "Showcase/account.docx")->id;
  for (const auto* c : st0072().criteria_for("showcase")) {
    if (!c->distinction_in("showcase")) {
      tags.push_back({account, c->ref, "explicit", std::nullopt, c->ref, "text", 0, ""});
    }
  }
  s.store.replace_tags("A1", tags, {});
  in.coverage = query::compute_coverage(s.store, st0072(), "A1", "showcase");
  check.verdict = "pass-ready";
  check.blocking = {
      query::showcase_finding(query::FindingCode::declaration, "no Declaration of Authenticity among the items")};
  in.check = check;
  html = query::render_report_html(in);
  CHECK_THAT(html, Contains("Pass-ready · 1 blocking issue<"));
  CHECK_THAT(html, Contains("class=\"verdict bad\""));
  CHECK_THAT(section_of(html, "blocking"), Contains("1 issue has to be put right"));

  check.blocking.clear();
  in.check = check;
  html = query::render_report_html(in);
  CHECK_THAT(html, Contains("Pass-ready · Ready for assessment"));
  CHECK_THAT(html, Contains("class=\"verdict ok\""));
  CHECK_THAT(section_of(html, "blocking"), Contains("Nothing</span>: every check passed"));
}

TEST_CASE("report html: a finding's criterion comes from its field, not from its sentence", "[report]") {
  ReportStore s;
  auto in = s.input();
  query::CheckResult check;
  check.apprentice = "A1";
  check.verdict = "not-ready";
  using query::FindingCode;
  // A sentence that does not start with the reference still links it; one that names a
  // reference without the field does not.
  check.blocking = {query::criterion_finding(FindingCode::uncovered, "12S5", "Keep accurate records: no evidence yet"),
                    query::showcase_finding(FindingCode::word_count, "12S6 mentioned in passing")};
  in.check = check;
  std::string blocking = section_of(query::render_report_html(in), "blocking");
  CHECK_THAT(blocking, Contains("Criterion not covered:</span> <a href=\"#criterion-12S5\">12S5</a>: Keep accurate records"));
  CHECK_THAT(blocking, Contains("Word count:</span> 12S6 mentioned in passing"));
  CHECK_THAT(blocking, !Contains("#criterion-12S6"));
}
