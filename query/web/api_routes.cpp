// The JSON API under /api/v1: the same JSON as the CLI's --format json (the contract in SPEC.md),
// for the evidence the caller may read. Bearer tokens (evidex token add) or a browser session.
#include "indexer/util/errors.hpp"
#include "mapping/tagger/tag_bundle.hpp"
#include "query/listing/apprentices_listing.hpp"
#include "query/check/check.hpp"
#include "query/coverage/coverage.hpp"
#include "query/authenticity/dates.hpp"
#include "query/authenticity/declaration.hpp"
#include "query/iqa/duplicates.hpp"
#include "query/listing/items.hpp"
#include "query/web/app.hpp"
#include "query/web/redaction.hpp"

namespace evidex::web {
namespace {

using query::access::may_read;
using query::access::may_sample;

constexpr const char* k_apprentice = R"(/api/v1/apprentices/([A-Za-z0-9._-]+))";

std::size_t whole_param(const httplib::Request& req, const std::string& name, std::size_t fallback, std::size_t most) {
  const std::string text = param(req, name);
  if (text.empty()) {
    return fallback;
  }
  try {
    std::size_t used = 0;
    auto value = std::stoull(text, &used);
    if (used == text.size() && value <= most) {
      return static_cast<std::size_t>(value);
    }
  } catch (const std::exception&) {
  }
  throw HttpError{400, name + ": a whole number from 0 to " + std::to_string(most)};
}

std::optional<std::string> date_param(const httplib::Request& req, const std::string& name) {
  const std::string text = param(req, name);
  if (text.empty()) {
    return std::nullopt;
  }
  return query::require_iso_date(text, name.c_str());
}

}  // namespace

void add_api_routes(App& app) {
  auto& http = app.http;

  http.Get("/api/v1/me", api_route(app, [](const auto&, auto& res, const Visitor& v) {
    send_json(res, {{"name", v.user.name},
                    {"role", query::access::role_name(v.user.role)},
                    {"apprentice", v.user.apprentice},
                    {"assigned", v.user.assigned}});
  }));

  http.Get("/api/v1/apprentices", api_route(app, [&app](const auto&, auto& res, const Visitor& v) {
    auto store = app.reader();
    auto apprentices = query::list_apprentices(*store);
    std::erase_if(apprentices, [&v](const query::ApprenticeSummary& a) { return !may_read(v.user, a.who.id); });
    send_json(res, query::Media<query::ApprenticeList>::json_value(apprentices));
  }));

  http.Get(std::string(k_apprentice) + "/items", api_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    auto store = app.reader();
    const std::string id = req.matches[1];
    app.readable_apprentice(*store, v, id);
    send_json(res, query::items_json(store->items(id), store->tags(id)));
    app.audit(v, req, "api.items", id);
  }));

  http.Get(std::string(k_apprentice) + "/coverage",
           api_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
             auto store = app.reader();
             const std::string id = req.matches[1];
             app.readable_apprentice(*store, v, id);
             const auto& standard = mapping::standard_of(*store, app.library, id);
             std::string method = param(req, "method").empty() ? default_method(standard) : param(req, "method");
             send_json(res, query::coverage_json(query::compute_coverage(*store, standard, id, method)));
             app.audit(v, req, "api.coverage", id);
           }));

  http.Get(std::string(k_apprentice) + "/check", api_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    auto store = app.reader();
    const std::string id = req.matches[1];
    app.readable_apprentice(*store, v, id);
    query::CheckResult check;
    if (param(req, "method").empty() && param(req, "assessment_date").empty()) {
      check = app.check(*store, id);
    } else {
      const auto& standard = mapping::standard_of(*store, app.library, id);
      query::CheckOptions options;
      options.method = param(req, "method").empty() ? default_method(standard) : param(req, "method");
      if (auto day = date_param(req, "assessment_date")) {
        options.assessment_date = query::parse_iso_day(*day);
      }
      check = query::run_check(*store, standard, id, options);
    }
    redact_other_apprentices(check, v.user);
    send_json(res, query::check_json(check));
    app.audit(v, req, "api.check", id);
  }));

  http.Get(std::string(k_apprentice) + "/declaration",
           api_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
             auto store = app.reader();
             const std::string id = req.matches[1];
             app.readable_apprentice(*store, v, id);
             send_json(res, query::declaration_json(
                                query::check_declaration(*store, id, date_param(req, "assessment_date"))));
             app.audit(v, req, "api.declaration", id);
           }));

  http.Post(std::string(k_apprentice) + "/uploads",
            upload_route(app, true, [&app](const auto& req, auto& res, const auto& reader, const Visitor& v) {
              const std::int64_t job = receive_upload(app, req, reader, v, req.matches[1]);
              send_json(res, {{"job", job}, {"status", "/api/v1/uploads/" + std::to_string(job)}}, 202);
            }));

  http.Get(R"(/api/v1/uploads/(\d+))", api_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    auto job = app.uploads.job(path_id(req));
    if (!job || !may_read(v.user, job->apprentice)) {
      throw HttpError{404, "no such upload"};
    }
    send_json(res, upload_job_json(*job));
  }));

  http.Get("/api/v1/search", api_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    auto store = app.reader();
    query::SearchOptions options;
    options.query = param(req, "q");
    if (options.query.empty()) {
      throw HttpError{400, "q: the query is missing"};
    }
    options.apprentice = param(req, "apprentice");
    options.ksb = param(req, "ksb");
    options.type = param(req, "type");
    options.limit = whole_param(req, "limit", 20, 1000);
    options.offset = whole_param(req, "offset", 0, 100000);
    send_json(res, query::search_json(visible_search(*store, v, options)));
    app.audit(v, req, "api.search", options.apprentice, "", options.query);
  }));

  http.Get("/api/v1/duplicates", api_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    if (!may_sample(v.user)) {
      throw HttpError{404, "no such resource"};
    }
    auto store = app.reader();
    query::DuplicateOptions options;
    options.apprentice = param(req, "apprentice");
    if (!param(req, "threshold").empty()) {
      try {
        options.threshold = std::stod(param(req, "threshold"));
      } catch (const std::exception&) {
        throw HttpError{400, "threshold: a number above 0, at most 1"};
      }
    }
    if (!(options.threshold > 0 && options.threshold <= 1)) {
      throw HttpError{400, "threshold: a number above 0, at most 1"};
    }
    if (options.apprentice.empty() && param(req, "threshold").empty()) {
      send_json(res, query::duplicates_json(*app.store_duplicates(*store)));
    } else {
      send_json(res, query::duplicates_json(query::find_duplicates(*store, options)));
    }
    app.audit(v, req, "api.duplicates", options.apprentice);
  }));

  http.Get("/api/v1/sample", api_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    if (!may_sample(v.user)) {
      throw HttpError{404, "no such resource"};
    }
    const auto options = sample_options(req);
    send_json(res, query::sample_json(draw_visible_sample(app, v, options)));
    app.audit(v, req, "api.sample", "", "", "seed " + std::to_string(options.seed));
  }));

  http.Get(R"(/api/v1/items/(\d+))", api_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    auto store = app.reader();
    auto found = store->item_by_id(path_id(req));
    if (!found || !may_read(v.user, found->first)) {
      throw HttpError{404, "no such item"};
    }
    std::vector<indexer::TagRecord> tags;
    for (auto& t : store->tags(found->first)) {
      if (t.path == found->second.path) {
        tags.push_back(std::move(t));
      }
    }
    auto out = query::items_json({found->second}, tags).at(0);
    out["id"] = found->second.id;
    out["apprentice"] = found->first;
    out["text"] = store->item_text(found->second.id);
    send_json(res, out);
    app.audit(v, req, "api.item", found->first, found->second.path);
  }));

  http.Post(R"(/api/v1/items/(\d+)/decisions)", api_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    std::string apprentice, path;
    {
      auto store = app.reader();
      auto found = store->item_by_id(path_id(req));
      if (!found || !may_read(v.user, found->first)) {
        throw HttpError{404, "no such item"};
      }
      apprentice = found->first;
      path = found->second.path;
    }
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    auto field = [&](const char* name) {
      if (body.is_object() && body.contains(name) && body[name].is_string()) {
        return body[name].template get<std::string>();
      }
      return param(req, name);
    };
    decide(app, req, v, apprentice, path, field("ref"), field("decision"), field("note"));
    send_json(res, {{"apprentice", apprentice}, {"path", path}, {"ref", field("ref")}, {"decision", field("decision")}});
  }));

  // Anything else under /api/: JSON, not the HTML error page.
  http.Get(R"(/api/.*)", [](const httplib::Request&, httplib::Response& res) {
    send_json(res, {{"error", "no such resource"}}, 404);
  });
}

}  // namespace evidex::web
