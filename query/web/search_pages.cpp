// Search across the apprentices a visitor may read: snippets with page numbers, filters (criterion,
// type, apprentice) and counts per criterion and type.
#include "query/web/app.hpp"
#include "query/web/page.hpp"

#include <algorithm>
#include <map>

namespace evidex::web {
namespace {

using query::access::may_read;

constexpr std::size_t k_page_size = 20;
// Counts per criterion and type are over at most this many of the best hits (said on the page).
constexpr std::size_t k_counted_hits = 200;

std::vector<std::string> readable_apprentices(indexer::Store& store, const Visitor& v) {
  std::vector<std::string> out;
  for (const auto& a : store.apprentices()) {
    if (may_read(v.user, a.id)) {
      out.push_back(a.id);
    }
  }
  return out;
}

std::string select_options(const std::vector<std::string>& values, const std::string& chosen, const char* any) {
  std::string html = std::string("<option value=\"\">") + any + "</option>";
  for (const auto& value : values) {
    html += "<option" + std::string(value == chosen ? " selected" : "") + " value=\"" + esc(value) + "\">" +
            esc(value) + "</option>";
  }
  return html;
}

void search_page(App& app, const httplib::Request& req, httplib::Response& res, const Visitor& v) {
  auto store = app.reader();
  query::SearchOptions options;
  options.query = param(req, "q");
  options.apprentice = param(req, "apprentice");
  options.ksb = param(req, "ksb");
  options.type = param(req, "type");
  std::size_t page_number = 1;
  try {
    page_number = std::max<std::size_t>(1, std::stoul(param(req, "page").empty() ? "1" : param(req, "page")));
  } catch (const std::exception&) {
  }
  const auto apprentices = readable_apprentices(*store, v);

  std::string body =
      "<form class=\"search\" method=\"get\" action=\"/search\" role=\"search\">\n"
      "<label for=\"q\">Search the evidence</label> <input id=\"q\" name=\"q\" type=\"search\" value=\"" +
      esc(options.query) + "\" placeholder='escalation, \"complaint resolved\"' required>\n"
      "<label for=\"apprentice\">Apprentice</label> <select id=\"apprentice\" name=\"apprentice\">" +
      select_options(apprentices, options.apprentice, "All") +
      "</select>\n<label for=\"ksb\">Criterion</label> <input id=\"ksb\" name=\"ksb\" size=\"6\" value=\"" +
      esc(options.ksb) + "\">\n<label for=\"type\">Type</label> <input id=\"type\" name=\"type\" size=\"6\" value=\"" +
      esc(options.type) + "\">\n<button type=\"submit\">Search</button>\n</form>\n";

  if (!options.query.empty()) {
    // The counts over the best k_counted_hits (no snippets: they would read every hit's text), the
    // page's own hits with their snippets.
    auto counting = options;
    counting.limit = k_counted_hits;
    counting.snippets = false;
    const auto counted = visible_search(*store, v, counting);
    options.offset = (page_number - 1) * k_page_size;
    options.limit = k_page_size + 1;  // one more tells whether there is a next page
    const auto result = visible_search(*store, v, options);
    std::map<std::string, std::size_t> by_criterion, by_type;
    for (const auto& hit : counted.hits) {
      ++by_type[hit.type];
      for (const auto& t : hit.tags) {
        ++by_criterion[t];
      }
    }
    body += "<p role=\"status\">About " + std::to_string(result.total) + " matching items.</p>\n";
    if (!counted.hits.empty()) {
      auto facet = [&](const char* title, const char* field, const std::map<std::string, std::size_t>& counts) {
        std::string html = std::string("<div class=\"facet\"><h2>") + title + "</h2><ul>";
        for (const auto& [value, count] : counts) {
          html += "<li><a href=\"/search?q=" + url_value(options.query) + "&amp;apprentice=" +
                  url_value(options.apprentice) + "&amp;" + field + "=" + url_value(value) + "\">" + esc(value) +
                  "</a> " + std::to_string(count) + "</li>";
        }
        return html + "</ul></div>";
      };
      body += "<aside class=\"facets\" aria-label=\"Counts\"><p class=\"small\">Counts over the best " +
              std::to_string(counted.hits.size()) + " results.</p>" + facet("By criterion", "ksb", by_criterion) +
              facet("By type", "type", by_type) + "</aside>\n";
    }
    body += "<ol class=\"hits\" start=\"" + std::to_string((page_number - 1) * k_page_size + 1) + "\">\n";
    for (std::size_t i = 0; i < result.hits.size() && i < k_page_size; ++i) {
      const auto& hit = result.hits[i];
      auto item = store->item(hit.apprentice, hit.path);
      std::string href = item ? "/items/" + std::to_string(item->id) +
                                    (hit.page ? "?page=" + std::to_string(*hit.page) : std::string())
                              : "";
      std::string tags;
      for (const auto& t : hit.tags) {
        tags += (tags.empty() ? "" : ", ") + esc(t);
      }
      body += "<li class=\"hit\"><a href=\"" + esc(href) + "\">" + esc(hit.path) + "</a> <span class=\"who\">" +
              esc(hit.apprentice) + "</span> <span class=\"type\">" + esc(hit.type) + "</span>" +
              (hit.page ? " <span class=\"page\">page " + std::to_string(*hit.page) + "</span>" : "") +
              "<p class=\"snippet\">" + hit.snippet_html + "</p>" +
              (tags.empty() ? "" : "<p class=\"small\">Criteria: " + tags + "</p>") + "</li>\n";
    }
    body += "</ol>\n";
    if (result.hits.size() > k_page_size) {
      body += "<p><a href=\"/search?q=" + url_value(options.query) + "&amp;apprentice=" +
              url_value(options.apprentice) + "&amp;ksb=" + url_value(options.ksb) + "&amp;type=" +
              url_value(options.type) + "&amp;page=" + std::to_string(page_number + 1) + "\">Next results</a></p>\n";
    }
    app.audit(v, req, "search", options.apprentice, "", options.query);
  }
  send_html(res, page("Search", &v, body));
}

}  // namespace

query::SearchResult visible_search(indexer::Store& store, const Visitor& v, query::SearchOptions options) {
  if (!options.apprentice.empty() && !may_read(v.user, options.apprentice)) {
    return {};
  }
  if (!query::access::may_read_all(v.user)) {
    options.only_apprentices = readable_apprentices(store, v);
  }
  return query::search(store, options);
}

void add_search_pages(App& app) {
  app.http.Get("/search", page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    search_page(app, req, res, v);
  }));
}

}  // namespace evidex::web
