// The one-page report of `evidex report`, served: the same page a tutor prints, its item links
// leading to this server's downloads, with what the visitor may not know about other apprentices
// taken out.
#include "mapping/tagger/tag_bundle.hpp"
#include "query/report/report_html.hpp"
#include "query/web/app.hpp"
#include "query/web/redaction.hpp"

namespace evidex::web {
namespace {

void report_page(App& app, const httplib::Request& req, httplib::Response& res, const Visitor& v) {
  const std::string id = req.matches[1];
  auto store = app.reader();
  query::ReportInput input;
  input.apprentice = app.readable_apprentice(*store, v, id);
  input.bundles = store->bundles_of(id);
  input.items = store->items(id);
  input.tags = store->tags(id);
  input.generated = indexer::utc_now_iso().substr(0, 10);
  auto check = app.check(*store, id);
  redact_other_apprentices(check, v.user);
  for (auto& group : check.duplicates) {
    // Another apprentice's items are listed only to someone who may read them.
    std::erase_if(group.items, [&](const query::DuplicateItem& item) {
      return item.apprentice != id && !query::access::may_read(v.user, item.apprentice);
    });
  }
  input.check = check;
  input.coverage = check.coverage;
  input.declaration = check.declaration;
  input.duplicates = check.duplicates;
  for (const auto& item : input.items) {
    const std::string href = "/items/" + std::to_string(item.id) + "/download";
    const auto slash = item.path.find_last_of('/');
    input.links[item.path] = {href, slash == std::string::npos ? item.path : item.path.substr(slash + 1)};
    std::error_code ec;
    if (!item.sha256.empty() && !std::filesystem::is_regular_file(store->blob_file(item.sha256), ec)) {
      input.missing_originals[item.path] = "the store";  // never the server's path
    }
  }
  input.links_note = "Each item's name downloads its original from evidex.";
  // The report is one self-contained page: its styles are inline, and it has no script at all.
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; "
                 "base-uri 'none'; form-action 'none'");
  send_html(res, query::render_report_html(input));
  app.audit(v, req, "report.view", id);
}

}  // namespace

void add_report_page(App& app) {
  app.http.Get(R"(/apprentices/([A-Za-z0-9._-]+)/report)", page_route(app, [&app](const auto& req, auto& res,
                                                                               const Visitor& v) {
    report_page(app, req, res, v);
  }));
}

}  // namespace evidex::web
