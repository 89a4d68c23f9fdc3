// Administrators: users (add, disable, enable), assessors' assignments, and the audit log.
#include "indexer/util/errors.hpp"
#include "query/web/app.hpp"
#include "query/web/page.hpp"

namespace evidex::web {
namespace {

using query::access::may_manage_users;

void require_admin(const Visitor& v) {
  if (!may_manage_users(v.user)) {
    throw HttpError{404, "No such page."};
  }
}

std::string post_button(const Visitor& v, const std::string& action, const std::string& label,
                        const std::string& hidden_name = {}, const std::string& hidden_value = {}) {
  return "<form class=\"inline\" method=\"post\" action=\"" + esc(action) + "\">" + csrf_field(v) +
         (hidden_name.empty() ? ""
                              : "<input type=\"hidden\" name=\"" + esc(hidden_name) + "\" value=\"" +
                                    esc(hidden_value) + "\">") +
         "<button type=\"submit\">" + esc(label) + "</button></form>";
}

void users_page(App& app, httplib::Response& res, const Visitor& v, const std::string& message = {}) {
  require_admin(v);
  std::string rows;
  for (const auto& u : app.accounts.users()) {
    const std::string base = "/admin/users/" + url_value(u.name);
    std::string detail = u.role == query::access::Role::apprentice ? "apprentice " + esc(u.apprentice) : "";
    for (const auto& a : u.assigned) {
      detail += (detail.empty() ? "" : ", ") + esc(a) + " " +
                post_button(v, base + "/unassign", "Unassign " + a, "apprentice", a);
    }
    rows += "<tr><td>" + esc(u.name) + "</td><td>" + esc(query::access::role_name(u.role)) + "</td><td>" + detail +
            "</td><td>" + (u.disabled ? "disabled" : "active") + "</td><td>" +
            post_button(v, base + (u.disabled ? "/enable" : "/disable"), u.disabled ? "Enable" : "Disable") +
            (u.role == query::access::Role::assessor
                 ? " <form class=\"inline\" method=\"post\" action=\"" + base + "/assign\">" + csrf_field(v) +
                       "<label>Assign apprentice <input name=\"apprentice\" size=\"8\" required></label> "
                       "<button type=\"submit\">Assign</button></form>"
                 : "") +
            "</td></tr>\n";
  }
  std::string body = message.empty() ? "" : "<p role=\"status\" class=\"notice\">" + esc(message) + "</p>\n";
  body += "<table class=\"users\"><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th><th scope=\"col\">"
          "Evidence</th><th scope=\"col\">State</th><th scope=\"col\">Actions</th></tr></thead><tbody>\n" +
          rows + "</tbody></table>\n";
  body += "<h2>Add a user</h2>\n<form class=\"add-user\" method=\"post\" action=\"/admin/users\">" + csrf_field(v) +
          "<label for=\"new-name\">User name</label><input id=\"new-name\" name=\"name\" required>"
          "<label for=\"new-role\">Role</label><select id=\"new-role\" name=\"role\"><option>apprentice</option>"
          "<option>assessor</option><option>iqa</option><option>admin</option></select>"
          "<label for=\"new-apprentice\">Apprentice ID (role apprentice)</label><input id=\"new-apprentice\" "
          "name=\"apprentice\"><label for=\"new-password\">Password (at least 10 characters)</label>"
          "<input id=\"new-password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" required>"
          "<button type=\"submit\">Add</button></form>\n";
  send_html(res, page("Users", &v, body));
}

void audit_page(App& app, const httplib::Request& req, httplib::Response& res, const Visitor& v) {
  require_admin(v);
  query::access::AuditFilter filter;
  filter.user = param(req, "user");
  filter.apprentice = param(req, "apprentice");
  filter.action = param(req, "action");
  std::string rows;
  for (const auto& e : app.accounts.audit_log(filter)) {
    rows += "<tr><td>" + esc(e.at) + "</td><td>" + esc(e.user) + "</td><td>" + esc(e.role) + "</td><td>" +
            esc(e.action) + "</td><td>" + esc(e.apprentice) + "</td><td>" + esc(e.item) + "</td><td>" +
            esc(e.detail) + "</td></tr>\n";
  }
  std::string body = "<table class=\"audit\"><thead><tr><th scope=\"col\">When (UTC)</th><th scope=\"col\">Who</th>"
                     "<th scope=\"col\">Role</th><th scope=\"col\">Did</th><th scope=\"col\">Apprentice</th>"
                     "<th scope=\"col\">Item</th><th scope=\"col\">Detail</th></tr></thead><tbody>\n" +
                     rows + "</tbody></table>\n";
  send_html(res, page("Audit log", &v, body));
}

// Runs an account change; a refusal the admin can correct (a short password, a taken name) is shown
// on the page rather than as an error page.
void change(App& app, httplib::Response& res, const Visitor& v,
            const std::function<std::string()>& act) {
  require_admin(v);
  std::string message;
  try {
    message = act();
  } catch (const UsageError& e) {
    message = e.what();
  } catch (const InputError& e) {
    message = e.what();
  }
  users_page(app, res, v, message);
}

}  // namespace

void add_admin_pages(App& app) {
  using query::access::parse_role;
  app.http.Get("/admin/users", page_route(app, [&app](const auto&, auto& res, const Visitor& v) {
    users_page(app, res, v);
  }));
  app.http.Get("/admin/audit", page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    audit_page(app, req, res, v);
  }));
  app.http.Post("/admin/users", page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
    change(app, res, v, [&] {
      auto role = parse_role(param(req, "role"));
      if (!role) {
        throw UsageError("A role is apprentice, assessor, iqa or admin.");
      }
      const std::string name = param(req, "name");
      app.accounts.add_user(name, *role, param(req, "password"),
                            *role == query::access::Role::apprentice ? param(req, "apprentice") : std::string());
      app.audit(v, req, "user.add", param(req, "apprentice"), "", name + " (" + param(req, "role") + ")");
      return "Added " + name + ".";
    });
  }));
  app.http.Post(R"(/admin/users/([^/]+)/(disable|enable|assign|unassign))",
                page_route(app, [&app](const auto& req, auto& res, const Visitor& v) {
                  change(app, res, v, [&] {
                    const std::string name = req.matches[1], action = req.matches[2];
                    const std::string apprentice = param(req, "apprentice");
                    if (action == "disable" || action == "enable") {
                      app.accounts.set_disabled(name, action == "disable");
                    } else if (action == "assign") {
                      app.accounts.assign(name, apprentice);
                    } else {
                      app.accounts.unassign(name, apprentice);
                    }
                    app.audit(v, req, "user." + action, apprentice, "", name);
                    return action.substr(0, 1) == "d" ? "Disabled " + name + "."
                           : action == "enable"       ? "Enabled " + name + "."
                           : action == "assign"       ? "Assigned " + apprentice + " to " + name + "."
                                                      : "Unassigned " + apprentice + " from " + name + ".";
                  });
                }));
}

}  // namespace evidex::web
