// The apprentices' list (assessors, IQA, admins) and one apprentice's page: verdict, what to fix,
// the coverage matrix by module, suggestions to accept or reject, the declaration, the items, and
// the upload form with its progress.
#include "indexer/util/errors.hpp"
#include "mapping/tagger/tag_bundle.hpp"
#include "query/access/secrets.hpp"
#include "query/check/check.hpp"
#include "query/listing/apprentices_listing.hpp"
#include "query/web/app.hpp"
#include "query/web/page.hpp"
#include "query/web/redaction.hpp"

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

namespace evidex::web {
namespace {

using query::access::may_decide;
using query::access::may_read;
using query::access::may_upload;

std::string verdict_badge(const std::string& verdict) {
  std::string label = verdict == "distinction-ready" ? "Distinction within reach"
                      : verdict == "pass-ready"      ? "Pass criteria covered"
                                                     : "Not ready";
  return "<span class=\"badge badge-" + esc(verdict) + "\">" + esc(label) + "</span>";
}

std::string item_link(const std::map<std::string, std::int64_t>& ids, const std::string& path) {
  auto it = ids.find(path);
  if (it == ids.end()) {
    return "<span class=\"path\">" + esc(path) + "</span>";
  }
  return "<a class=\"path\" href=\"/items/" + std::to_string(it->second) + "\">" + esc(path) + "</a>";
}

std::string findings_section(const query::CheckResult& check, const std::map<std::string, std::int64_t>& ids) {
  std::string html = "<section aria-labelledby=\"fix\"><h2 id=\"fix\">What to fix before assessment</h2>\n";
  if (check.blocking.empty()) {
    html += "<p class=\"ok\">Nothing blocks the assessment.</p>\n";
  } else {
    html += "<ul class=\"findings\">\n";
    for (const auto& f : check.blocking) {
      html += "<li class=\"finding blocking\"><span class=\"code\">" + esc(query::finding_code_name(f.code)) + "</span> ";
      if (f.item) {
        html += item_link(ids, *f.item) + ": ";
      }
      html += esc(f.message) + "</li>\n";
    }
    html += "</ul>\n";
  }
  for (const auto& f : check.notes) {
    html += "<p class=\"finding note\"><span class=\"code\">" + esc(query::finding_code_name(f.code)) + "</span> " + esc(f.message) + "</p>\n";
  }
  return html + "</section>\n";
}

std::string coverage_section(const query::Coverage& coverage, const std::map<std::string, std::int64_t>& ids) {
  const auto& standard = *coverage.standard;
  std::string html = "<section aria-labelledby=\"matrix\"><h2 id=\"matrix\">Coverage by module</h2>\n";
  html += "<p>Pass criteria covered: <strong>" + std::to_string(coverage.pass_covered) + " of " +
          std::to_string(coverage.pass_total) + "</strong>; distinction criteria: <strong>" +
          std::to_string(coverage.distinction_covered) + " of " + std::to_string(coverage.distinction_total) +
          "</strong>" +
          (coverage.distinction_required
               ? " (" + std::to_string(*coverage.distinction_required) + " needed for distinction)"
               : std::string()) +
          ".</p>\n";
  for (std::size_t m = 0; m < standard.modules.size(); ++m) {
    std::string rows;
    std::size_t covered = 0, total = 0;
    for (const auto& c : coverage.criteria) {
      if (c.criterion->module_index != m) {
        continue;
      }
      ++total;
      covered += c.covered;
      std::string evidence;
      for (const auto& e : c.evidence) {
        if (!e.counts) {
          continue;
        }
        evidence += "<li>" + item_link(ids, e.path) + " <span class=\"source\">" + esc(query::tag_source_name(e.source)) + "</span></li>";
      }
      const bool distinction = c.criterion->distinction_in(coverage.method);
      rows += std::string("<tr class=\"") + (c.covered ? "covered" : "gap") + "\"><th scope=\"row\">" +
              esc(c.criterion->ref) + (distinction ? " <abbr title=\"distinction criterion\">D</abbr>" : "") +
              "</th><td>" + esc(c.criterion->text) + "</td><td>" +
              (c.covered ? "<span class=\"state covered\">Covered</span><ul class=\"evidence\">" + evidence + "</ul>"
                         : "<span class=\"state gap\">Gap</span>") +
              "</td></tr>\n";
    }
    if (total == 0) {
      continue;
    }
    const auto& module = standard.modules[m];
    html += "<details class=\"module\"" + std::string(covered < total ? " open" : "") + "><summary>" +
            (module.number ? "Module " + std::to_string(module.number) + ": " : std::string()) + esc(module.title) +
            " <span class=\"count" + (covered < total ? " gaps" : "") + "\">" + std::to_string(covered) + "/" +
            std::to_string(total) + "</span></summary>\n<table class=\"matrix\"><thead><tr><th scope=\"col\">"
            "Criterion</th><th scope=\"col\">What it asks</th><th scope=\"col\">Evidence</th></tr></thead><tbody>\n" +
            rows + "</tbody></table></details>\n";
  }
  return html + "</section>\n";
}

std::string suggestions_section(const query::Coverage& coverage, const std::map<std::string, std::int64_t>& ids,
                                 const Visitor& v, const std::string& apprentice) {
  std::string rows;
  for (const auto& c : coverage.criteria) {
    for (const auto& e : c.evidence) {
      if (e.source != query::TagSource::inferred || e.counts) {
        continue;
      }
      rows += "<tr><td>" + esc(c.criterion->ref) + "</td><td>" + item_link(ids, e.path) + "</td><td>" +
              esc(e.detail) + "</td><td>";
      if (may_decide(v.user, apprentice)) {
        for (const char* decision : {"confirm", "reject"}) {
          rows += "<form class=\"inline\" method=\"post\" action=\"/apprentices/" + url_value(apprentice) +
                  "/decisions\">" + csrf_field(v) + "<input type=\"hidden\" name=\"path\" value=\"" + esc(e.path) +
                  "\"><input type=\"hidden\" name=\"ref\" value=\"" + esc(c.criterion->ref) +
                  "\"><input type=\"hidden\" name=\"decision\" value=\"" + decision + "\"><button type=\"submit\""
                  " class=\"" + decision + "\" aria-label=\"" + (decision[0] == 'c' ? "Accept " : "Reject ") +
                  esc(c.criterion->ref) + " for " + esc(e.path) + "\">" +
                  (decision[0] == 'c' ? "Accept" : "Reject") + "</button></form> ";
        }
      }
      rows += "</td></tr>\n";
    }
  }
  std::string html = "<section aria-labelledby=\"suggestions\"><h2 id=\"suggestions\">Suggestions</h2>\n";
  if (rows.empty()) {
    return html + "<p>No suggestions: every inferred tag has been decided.</p></section>\n";
  }
  return html +
         "<p>evidex thinks these items may evidence these criteria. They count only once a person accepts "
         "them.</p>\n<table class=\"suggestions\"><thead><tr><th scope=\"col\">Criterion</th><th scope=\"col\">"
         "Item</th><th scope=\"col\">Why</th><th scope=\"col\">Decision</th></tr></thead><tbody>\n" +
         rows + "</tbody></table></section>\n";
}

std::string declaration_section(const query::DeclarationCheck& d, const std::map<std::string, std::int64_t>& ids) {
  std::string html = "<section aria-labelledby=\"declaration\"><h2 id=\"declaration\">Declaration of "
                     "Authenticity</h2>\n<p>Status: <strong class=\"declaration-" + esc(query::declaration_status_name(d.status)) + "\">" +
                     esc(query::declaration_status_name(d.status)) + "</strong>";
  if (!d.path.empty()) {
    html += " in " + item_link(ids, d.path);
  }
  html += "</p>\n";
  if (!d.missing_fields.empty()) {
    html += "<p>Fields left empty:</p><ul>";
    for (const auto& f : d.missing_fields) {
      html += "<li>" + esc(f) + "</li>";
    }
    html += "</ul>\n";
  }
  for (const auto& p : d.problems) {
    html += "<p class=\"finding note\">" + esc(p) + "</p>\n";
  }
  return html + "</section>\n";
}

std::string items_section(const std::vector<indexer::ItemRecord>& items, const std::vector<indexer::TagRecord>& tags) {
  std::map<std::string, std::set<std::string>> refs;
  for (const auto& t : tags) {
    if (t.source != "inferred") {
      refs[t.path].insert(t.ref);
    }
  }
  std::string html = "<section aria-labelledby=\"items\"><h2 id=\"items\">Items (" + std::to_string(items.size()) +
                     ")</h2>\n<table class=\"items\"><thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Type"
                     "</th><th scope=\"col\">Size</th><th scope=\"col\">Criteria</th><th scope=\"col\">Problem</th>"
                     "</tr></thead><tbody>\n";
  for (const auto& item : items) {
    std::string criteria;
    for (const auto& r : refs[item.path]) {
      criteria += (criteria.empty() ? "" : ", ") + esc(r);
    }
    html += std::string("<tr") + (item.error.empty() ? "" : " class=\"failed\"") + "><td><a href=\"/items/" +
            std::to_string(item.id) + "\">" + esc(item.path) + "</a></td><td>" + esc(item.type) + "</td><td>" +
            esc(size_text(item.bytes)) + "</td><td>" + criteria + "</td><td>" +
            (item.error.empty() ? "" : "Could not be read: " + esc(item.error)) + "</td></tr>\n";
  }
  return html + "</tbody></table></section>\n";
}

std::string upload_section(const std::string& apprentice, const Visitor& v, std::uint64_t limit) {
  return "<section aria-labelledby=\"upload\"><h2 id=\"upload\">Upload a showcase</h2>\n"
         "<form class=\"upload\" method=\"post\" enctype=\"multipart/form-data\" action=\"/apprentices/" +
         url_value(apprentice) + "/uploads\" data-upload>\n" + csrf_field(v) +
         "<div class=\"dropzone\" data-dropzone><p>Drop a zip of your evidence here, or choose it:</p>\n"
         "<label for=\"bundle\">Showcase file (zip, tar or 7z; at most " + esc(size_text(limit)) +
         ")</label>\n<input id=\"bundle\" name=\"bundle\" type=\"file\" required></div>\n"
         "<button type=\"submit\">Upload</button>\n"
         "<div class=\"progress\" data-progress hidden><label for=\"upload-bar\" data-progress-label>Uploading"
         "</label><progress id=\"upload-bar\" max=\"100\" value=\"0\"></progress>"
         "<p data-progress-status role=\"status\" aria-live=\"polite\"></p></div>\n</form></section>\n";
}

// Item paths to record IDs, for links.
std::map<std::string, std::int64_t> item_ids(const std::vector<indexer::ItemRecord>& items) {
  std::map<std::string, std::int64_t> ids;
  for (const auto& i : items) {
    ids[i.path] = i.id;
  }
  return ids;
}

void apprentice_page(App& app, const httplib::Request& req, httplib::Response& res, const Visitor& v) {
  const std::string id = req.matches[1];
  auto store = app.reader();
  if (!store->apprentice(id) && may_upload(v.user, id)) {
    // An apprentice's account comes before their first upload: their page is where it starts.
    send_html(res, page("Evidence of " + id, &v,
                        "<p class=\"lead\">No evidence has been uploaded yet. Upload your showcase (a zip of "
                        "your evidence, your evidence map and your signed Declaration of Authenticity) to see "
                        "which criteria it covers and what to fix before your assessment.</p>\n" +
                            upload_section(id, v, app.options.max_upload_bytes)));
    return;
  }
  const auto who = app.readable_apprentice(*store, v, id);
  const auto& standard = mapping::standard_of(*store, app.library, id);
  auto check = app.check(*store, id);
  redact_other_apprentices(check, v.user);
  const auto items = store->items(id);
  const auto ids = item_ids(items);

  std::string body = "<p class=\"lead\">" + esc(who.name.empty() ? who.id : who.name + " (" + who.id + ")") + " · " +
                     esc(standard.id + " " + standard.title) + " · " + verdict_badge(check.verdict) + " · " +
                     (check.ready() ? "<span class=\"badge ready\">Ready for assessment</span>"
                                    : "<span class=\"badge not-ready\">" + std::to_string(check.blocking.size()) +
                                          " things block the assessment</span>") +
                     " · <a href=\"/apprentices/" + url_value(id) + "/report\">Printable report</a></p>\n";
  if (may_upload(v.user, id)) {
    body += upload_section(id, v, app.options.max_upload_bytes);
  }
  body += findings_section(check, ids);
  body += coverage_section(check.coverage, ids);
  body += suggestions_section(check.coverage, ids, v, id);
  body += declaration_section(check.declaration, ids);
  body += items_section(items, store->tags(id));
  app.audit(v, req, "apprentice.view", id);
  send_html(res, page("Evidence of " + (who.name.empty() ? who.id : who.name), &v, body));
}

void apprentices_page(App& app, const httplib::Request& req, httplib::Response& res, const Visitor& v) {
  // A page at a time: an IQA lead sees every apprentice of the provider, hundreds of them.
  constexpr std::size_t k_per_page = 50;
  std::size_t page_number = 1;
  try {
    page_number = std::max<std::size_t>(1, std::stoul(param(req, "page").empty() ? "1" : param(req, "page")));
  } catch (const std::exception&) {
  }
  auto store = app.reader();
  std::vector<query::ApprenticeSummary> visible;
  for (auto& a : query::list_apprentices(*store)) {
    if (may_read(v.user, a.who.id)) {
      visible.push_back(std::move(a));
    }
  }
  std::string rows;
  const std::size_t first = (page_number - 1) * k_per_page;
  for (std::size_t i = first; i < visible.size() && i < first + k_per_page; ++i) {
    const auto& a = visible[i];
    const std::string verdict = app.verdict(*store, a.who.id);
    std::string uploaded;
    std::uint64_t failed = 0;
    for (const auto& b : store->bundles_of(a.who.id)) {
      uploaded = b.ingested_at;
      failed += b.error_count;
    }
    rows += "<tr><td><a href=\"/apprentices/" + url_value(a.who.id) + "\">" + esc(a.who.id) + "</a></td><td>" +
            esc(a.who.name) + "</td><td>" + esc(a.who.standard) + "</td><td>" + verdict_badge(verdict) + "</td><td>" +
            std::to_string(a.items) + "</td><td>" + std::to_string(failed) + "</td><td>" +
            esc(uploaded.substr(0, 10)) + "</td></tr>\n";
  }
  std::string body;
  if (visible.empty()) {
    body = "<p>There are no apprentices that you can see yet.</p>";
  } else {
    body = "<p>" + std::to_string(visible.size()) + " apprentices" +
           (visible.size() > k_per_page ? "; " + std::to_string(first + 1) + " to " +
                                              std::to_string(std::min(visible.size(), first + k_per_page)) + " shown"
                                        : std::string()) +
           ".</p>\n<table class=\"apprentices\"><thead><tr><th scope=\"col\">ID</th><th scope=\"col\">Name</th><th "
           "scope=\"col\">Standard</th><th scope=\"col\">Verdict</th><th scope=\"col\">Items</th><th "
           "scope=\"col\">Unreadable</th><th scope=\"col\">Uploaded</th></tr></thead><tbody>\n" +
           rows + "</tbody></table>\n";
    if (page_number > 1) {
      body += "<a href=\"/apprentices?page=" + std::to_string(page_number - 1) + "\">Previous</a> ";
    }
    if (first + k_per_page < visible.size()) {
      body += "<a href=\"/apprentices?page=" + std::to_string(page_number + 1) + "\">Next</a>";
    }
  }
  app.audit(v, req, "apprentices.list", "");
  send_html(res, page("Apprentices", &v, body));
}

// A name for the saved upload that keeps the browser's file name (the bundle's name in the
// portfolio: a later upload with it is its new version) but can be no path.
std::string safe_file_name(std::string name) {
  auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) {
    name = name.substr(slash + 1);
  }
  std::string out;
  for (unsigned char c : name) {
    out += (c < 0x20 || c == 0x7f) ? '_' : static_cast<char>(c);
  }
  if (out.empty() || out == "." || out == "..") {
    out = "upload";
  }
  return out.substr(0, 200);
}

}  // namespace

