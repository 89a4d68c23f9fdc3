#include "query/web/app.hpp"
#include "query/web/page.hpp"

namespace evidex::web {
namespace {

// Only a path of this site: "//evil.example" or "https://…" would make the login an open redirect.
std::string safe_next(const std::string& next) {
  if (next.size() > 1 && next[0] == '/' && next[1] != '/' && next[1] != '\\' &&
      next.find_first_of("\r\n") == std::string::npos) {
    return next;
  }
  return "/";
}

std::string login_form(const std::string& next, const std::string& name, const std::string& message) {
  std::string body;
  if (!message.empty()) {
    body += "<p class=\"error-message\" role=\"alert\">" + esc(message) + "</p>\n";
  }
  body += "<form class=\"login\" method=\"post\" action=\"/login\">\n"
          "<input type=\"hidden\" name=\"next\" value=\"" + esc(next) + "\">\n"
          "<label for=\"name\">User name</label>\n"
          "<input id=\"name\" name=\"name\" autocomplete=\"username\" required value=\"" + esc(name) + "\">\n"
          "<label for=\"password\">Password</label>\n"
          "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\n"
          "<button type=\"submit\">Log in</button>\n</form>\n";
  return page("Log in", nullptr, body);
}

}  // namespace

void add_login_routes(App& app) {
  app.http.Get("/login", [](const httplib::Request& req, httplib::Response& res) {
    send_html(res, login_form(safe_next(param(req, "next")), "", ""));
  });

  // The login form needs no CSRF token: it creates the session, and SameSite=Strict keeps another
  // site's form from riding on one.
  app.http.Post("/login", [&app](const httplib::Request& req, httplib::Response& res) {
    const std::string name = param(req, "name");
    const std::string next = safe_next(param(req, "next"));
    auto result = app.accounts.login(name, param(req, "password"), remote_of(req));
    if (!result.user) {
      using query::access::LoginRefusal;
      if (result.refused == LoginRefusal::throttled) {
        res.set_header("Retry-After", std::to_string(result.retry_after_seconds));
        send_html(res,
                  login_form(next, name,
                             "Too many failed attempts. Try again in " +
                                 std::to_string((result.retry_after_seconds + 59) / 60) + " minutes."),
                  429);
        return;
      }
      // One sentence for a wrong name, a wrong password and a disabled account alike.
      send_html(res, login_form(next, name, "That user name and password do not match an account."), 401);
      return;
    }
    auto session = app.accounts.open_session(result.user->id, app.options.session_idle_seconds);
    const bool secure = app.options.secure_cookies || req.get_header_value("X-Forwarded-Proto") == "https";
    res.set_header("Set-Cookie", session_cookie(session.id, app.options.session_idle_seconds, secure));
    app.accounts.audit(*result.user, "login", "", "", "", remote_of(req));
    redirect(res, next);
  });

  app.http.Post("/logout", page_route(app, [&app](const httplib::Request& req, httplib::Response& res,
                                                  const Visitor& v) {
    app.accounts.close_session(v.session_id);
    app.audit(v, req, "logout", "");
    res.set_header("Set-Cookie", session_cookie("", 0, app.options.secure_cookies));
    redirect(res, "/login");
  }));

  app.http.Get("/", page_route(app, [](const httplib::Request&, httplib::Response& res, const Visitor& v) {
    redirect(res, v.user.role == query::access::Role::apprentice ? "/apprentices/" + url_value(v.user.apprentice)
                                                                  : "/apprentices");
  }));
}

}  // namespace evidex::web
