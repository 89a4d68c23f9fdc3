// One item: what it is, the criteria it evidences (with tag and untag for its assessor), the
// original shown in the browser where the browser can (PDF at a page, images, recordings), the
// attachments of an e-mail, and the extracted text; the original to download.
#include "query/web/app.hpp"
#include "query/web/page.hpp"

#include <fstream>
#include <set>

namespace evidex::web {
namespace {

using query::access::may_tag;

bool shown_inline(const std::string& mime) {
  return mime == "application/pdf" || mime.rfind("image/", 0) == 0 || mime.rfind("audio/", 0) == 0 ||
         mime.rfind("video/", 0) == 0;
}

std::string viewer(const indexer::ItemRecord& item, const std::string& page_number) {
  const std::string src = "/items/" + std::to_string(item.id) + "/inline";
  if (!item.error.empty()) {
    return "<p class=\"error-message\">This item could not be read: " + esc(item.error) + "</p>\n";
  }
  if (item.mime == "application/pdf") {
    std::string fragment = page_number.empty() ? "" : "#page=" + url_value(page_number);
    return "<iframe class=\"pdf\" title=\"" + esc(item.path) + "\" src=\"" + src + fragment + "\"></iframe>\n";
  }
  if (item.mime.rfind("image/", 0) == 0) {
    return "<img class=\"original\" src=\"" + src + "\" alt=\"" + esc(item.path) + "\">\n";
  }
  if (item.mime.rfind("audio/", 0) == 0) {
    return "<audio controls src=\"" + src + "\"></audio>\n";
  }
  if (item.mime.rfind("video/", 0) == 0) {
    return "<video controls src=\"" + src + "\"></video>\n";
  }
  return "";
}

// The file name for Content-Disposition: the item's last path part, ASCII fallback plus RFC 5987 form.
std::string disposition(const std::string& kind, const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  std::string ascii;
  for (unsigned char c : name) {
    ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? static_cast<char>(c) : '_';
  }
  return kind + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + url_value(name);
}

struct Found {
  std::string apprentice;
  indexer::ItemRecord item;
};

// The item, if the visitor may see it; 404 alike for another apprentice's item and no item.
Found readable_item(indexer::Store& store, const httplib::Request& req, const Visitor& v) {
  auto found = store.item_by_id(path_id(req));
  if (!found || !query::access::may_read(v.user, found->first)) {
    throw HttpError{404, "There is no such item."};
  }
  return {found->first, found->second};
}

void send_original(App& app, const httplib::Request& req, httplib::Response& res, const Visitor& v, bool inline_view) {
  auto store = app.reader();
  auto [apprentice, item] = readable_item(*store, req, v);
  if (inline_view && !shown_inline(item.mime)) {
    throw HttpError{404, "This item cannot be shown in the browser; download it instead."};
  }
  const auto file = store->blob_file(item.sha256);
  auto in = std::make_shared<std::ifstream>(file, std::ios::binary);
  if (!*in) {
    throw HttpError{404, "The original of this item is missing from the store."};
  }
  const auto size = std::filesystem::file_size(file);
  res.set_header("Content-Disposition", disposition(inline_view ? "inline" : "attachment", item.path));
  if (inline_view) {
    // Shown in our own frame, never run: no script of the file's may act as this site.
    res.set_header("Content-Security-Policy", "default-src 'none'; img-src 'self'; media-src 'self'; "
                                              "style-src 'unsafe-inline'; frame-ancestors 'self'");
    res.set_header("X-Frame-Options", "SAMEORIGIN");
  }
  res.set_content_provider(size, item.mime.empty() ? "application/octet-stream" : item.mime,
                           [in](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
                             std::vector<char> buffer(std::min<std::size_t>(length, 1 << 16));
                             in->seekg(static_cast<std::streamoff>(offset));
                             in->read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
                             const auto got = in->gcount();
                             if (got <= 0) {
                               return false;
                             }
                             sink.write(buffer.data(), static_cast<std::size_t>(got));
                             return true;
                           });
  app.audit(v, req, inline_view ? "item.view-original" : "item.download", apprentice, item.path);
}

void item_page(App& app, const httplib::Request& req, httplib::Response& res, const Visitor& v) {
  auto store = app.reader();
  auto [apprentice, item] = readable_item(*store, req, v);
  const std::string base = "/items/" + std::to_string(item.id);
  std::string body = "<p class=\"lead\"><a href=\"/apprentices/" + url_value(apprentice) + "\">" + esc(apprentice) +
                     "</a> · " + esc(item.type) + " · " + esc(size_text(item.bytes)) +
                     (item.pages > 1 ? " · " + std::to_string(item.pages) + " pages" : "") +
                     " · <a href=\"" + base + "/download\" download>Download the original</a></p>\n";
  body += viewer(item, param(req, "page"));

  // The criteria that stand for this item.
  std::string tags;
  std::set<std::string> listed;
  for (const auto& t : store->tags(apprentice)) {
    if (t.path != item.path || !listed.insert(t.ref + "/" + t.source).second) {
      continue;
    }
    tags += "<li><strong>" + esc(t.ref) + "</strong> <span class=\"source\">" + esc(t.source) + "</span>";
    if (!t.detail.empty()) {
      tags += " <span class=\"detail\">" + esc(t.detail) + "</span>";
    }
    if (may_tag(v.user, apprentice)) {
      tags += " <form class=\"inline\" method=\"post\" action=\"" + base + "/decisions\">" + csrf_field(v) +
              "<input type=\"hidden\" name=\"ref\" value=\"" + esc(t.ref) +
              "\"><input type=\"hidden\" name=\"decision\" value=\"reject\"><button type=\"submit\" "
              "aria-label=\"Untag " + esc(t.ref) + "\">Untag</button></form>";
    }
    tags += "</li>\n";
  }
  body += "<section aria-labelledby=\"criteria\"><h2 id=\"criteria\">Criteria it evidences</h2>\n" +
          (tags.empty() ? std::string("<p>None yet.</p>\n") : "<ul class=\"tags\">" + tags + "</ul>\n");
  if (may_tag(v.user, apprentice)) {
    body += "<form class=\"tag\" method=\"post\" action=\"" + base + "/decisions\">" + csrf_field(v) +
            "<input type=\"hidden\" name=\"decision\" value=\"confirm\"><label for=\"ref\">Tag with criterion</label> "
            "<input id=\"ref\" name=\"ref\" placeholder=\"12S3\" required size=\"6\"> <label for=\"note\">Note</label> "
            "<input id=\"note\" name=\"note\"> <button type=\"submit\">Tag</button></form>\n";
  }
  body += "</section>\n";

  std::string attachments;
  for (const auto& other : store->items(apprentice)) {
    if (other.parent && *other.parent == item.id) {
      attachments += "<li><a href=\"/items/" + std::to_string(other.id) + "\">" + esc(other.path) + "</a> (" +
                     esc(other.type) + ")</li>\n";
    }
  }
  if (!attachments.empty()) {
    body += "<section aria-labelledby=\"attachments\"><h2 id=\"attachments\">Attachments</h2><ul>" + attachments +
            "</ul></section>\n";
  }
  if (!item.warnings.empty()) {
    body += "<section aria-labelledby=\"warnings\"><h2 id=\"warnings\">Warnings</h2><ul>";
    for (const auto& w : item.warnings) {
      body += "<li>" + esc(w) + "</li>";
    }
    body += "</ul></section>\n";
  }
  body += "<section aria-labelledby=\"text\"><h2 id=\"text\">Extracted text</h2>\n<pre class=\"text\" tabindex=\"0\">" +
          esc(store->item_text(item.id)) + "</pre></section>\n";
  app.audit(v, req, "item.view", apprentice, item.path);
  send_html(res, page(item.path, &v, body));
}

}  // namespace

void add_item_pages(App& app) {
  app.http.Get(R"(/items/(\d+))", page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    item_page(app, req, res, v);
  }));
  app.http.Get(R"(/items/(\d+)/download)", page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    send_original(app, req, res, v, false);
  }));
  app.http.Get(R"(/items/(\d+)/inline)", page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    send_original(app, req, res, v, true);
  }));
  app.http.Post(R"(/items/(\d+)/decisions)", page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    std::string apprentice, path;
    {
      auto store = app.reader();
      auto [a, item] = readable_item(*store, req, v);
      apprentice = a;
      path = item.path;
    }
    decide(app, req, v, apprentice, path, param(req, "ref"), param(req, "decision"), param(req, "note"));
    redirect(res, "/items/" + std::to_string(path_id(req)) + "#criteria");
  }));
}

}  // namespace evidex::web