std::int64_t receive_upload(App& app, const httplib::Request& req, const httplib::ContentReader& reader,
                            const Visitor& v, const std::string& apprentice) {
  if (!may_upload(v.user, apprentice)) {
    throw HttpError{404, "There is no apprentice '" + apprentice + "' that you can see."};
  }
  static const std::regex id_pattern("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  if (!std::regex_match(apprentice, id_pattern)) {
    throw HttpError{404, "There is no apprentice '" + apprentice + "' that you can see."};
  }
  // Outside the store's tmp/, which every writer empties when it opens the store.
  const auto dir = app.options.store / "incoming" / query::access::random_secret();
  std::filesystem::create_directories(dir);
  std::filesystem::permissions(dir.parent_path(), std::filesystem::perms::owner_all);
  std::filesystem::path file;
  std::ofstream out;
  std::uint64_t received = 0;
  std::string csrf, field;
  bool too_large = false;
  auto cleanup = [&dir] {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  };
  bool complete = false;
  try {
    complete = reader(
        [&](const httplib::MultipartFormData& part) {
          field = part.name;
          if (part.name == "bundle" && file.empty()) {
            file = dir / safe_file_name(part.filename);
            out.open(file, std::ios::binary);
          }
          return true;
        },
        [&](const char* data, std::size_t size) {
          if (field == "csrf") {
            csrf.append(data, std::min<std::size_t>(size, 256));
          } else if (field == "bundle" && out.is_open()) {
            received += size;
            if (received > app.options.max_upload_bytes) {
              too_large = true;
              return false;
            }
            out.write(data, static_cast<std::streamsize>(size));
          }
          return true;
        });
    out.close();
  } catch (...) {
    cleanup();
    throw;
  }
  std::uint64_t declared = 0;
  try {
    declared = std::stoull(req.get_header_value("Content-Length"));
  } catch (const std::exception&) {
  }
  too_large = too_large || declared > app.options.max_upload_bytes + (1u << 20);
  if (!complete && !too_large) {
    cleanup();
    throw HttpError{400, "The upload was cut off before the whole file arrived; try again."};
  }
  if (too_large) {
    cleanup();
    throw HttpError{413, "The file is larger than this server accepts (" + size_text(app.options.max_upload_bytes) + ")."};
  }
  // The header (script) or the form's own field, checked only now because it is in the body.
  const std::string header = req.get_header_value("X-CSRF-Token");
  if (!csrf_matches(v, header.empty() ? csrf : header)) {
    cleanup();
    throw HttpError{403, "This form has expired. Go back, reload the page and try again."};
  }
  if (file.empty() || received == 0) {
    cleanup();
    throw HttpError{400, "No file came with the upload: choose your showcase file first."};
  }
  app.audit(v, req, "upload", apprentice, "", file.filename().string() + " (" + size_text(received) + ")");
  return app.uploads.submit(apprentice, v.user.name, file.filename().string(), file);
}

