#include "query/web/page.hpp"

#include "query/render/html.hpp"
#include "query/web/app.hpp"

namespace evidex::web {
namespace {

std::string nav_links(const Visitor& v) {
  using query::access::Role;
  std::string links;
  auto link = [&links](std::string_view href, std::string_view label) {
    links += "<li><a href=\"" + esc(href) + "\">" + esc(label) + "</a></li>";
  };
  if (v.user.role == Role::apprentice) {
    link("/apprentices/" + url_value(v.user.apprentice), "My evidence");
  } else {
    link("/apprentices", "Apprentices");
    link("/search", "Search");
  }
  if (v.user.role == Role::iqa || v.user.role == Role::admin) {
    link("/iqa/sample", "Sample");
    link("/iqa/duplicates", "Duplicates");
  }
  if (v.user.role == Role::admin) {
    link("/admin/users", "Users");
    link("/admin/audit", "Audit log");
  }
  return links;
}

}  // namespace

std::string esc(std::string_view text) { return query::html_escape(text); }

std::string url_value(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string csrf_field(const Visitor& visitor) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(visitor.csrf) + "\">";
}

std::string page(std::string_view title, const Visitor* visitor, std::string_view body) {
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  if (visitor && !visitor->csrf.empty()) {
    html += "<meta name=\"csrf-token\" content=\"" + esc(visitor->csrf) + "\">\n";
  }
  html += "<title>" + esc(title) + " · evidex</title>\n<link rel=\"stylesheet\" href=\"/assets/app.css\">\n"
          "<link rel=\"icon\" href=\"/assets/icon.svg\" type=\"image/svg+xml\">\n"
          "<script src=\"/assets/app.js\" defer></script>\n</head>\n<body>\n"
          "<a class=\"skip\" href=\"#main\">Skip to content</a>\n<header class=\"top\">\n"
          "<a class=\"brand\" href=\"/\">evidex</a>\n";
  if (visitor) {
    html += "<nav aria-label=\"Main\"><ul>" + nav_links(*visitor) + "</ul></nav>\n";
    html += "<form class=\"logout\" method=\"post\" action=\"/logout\">" + csrf_field(*visitor) +
            "<span class=\"who\">" + esc(visitor->user.name) + " (" +
            esc(query::access::role_name(visitor->user.role)) +
            ")</span> <button type=\"submit\">Log out</button></form>\n";
  }
  html += "</header>\n<main id=\"main\">\n<h1>" + esc(title) + "</h1>\n";
  html += body;
  html += "\n</main>\n</body>\n</html>\n";
  return html;
}

std::string error_page(int status, std::string_view message) {
  std::string title = status == 404   ? "Not found"
                      : status == 403 ? "Not allowed"
                      : status == 400 ? "That request cannot be answered"
                      : status == 413 ? "Too large"
                      : status == 429 ? "Too many attempts"
                      : status == 503 ? "Busy"
                                      : "Something went wrong";
  return page(title, nullptr,
              "<p class=\"error-message\">" + esc(message) + "</p>\n<p><a href=\"/\">Back to the start</a></p>");
}

}  // namespace evidex::web
