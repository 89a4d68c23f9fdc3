// Internal quality assurance: a sample drawn with a rate and seed, each pick with its reasons, as a
// page and as CSV; duplicates across apprentices side by side with the shared passages marked.
#include "query/iqa/duplicates.hpp"
#include "query/iqa/sample.hpp"
#include "query/iqa/sample_candidates.hpp"
#include "query/render/render.hpp"
#include "query/web/app.hpp"
#include "query/web/page.hpp"
#include "query/web/shared_passages.hpp"

namespace evidex::web {
namespace {

using query::access::may_sample;

// The most of each text shown beside the other: enough to read the copied passages.
constexpr std::size_t k_shown_bytes = 20000;

void require_iqa(const Visitor& v) {
  if (!may_sample(v.user)) {
    throw HttpError{404, "No such page."};
  }
}

}  // namespace

query::SampleOptions sample_options(const httplib::Request& req) {
  query::SampleOptions options;
  const std::string rate = param(req, "rate"), seed = param(req, "seed");
  try {
    if (!rate.empty()) {
      options.rate = std::stod(rate);
    }
    if (!seed.empty()) {
      options.seed = std::stoull(seed);
    }
  } catch (const std::exception&) {
    throw HttpError{400, "The rate is a number from 0 to 1 and the seed a whole number."};
  }
  if (!(options.rate >= 0 && options.rate <= 1)) {
    throw HttpError{400, "The rate is a number from 0 to 1."};
  }
  return options;
}

query::Sample draw_visible_sample(App& app, const Visitor& v, const query::SampleOptions& options) {
  require_iqa(v);
  auto store = app.reader();
  return query::draw_sample(query::collect_candidates(*store, app.library), options);
}

namespace {

void sample_page(App& app, const httplib::Request& req, httplib::Response& res, const Visitor& v) {
  require_iqa(v);
  const auto options = sample_options(req);
  std::string body = "<form class=\"sample\" method=\"get\" action=\"/iqa/sample\">\n<label for=\"rate\">Rate (0 to 1)"
                     "</label> <input id=\"rate\" name=\"rate\" value=\"" + esc(std::to_string(options.rate).substr(0, 6)) +
                     "\" size=\"6\">\n<label for=\"seed\">Seed</label> <input id=\"seed\" name=\"seed\" value=\"" +
                     std::to_string(options.seed) + "\" size=\"12\">\n<button type=\"submit\">Draw</button>\n</form>\n";
  if (req.has_param("rate") || req.has_param("seed")) {
    const auto sample = draw_visible_sample(app, v, options);
    body += "<p role=\"status\">" + std::to_string(sample.selections.size()) + " of " +
            std::to_string(sample.population) + " apprentices drawn (rate " + esc(param(req, "rate")) + ", seed " +
            std::to_string(options.seed) + "). The same rate and seed draw the same sample.</p>\n"
            "<p><a class=\"button\" href=\"/iqa/sample.csv?rate=" + url_value(param(req, "rate")) + "&amp;seed=" +
            std::to_string(options.seed) + "\" download>Export as CSV</a></p>\n"
            "<table class=\"sample\"><thead><tr><th scope=\"col\">Apprentice</th><th scope=\"col\">Assessor</th>"
            "<th scope=\"col\">Verdict</th><th scope=\"col\">Why drawn</th></tr></thead><tbody>\n";
    for (const auto& s : sample.selections) {
      std::string reasons;
      for (const auto& r : s.reasons) {
        reasons += "<li>" + esc(r) + "</li>";
      }
      body += "<tr><td><a href=\"/apprentices/" + url_value(s.candidate.apprentice) + "\">" +
              esc(s.candidate.apprentice) + "</a></td><td>" + esc(query::stratum_name(s.candidate.assessor)) +
              "</td><td>" + esc(s.candidate.verdict) + "</td><td><ul>" + reasons + "</ul></td></tr>\n";
    }
    body += "</tbody></table>\n";
    app.audit(v, req, "sample.draw", "", "", "rate " + param(req, "rate") + ", seed " + std::to_string(options.seed));
  }
  send_html(res, page("IQA sample", &v, body));
}

void duplicates_page(App& app, const httplib::Request& req, httplib::Response& res, const Visitor& v) {
  require_iqa(v);
  auto store = app.reader();
  const auto shared = app.store_duplicates(*store);
  const auto& groups = *shared;
  std::string body;
  std::size_t shown = 0;
  for (const auto& g : groups) {
    if (!g.cross_apprentice || g.items.size() < 2) {
      continue;
    }
    ++shown;
    const auto& a = g.items[0];
    const auto& b = g.items[1];
    auto item_a = store->item(a.apprentice, a.path);
    auto item_b = store->item(b.apprentice, b.path);
    std::string text_a = item_a ? store->item_text(item_a->id).substr(0, k_shown_bytes) : "";
    std::string text_b = item_b ? store->item_text(item_b->id).substr(0, k_shown_bytes) : "";
    auto column = [](const query::DuplicateItem& d, const std::optional<indexer::ItemRecord>& item,
                     const std::string& text, const std::string& other) {
      return "<div class=\"side\"><h3><a href=\"/items/" + (item ? std::to_string(item->id) : std::string("0")) +
             "\">" + esc(d.apprentice + ": " + d.path) + "</a></h3><pre class=\"text\" tabindex=\"0\">" +
             mark_ranges_html(text, shared_ranges(text, other)) + "</pre></div>";
    };
    body += "<section class=\"duplicate\"><h2>" + esc(query::duplicate_kind_name(g.kind)) + " · " +
            std::to_string(static_cast<int>(g.similarity * 100 + 0.5)) + "% similar · " +
            std::to_string(g.items.size()) + " items</h2><p>" + esc(g.reason) + "</p><div class=\"side-by-side\">" +
            column(a, item_a, text_a, text_b) + column(b, item_b, text_b, text_a) + "</div></section>\n";
  }
  if (shown == 0) {
    body = "<p>No work is shared between apprentices.</p>";
  }
  app.audit(v, req, "duplicates.view", "");
  send_html(res, page("Duplicates across apprentices", &v,
                      "<p><a class=\"button\" href=\"/iqa/duplicates.csv\" download>Export as CSV</a></p>\n" + body));
}

}  // namespace

void add_iqa_pages(App& app) {
  app.http.Get("/iqa/sample", page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    sample_page(app, req, res, v);
  }));
  app.http.Get("/iqa/sample.csv", page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    const auto options = sample_options(req);
    const auto sample = draw_visible_sample(app, v, options);
    res.set_header("Content-Disposition", "attachment; filename=\"sample-" + std::to_string(options.seed) + ".csv\"");
    res.set_content(query::render(sample, query::Format::csv), "text/csv; charset=utf-8");
    app.audit(v, req, "sample.export", "", "", "seed " + std::to_string(options.seed));
  }));
  app.http.Get("/iqa/duplicates", page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    duplicates_page(app, req, res, v);
  }));
  app.http.Get("/iqa/duplicates.csv", page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    require_iqa(v);
    auto store = app.reader();
    res.set_header("Content-Disposition", "attachment; filename=\"duplicates.csv\"");
    res.set_content(query::render(*app.store_duplicates(*store), query::Format::csv),
                    "text/csv; charset=utf-8");
    app.audit(v, req, "duplicates.export", "");
  }));
}

}  // namespace evidex::web