void add_apprentice_pages(App& app) {
  app.http.Get("/apprentices", page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    apprentices_page(app, req, res, v);
  }));
  app.http.Get(R"(/apprentices/([A-Za-z0-9._-]+))", page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    apprentice_page(app, req, res, v);
  }));
  app.http.Post(R"(/apprentices/([A-Za-z0-9._-]+)/decisions)",
                page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
                  const std::string id = req.matches[1];
                  decide(app, req, v, id, param(req, "path"), param(req, "ref"), param(req, "decision"), "");
                  redirect(res, "/apprentices/" + url_value(id) + "#suggestions");
                }));
  app.http.Post(R"(/apprentices/([A-Za-z0-9._-]+)/uploads)",
                upload_route(app, false, [&app](const auto& req, auto& res, const auto& reader, const Visitor& v) {
                  const std::int64_t job = receive_upload(app, req, reader, v, req.matches[1]);
                  if (req.get_header_value("Accept").find("application/json") != std::string::npos) {
                    send_json(res, {{"job", job}, {"status", "/api/v1/uploads/" + std::to_string(job)}}, 202);
                  } else {
                    redirect(res, "/uploads/" + std::to_string(job));
                  }
                }));
  app.http.Get(R"(/uploads/(\d+))", page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    auto job = app.uploads.job(path_id(req));
    if (!job || !may_read(v.user, job->apprentice)) {
      throw HttpError{404, "There is no such upload."};
    }
    const bool running = job->state == UploadState::queued || job->state == UploadState::running;
    std::string body = "<p role=\"status\">" + esc(job->file_name) + ": <strong>" +
                       esc(upload_state_name(job->state)) + "</strong>";
    if (job->state == UploadState::running) {
      body += " (" + esc(job->phase) + ", " + std::to_string(job->done) + " of " + std::to_string(job->found) +
              " items found so far)";
    }
    body += "</p>\n";
    if (!job->message.empty()) {
      body += "<p>" + esc(job->message) + "</p>\n";
    }
    body += "<p><a href=\"/apprentices/" + url_value(job->apprentice) + "\">Back to the evidence</a>" +
            (running ? " (this page does not refresh itself: reload it to follow the upload)" : "") + "</p>";
    send_html(res, page("Upload", &v, body));
  }));
}

}  // namespace evidex::web
