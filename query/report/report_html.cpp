#include "query/report/report_html.hpp"

#include "query/authenticity/declaration_form.hpp"
#include "query/coverage/method_choice.hpp"
#include "query/coverage/tag_source.hpp"
#include "query/render/html.hpp"
#include "query/render/output.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

namespace evidex::query {

namespace {

std::string h(std::string_view text) { return html_escape(text); }

std::string count_of(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string score_text(double score) {
  std::ostringstream s;
  s.precision(2);
  s << std::fixed << score;
  return s.str();
}

std::string shorten(const std::string& s, std::size_t width) {
  if (s.size() <= width) {
    return s;
  }
  std::size_t cut = width;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) {
    --cut;  // never split a UTF-8 sequence
  }
  return s.substr(0, cut) + "…";
}

// The icons are drawn, not typed: a font without ✔ would print a box. The word always goes with
// them, so the page reads the same in black and white and to a screen reader.
const char* k_icon_ok =
    R"(<svg class="icon" aria-hidden="true" viewBox="0 0 16 16"><path d="M2.5 8.5l3.5 3.5 7.5-8" fill="none" stroke="currentColor" stroke-width="2.4"/></svg>)";
const char* k_icon_missing =
    R"(<svg class="icon" aria-hidden="true" viewBox="0 0 16 16"><path d="M3.5 3.5l9 9M12.5 3.5l-9 9" fill="none" stroke="currentColor" stroke-width="2.4"/></svg>)";
const char* k_icon_warning =
    R"(<svg class="icon" aria-hidden="true" viewBox="0 0 16 16"><path d="M8 1.5L15 14.5H1z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/><path d="M8 6v4.2M8 11.6v1.4" stroke="currentColor" stroke-width="1.8"/></svg>)";

const char* k_css = R"css(
:root { --ok: #175c2b; --ok-bg: #e3f3e7; --bad: #9b1c1c; --bad-bg: #fde7e7; --warn: #6b4500; --warn-bg: #fff3d1;
  --muted: #4d4d4d; --line: #c8c8c8; --head: #f1f3f5; --link: #0b4fa3; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: #161616; background: #fff; line-height: 1.45;
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif; }
main { max-width: 75rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0 0.25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 2px solid #161616; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
a { color: var(--link); }
a:focus { outline: 3px solid #ffbf47; }
.sub { color: var(--muted); margin: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0.75rem 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
nav.toc ul { list-style: none; padding: 0; margin: 0.5rem 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.verdict { border: 3px solid; border-radius: 6px; padding: 0.8rem 1rem; margin: 1rem 0;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.verdict p { margin: 0.2rem 0; }
.verdict .big { font-size: 1.45rem; font-weight: 700; }
.verdict.ok { border-color: var(--ok); background: var(--ok-bg); color: var(--ok); }
.verdict.bad { border-color: var(--bad); background: var(--bad-bg); color: var(--bad); }
.verdict.warn { border-color: var(--warn); background: var(--warn-bg); color: var(--warn); }
.verdict .detail { color: #161616; }
.icon { width: 1em; height: 1em; vertical-align: -0.125em; flex: none; }
.status { font-weight: 700; white-space: nowrap; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.status.ok { color: var(--ok); }
.status.missing { color: var(--bad); }
.status.warn { color: var(--warn); }
.badge { display: inline-block; font-size: 0.8rem; font-weight: 600; border: 1px solid currentColor;
  border-radius: 3px; padding: 0 0.3rem; margin-left: 0.3rem; white-space: nowrap; }
.badge.dist { color: #4b2a86; }
table { border-collapse: collapse; width: 100%; margin: 0.25rem 0 1rem; }
table.matrix { table-layout: fixed; }
table.matrix col.ref { width: 8.5rem; } table.matrix col.status { width: 7.5rem; } table.matrix col.text { width: 36%; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid var(--line); padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: var(--head); }
th[scope=row] { white-space: nowrap; }
td.path, .path { overflow-wrap: anywhere; }
tr.gap > * { background: var(--bad-bg); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
tr.gap > :first-child { box-shadow: inset 5px 0 0 var(--bad); }
tr.problem > * { background: var(--warn-bg); -webkit-print-color-adjust: exact; print-color-adjust: exact; }
ul.evidence, ul.suggested, ul.plain { margin: 0; padding-left: 1.1rem; }
ul.evidence li, ul.suggested li { margin: 0.1rem 0; overflow-wrap: anywhere; }
.suggested-head { margin: 0.35rem 0 0; font-size: 0.9rem; font-style: italic; color: var(--muted); }
ul.suggested { font-size: 0.9rem; color: var(--muted); }
.source { font-size: 0.85rem; color: var(--muted); }
.none { color: var(--muted); font-style: italic; }
ol.findings { padding-left: 1.5rem; }
ol.findings li { margin: 0.4rem 0; }
ol.findings .what { font-weight: 700; }
.item-ref { display: block; font-size: 0.9rem; overflow-wrap: anywhere; }
.summary { margin: 0.25rem 0 0.75rem; }
footer { margin-top: 2.5rem; border-top: 1px solid var(--line); padding-top: 0.5rem; color: var(--muted); font-size: 0.9rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 44rem) {
  main { padding: 0.5rem 0.6rem 2rem; }
  table.cards, table.cards tbody, table.cards tr, table.cards th, table.cards td { display: block; width: 100%; }
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.cards tr { border: 1px solid var(--line); border-radius: 4px; margin-bottom: 0.6rem; }
  table.cards th, table.cards td { border: none; border-bottom: 1px solid #e4e4e4; }
  table.cards td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: 0.3rem; }
}
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  tr, .verdict, ol.findings li { break-inside: avoid; }
  thead { display: table-header-group; }
}
)css";

std::string verdict_title(Verdict v) {
  switch (v) {
    case Verdict::not_ready: return "Not ready";
    case Verdict::pass_ready: return "Pass-ready";
    case Verdict::distinction_ready: return "Distinction-ready";
  }
  return "Not ready";
}

std::string method_title(const Coverage& c) {
  if (is_all_methods(c.method)) {
    return "All assessment methods";
  }
  const auto* m = c.standard->method(c.method);
  return m ? m->title : c.method;
}

std::string source_label(TagSource source) {
  switch (source) {
    case TagSource::explicit_ref: return "named in the item";
    case TagSource::map: return "evidence map";
    case TagSource::manual: return "confirmed by a person";
    case TagSource::inferred: break;
  }
  return tag_source_name(source);
}

class Page {
public:
  explicit Page(const ReportInput& in) : m_in(in), m_c(in.coverage) {
    for (const auto& item : in.items) {
      m_mime[item.path] = item.mime;
    }
  }

  std::string render() {
    head();
    m_out += "<main>\n";
    header();
    verdict();
    toc();
    findings();
    coverage();
    declaration();
    duplicates();
    items();
    footer();
    m_out += "</main>\n</body>\n</html>\n";
    return std::move(m_out);
  }

private:
  // An item's name, linked to its original when there is one. `text` defaults to the path.
  std::string item_link(const std::string& path, const std::string& text = "") const {
    const std::string shown = h(text.empty() ? path : text);
    auto link = m_in.links.find(path);
    if (link == m_in.links.end()) {
      return "<span class=\"path\">" + shown + "</span>";
    }
    std::string out = "<a class=\"path\" href=\"" + h(link->second.href) + "\" download=\"" +
                      h(link->second.download_name) + "\"";
    if (auto mime = m_mime.find(path); mime != m_mime.end() && !mime->second.empty()) {
      out += " type=\"" + h(mime->second) + "\"";
    }
    return out + ">" + shown + "</a>";
  }

  void head() {
    const std::string who = m_in.apprentice.name.empty() ? m_in.apprentice.id : m_in.apprentice.name;
    m_out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    m_out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    // Nothing may be fetched or run, whatever a bundle manages to put in the page.
    m_out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
             "img-src data:; form-action 'none'; base-uri 'none'\">\n";
    m_out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
    m_out += "<meta name=\"generator\" content=\"evidex report\">\n";
    m_out += "<title>Evidence report: " + h(who) + " (" + h(m_in.apprentice.id) + ") – " + h(m_c.standard->id) +
             "</title>\n<style>" + k_css + "</style>\n</head>\n<body>\n";
  }

  void header() {
    const auto& a = m_in.apprentice;
    const auto& s = *m_c.standard;
    m_out += "<header>\n<h1>Evidence report: " + h(a.name.empty() ? "apprentice " + a.id : a.name) + "</h1>\n";
    m_out += "<p class=\"sub\">Apprentice ID " + h(a.id) + "</p>\n<dl class=\"facts\">\n";
    auto fact = [&](const std::string& term, const std::string& html) {
      m_out += "<dt>" + term + "</dt><dd>" + html + "</dd>\n";
    };
    fact("Standard", h(s.id + " " + s.title + (s.level ? ", level " + std::to_string(s.level) : "")));
    fact("Assessment method", h(method_title(m_c)));
    if (!a.assessor.empty()) {
      fact("Assessor", h(a.assessor));
    }
    if (m_in.assessment_date) {
      fact("Assessment date", h(*m_in.assessment_date));
    }
    for (const auto& b : m_in.bundles) {
      fact("Evidence uploaded",
           "<span class=\"path\">" + h(b.source) + "</span>" +
               (b.ingested_at.empty() ? "" : ", stored " + h(b.ingested_at.substr(0, 10))) + " (" +
               h(count_of(b.item_count, "item", "items")) + ")");
    }
    fact("Report made", h(m_in.generated));
    m_out += "</dl>\n</header>\n";
  }

  void verdict() {
    const auto& c = m_c;
    // Ready only when the readiness check found nothing blocking; without it, coverage decides.
    const bool ready = m_in.check ? m_in.check->ready() : c.verdict != Verdict::not_ready;
    std::string readiness;
    if (m_in.check) {
      readiness = m_in.check->ready() ? "Ready for assessment"
                                      : count_of(m_in.check->blocking.size(), "blocking issue", "blocking issues");
    } else {
      readiness = "readiness not checked";
    }
    m_out += "<section class=\"verdict " + std::string(ready ? "ok" : "bad") +
             "\" aria-labelledby=\"verdict-title\">\n<h2 id=\"verdict-title\" class=\"visually-hidden\">Verdict</h2>\n";
    m_out += "<p class=\"big\">" + std::string(ready ? k_icon_ok : k_icon_missing) + " " + verdict_title(c.verdict) +
             " · " + h(readiness) + "</p>\n";
    m_out += "<p class=\"detail\">" + h(progress_sentence()) + "</p>\n";
    if (m_in.check && !m_in.check->ready()) {
      m_out += "<p class=\"detail\"><a href=\"#blocking\">See what blocks the assessment</a>.</p>\n";
    }
    m_out += "</section>\n";
  }

  static std::string finding_title(FindingCode code) {
    switch (code) {
      case FindingCode::uncovered: return "Criterion not covered";
      case FindingCode::declaration: return "Declaration of Authenticity";
      case FindingCode::duplicate: return "Duplicated evidence";
      case FindingCode::extraction_failed: return "A file could not be read";
      case FindingCode::assessor_led: return "Evidence led by the assessor";
      case FindingCode::recording_untagged: return "Recording without time tags";
      case FindingCode::after_assessment: return "Dated after the assessment";
      case FindingCode::late_submission: return "Sent too late";
      case FindingCode::portfolio_size: return "Portfolio size";
      case FindingCode::word_count: return "Word count";
      case FindingCode::distinction_not_reached: return "Distinction not reached";
    }
    return finding_code_name(code);
  }

  void finding_list(const std::vector<Finding>& findings) {
    m_out += "<ol class=\"findings\">\n";
    for (const auto& f : findings) {
      m_out += "<li><span class=\"what\">" + h(finding_title(f.code)) + ":</span> ";
      // "2K4 is not covered: …": the criterion the finding names leads to its row in the matrix.
      const std::string ref = f.criterion.value_or("");
      const bool linked = !ref.empty() && f.message.rfind(ref, 0) == 0 && row_shown(ref);
      if (linked) {
        m_out += "<a href=\"#criterion-" + h(ref) + "\">" + h(ref) + "</a>" + h(f.message.substr(ref.size()));
      } else {
        if (!ref.empty() && row_shown(ref)) {
          m_out += "<a href=\"#criterion-" + h(ref) + "\">" + h(ref) + "</a>: ";
        }
        m_out += h(f.message);
      }
      if (f.item) {
        m_out += "<span class=\"item-ref\">Item: " + item_link(*f.item) + "</span>";
      }
      m_out += "</li>\n";
    }
    m_out += "</ol>\n";
  }

  bool row_shown(const std::string& ref) const {
    return std::any_of(m_c.criteria.begin(), m_c.criteria.end(),
                       [&](const CriterionCoverage& cc) { return cc.criterion->ref == ref; });
  }

  void findings() {
    m_out += "<section id=\"blocking\" aria-labelledby=\"blocking-title\">\n<h2 id=\"blocking-title\">What blocks "
             "the assessment</h2>\n";
    if (!m_in.check) {
      m_out += "<p class=\"none\">Not checked.</p>\n</section>\n";
      return;
    }
    const auto& r = *m_in.check;
    if (r.blocking.empty()) {
      m_out += "<p><span class=\"status ok\">" + std::string(k_icon_ok) + " Nothing</span>: every check passed" +
               (r.assessment_date ? "" : " (without an assessment date, the deadline and the dates were not checked)") +
               ".</p>\n";
    } else {
      m_out += "<p>" + h(count_of(r.blocking.size(), "issue has", "issues have")) +
               " to be put right before the assessment:</p>\n";
      finding_list(r.blocking);
    }
    if (!r.notes.empty()) {
      m_out += "<h3>Good to know</h3>\n";
      finding_list(r.notes);
    }
    m_out += "</section>\n";
  }

  std::string progress_sentence() const {
    const auto& c = m_c;
    std::string s = std::to_string(c.pass_covered) + " of " + std::to_string(c.pass_total) +
                    " pass criteria covered";
    if (c.distinction_total) {
      s += "; " + std::to_string(c.distinction_covered) + " of " + std::to_string(c.distinction_total) +
           " distinction criteria covered";
      if (c.distinction_required) {
        s += " (" + std::to_string(*c.distinction_required) + " needed for a distinction)";
      }
    }
    return s + ".";
  }

  void toc() {
    m_out += "<nav class=\"toc\" aria-label=\"Contents\"><ul>";
    m_out += "<li><a href=\"#blocking\">What blocks the assessment</a></li>";
    m_out += "<li><a href=\"#coverage\">Coverage by module</a></li>";
    m_out += "<li><a href=\"#declaration\">Declaration of Authenticity</a></li>";
    m_out += "<li><a href=\"#duplicates\">Duplicates</a></li>";
    m_out += "<li><a href=\"#items\">Items</a></li>";
    m_out += "</ul></nav>\n";
  }

  void coverage() {
    const auto& c = m_c;
    const auto& s = *c.standard;
    m_out += "<section id=\"coverage\" aria-labelledby=\"coverage-title\">\n<h2 id=\"coverage-title\">Coverage by "
             "module</h2>\n";
    m_out += "<p class=\"summary\">Only evidence that names a criterion (in the file or in the evidence map) or "
             "that a person "
             "confirmed counts. Suggestions found by reading the content are shown apart and do not count.</p>\n";
    if (c.methods.size() > 1) {
      m_out += "<ul class=\"plain\">\n";
      for (const auto& r : c.methods) {
        std::string line = r.method->title + ": " + verdict_title(r.verdict) + " – " +
                           std::to_string(r.pass_covered) + " of " + std::to_string(r.pass_total) + " pass";
        if (r.distinction_total) {
          line += ", " + std::to_string(r.distinction_covered) + " of " + std::to_string(r.distinction_total) +
                  " distinction";
        }
        m_out += "<li>" + h(line) + "</li>\n";
      }
      m_out += "</ul>\n";
    }
    if (!c.missing.empty()) {
      std::string refs;
      for (const auto& ref : c.missing) {
        refs += std::string(refs.empty() ? "" : ", ") + "<a href=\"#criterion-" + h(ref) + "\">" + h(ref) + "</a>";
      }
      m_out += "<p><span class=\"status missing\">" + std::string(k_icon_missing) + " Missing</span> pass criteria: " +
               refs + "</p>\n";
    }

    std::size_t i = 0;
    while (i < c.criteria.size()) {
      const std::size_t module_index = c.criteria[i].criterion->module_index;
      std::size_t end = i;
      std::size_t covered = 0;
      while (end < c.criteria.size() && c.criteria[end].criterion->module_index == module_index) {
        covered += c.criteria[end].covered;
        ++end;
      }
      const auto& m = s.modules[module_index];
      const std::string title = (m.number ? "Module " + std::to_string(m.number) + ": " : "") + m.title;
      const std::string id = "module-" + std::to_string(module_index);
      m_out += "<section class=\"module\" aria-labelledby=\"" + id + "\">\n<h3 id=\"" + id + "\">" + h(title) +
               " <span class=\"source\">(" + std::to_string(covered) + " of " + std::to_string(end - i) +
               " covered)</span></h3>\n";
      m_out += "<table class=\"matrix cards\">\n<caption class=\"visually-hidden\">" + h(title) +
               "</caption>\n<colgroup><col class=\"ref\"><col class=\"text\"><col class=\"status\"><col></colgroup>\n"
               "<thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\">What it asks for</th>"
               "<th scope=\"col\">Status</th><th scope=\"col\">Evidence</th></tr></thead>\n<tbody>\n";
      for (; i < end; ++i) {
        criterion_row(c.criteria[i]);
      }
      m_out += "</tbody>\n</table>\n</section>\n";
    }
    if (!c.problems.empty()) {
      m_out += "<h3>Problems found while matching evidence to criteria</h3>\n<ul class=\"plain\">\n";
      for (const auto& [path, message] : c.problems) {
        m_out += "<li>" + item_link(path) + ": " + h(message) + "</li>\n";
      }
      m_out += "</ul>\n";
    }
    m_out += "</section>\n";
  }

  void criterion_row(const CriterionCoverage& cc) {
    const auto& crit = *cc.criterion;
    const bool distinction = crit.distinction_in(m_c.method);
    m_out += "<tr class=\"" + std::string(cc.covered ? "covered" : "gap") + "\" id=\"criterion-" + h(crit.ref) +
             "\">";
    m_out += "<th scope=\"row\">" + h(crit.ref) +
             (distinction ? "<span class=\"badge dist\" title=\"Distinction criterion\">Distinction</span>" : "") +
             "</th>";
    m_out += "<td data-label=\"Asks for\">" + h(crit.text) + "</td>";
    m_out += cc.covered ? "<td data-label=\"Status\"><span class=\"status ok\">" + std::string(k_icon_ok) +
                              " Covered</span></td>"
                        : "<td data-label=\"Status\"><span class=\"status missing\">" +
                              std::string(k_icon_missing) + " Missing</span></td>";
    m_out += "<td data-label=\"Evidence\">";
    std::string counted, suggested, not_counted;
    for (const auto& e : cc.evidence) {
      if (e.counts) {
        std::string why;
        if (e.source == TagSource::map && !e.detail.empty()) {
          why = e.detail;
        } else if (e.source == TagSource::explicit_ref && !e.span.empty()) {
          why = "“" + shorten(e.span, 60) + "”";
        } else if (e.source == TagSource::manual && !e.detail.empty()) {
          why = e.detail;
        }
        counted += "<li>" + item_link(e.path) + " <span class=\"source\">(" +
                   h(source_label(e.source) + (why.empty() ? "" : ": " + why)) + ")</span></li>";
      } else if (e.source == TagSource::inferred) {
        suggested += "<li>" + item_link(e.path) + " <span class=\"source\">(score " +
                     h(score_text(e.score.value_or(0))) +
                     (e.span.empty() ? "" : "; matched: " + h(shorten(e.span, 80))) + ")</span></li>";
      } else {
        not_counted += "<li>" + item_link(e.path) + " <span class=\"source\">(" + h(source_label(e.source)) +
                       "; not counted: " + h(e.why_not) + ")</span></li>";
      }
    }
    if (counted.empty() && suggested.empty() && not_counted.empty()) {
      m_out += "<span class=\"none\">No evidence</span>";
    }
    if (!counted.empty()) {
      m_out += "<ul class=\"evidence\">" + counted + "</ul>";
    }
    if (!not_counted.empty()) {
      m_out += "<p class=\"suggested-head\">Named, but not counted:</p><ul class=\"suggested\">" + not_counted +
               "</ul>";
    }
    if (!suggested.empty()) {
      m_out += "<p class=\"suggested-head\">Suggested, not counted:</p><ul class=\"suggested\">" + suggested +
               "</ul>";
    }
    m_out += "</td></tr>\n";
  }

  void declaration() {
    m_out += "<section id=\"declaration\" aria-labelledby=\"declaration-title\">\n<h2 id=\"declaration-title\">"
             "Declaration of Authenticity</h2>\n";
    if (!m_in.declaration) {
      m_out += "<p class=\"none\">Not checked.</p>\n</section>\n";
      return;
    }
    const auto& d = *m_in.declaration;
    if (d.status == DeclarationStatus::complete) {
      m_out += "<p><span class=\"status ok\">" + std::string(k_icon_ok) + " Complete</span> in " +
               item_link(d.path) + "</p>\n";
    } else if (d.status == DeclarationStatus::incomplete) {
      m_out += "<p><span class=\"status missing\">" + std::string(k_icon_missing) + " Incomplete</span> in " +
               item_link(d.path) + ": " + h(count_of(d.missing_fields.size(), "field is", "fields are")) +
               " not filled in (" + h(join(d.missing_fields)) + ").</p>\n";
    } else {
      m_out += "<p><span class=\"status missing\">" + std::string(k_icon_missing) +
               " Missing</span>: no item holds the form. The apprentice and the employer each write their name, "
               "sign and date it.</p>\n";
    }
    if (d.status != DeclarationStatus::missing) {
      m_out += "<table class=\"declaration cards\">\n<caption class=\"visually-hidden\">The form's fields</caption>\n"
               "<thead><tr><th scope=\"col\">Field</th><th scope=\"col\">On the form</th></tr></thead>\n<tbody>\n";
      for (const auto& field : declaration_fields()) {
        auto it = d.fields.find(field);
        const bool filled = it != d.fields.end() && is_filled(it->second);
        std::string label = field;
        label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
        m_out += std::string(filled ? "<tr>" : "<tr class=\"gap\">") + "<th scope=\"row\">" + h(label) +
                 "</th><td data-label=\"On the form\">";
        if (filled) {
          m_out += h(it->second);
          if (field == "apprentice name" && d.name_matches) {
            m_out += *d.name_matches
                         ? " <span class=\"status ok\">" + std::string(k_icon_ok) + " the registered name</span>"
                         : " <span class=\"status warn\">" + std::string(k_icon_warning) +
                               " not the registered name" +
                               (d.registered_name.empty() ? "" : " (" + h(d.registered_name) + ")") + "</span>";
          }
        } else {
          m_out += "<span class=\"status missing\">" + std::string(k_icon_missing) + " Missing</span>";
        }
        m_out += "</td></tr>\n";
      }
      m_out += "</tbody>\n</table>\n";
    }
    if (!d.problems.empty()) {
      m_out += "<p><span class=\"status warn\">" + std::string(k_icon_warning) +
               " To check:</span></p>\n<ul class=\"plain\">\n";
      for (const auto& p : d.problems) {
        m_out += "<li>" + h(p) + "</li>\n";
      }
      m_out += "</ul>\n";
    }
    if (!d.other_forms.empty()) {
      m_out += "<p>Also holding the form:</p>\n<ul class=\"plain\">\n";
      for (const auto& p : d.other_forms) {
        m_out += "<li>" + item_link(p) + "</li>\n";
      }
      m_out += "</ul>\n";
    }
    m_out += "</section>\n";
  }

  static std::string group_title(const DuplicateGroup& g) {
    switch (g.kind) {
      case DuplicateKind::exact: return "The same file more than once";
      case DuplicateKind::same_text: return "The same text in different files";
      case DuplicateKind::near: return "Near copies";
    }
    return duplicate_kind_name(g.kind);
  }

  void duplicates() {
    m_out += "<section id=\"duplicates\" aria-labelledby=\"duplicates-title\">\n<h2 id=\"duplicates-title\">"
             "Duplicates</h2>\n";
    if (!m_in.duplicates) {
      m_out += "<p class=\"none\">Not checked.</p>\n</section>\n";
      return;
    }
    const auto& groups = *m_in.duplicates;
    if (groups.empty()) {
      m_out += "<p><span class=\"status ok\">" + std::string(k_icon_ok) +
               " None</span>: no file, text or near copy appears twice.</p>\n</section>\n";
      return;
    }
    m_out += "<ol class=\"findings\">\n";
    for (const auto& g : groups) {
      const std::string title = group_title(g);
      m_out += "<li><span class=\"what\">" + h(title) + "</span>";
      // The reason usually starts with what the title says: show only the rest.
      std::string lowered = title;
      lowered[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(lowered[0])));
      if (g.reason.rfind(lowered, 0) == 0) {
        m_out += h(g.reason.substr(lowered.size()));
      } else if (!g.reason.empty()) {
        m_out += " (" + h(g.reason) + ")";
      }
      if (g.cross_apprentice) {
        m_out += "<br><span class=\"status warn\">" + std::string(k_icon_warning) +
                 " Shared with another apprentice: an authenticity risk</span>";
      } else {
        // The toolkit's question to employers: several pieces demonstrating the same criteria unnecessarily?
        m_out += "<br>The same evidence is in the showcase more than once: keep one, unless each shows "
                 "something the other does not.";
      }
      m_out += "<ul class=\"plain\">";
      for (const auto& item : g.items) {
        // Another apprentice's file names are theirs: only their ID is shown ('evidex duplicates'
        // gives the assessor the rest).
        m_out += item.apprentice == m_in.apprentice.id
                     ? "<li>" + item_link(item.path) + "</li>"
                     : "<li>an item uploaded by apprentice " + h(item.apprentice) + "</li>";
      }
      m_out += "</ul></li>\n";
    }
    m_out += "</ol>\n</section>\n";
  }

  void items() {
    std::multimap<std::int64_t, const indexer::TagRecord*> tags_by_item;
    for (const auto& t : m_in.tags) {
      tags_by_item.emplace(t.item, &t);
    }
    std::size_t errors = std::count_if(m_in.items.begin(), m_in.items.end(),
                                       [](const indexer::ItemRecord& i) { return !i.error.empty(); });
    m_out += "<section id=\"items\" aria-labelledby=\"items-title\">\n<h2 id=\"items-title\">Items</h2>\n";
    m_out += "<p class=\"summary\">" + h(count_of(m_in.items.size(), "item", "items")) +
             (errors ? ", " + h(count_of(errors, "of which could not be read", "of which could not be read")) : "") +
             ". " + h(m_in.links_note) + "</p>\n";
    std::string upload_warnings;
    for (const auto& b : m_in.bundles) {
      for (const auto& w : b.warnings) {
        upload_warnings += "<li>" + h(w) + "</li>\n";
      }
    }
    if (!upload_warnings.empty()) {
      m_out += "<h3>About the uploads as a whole</h3>\n<ul class=\"plain\">\n" + upload_warnings + "</ul>\n";
    }
    m_out += "<table class=\"items cards\">\n<caption class=\"visually-hidden\">Every item of the upload</caption>\n"
             "<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Item</th><th scope=\"col\">Type</th>"
             "<th scope=\"col\">Size</th><th scope=\"col\">Criteria</th><th scope=\"col\">Problems</th></tr>"
             "</thead>\n<tbody>\n";
    std::size_t n = 0;
    for (const auto& item : m_in.items) {
      ++n;
      const bool bad = !item.error.empty();
      const auto missing = m_in.missing_originals.find(item.path);
      const bool lost = missing != m_in.missing_originals.end();
      m_out += "<tr id=\"item-" + std::to_string(n) + "\"" + (bad || lost ? " class=\"problem\"" : "") + ">";
      m_out += "<td data-label=\"#\">" + std::to_string(n) + "</td>";
      m_out += "<td data-label=\"Item\" class=\"path\">" + item_link(item.path) + "</td>";
      m_out += "<td data-label=\"Type\">" + h(item.type.empty() ? item.mime : item.type) + "</td>";
      m_out += "<td data-label=\"Size\">" + h(human_bytes(item.bytes)) + "</td>";
      std::set<std::string> counted, suggested;
      for (auto [it, end] = tags_by_item.equal_range(item.id); it != end; ++it) {
        (parse_tag_source(it->second->source) == TagSource::inferred ? suggested : counted).insert(it->second->ref);
      }
      for (const auto& ref : counted) {
        suggested.erase(ref);
      }
      std::string tags = join(std::vector<std::string>(counted.begin(), counted.end()));
      if (!suggested.empty()) {
        tags += std::string(tags.empty() ? "" : "; ") +
                "suggested: " + join(std::vector<std::string>(suggested.begin(), suggested.end()));
      }
      m_out += "<td data-label=\"Criteria\">" + (tags.empty() ? "<span class=\"none\">none</span>" : h(tags)) +
               "</td>";
      m_out += "<td data-label=\"Problems\">";
      if (bad) {
        m_out += "<span class=\"status warn\">" + std::string(k_icon_warning) + " Could not be read:</span> " +
                 h(item.error);
      }
      if (lost) {
        m_out += std::string(bad ? "<br>" : "") + "<span class=\"status warn\">" + std::string(k_icon_warning) +
                 " Original missing:</span> " + h(missing->second) + " is no longer in the store";
      }
      if (!item.warnings.empty()) {
        m_out += std::string(bad || lost ? "<br>" : "") + h(join(item.warnings, "; "));
      }
      if (!bad && !lost && item.warnings.empty()) {
        m_out += "<span class=\"none\">none</span>";
      }
      m_out += "</td></tr>\n";
    }
    m_out += "</tbody>\n</table>\n</section>\n";
  }

  void footer() {
    m_out += "<footer><p>Made by evidex on " + h(m_in.generated) + " from the evidence stored for apprentice " +
             h(m_in.apprentice.id) + ". " +
             "Covered means that an item names the criterion, the evidence map assigns it, or a person "
             "confirmed it; the assessor still judges the evidence itself.</p></footer>\n";
  }

  static std::string join(const std::vector<std::string>& parts, const char* sep = ", ") {
    std::string out;
    for (const auto& p : parts) {
      out += (out.empty() ? "" : sep) + p;
    }
    return out;
  }

  const ReportInput& m_in;
  const Coverage& m_c;
  std::map<std::string, std::string> m_mime;  // by item path
  std::string m_out;
};

}  // namespace

std::string render_report_html(const ReportInput& input) { return Page(input).render(); }

}  // namespace evidex::query
