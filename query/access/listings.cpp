#include "query/access/listings.hpp"

#include "query/render/terminal_text.hpp"

#include <nlohmann/json.hpp>

namespace evidex::query::access {
namespace {

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    out += (out.empty() ? "" : " ") + v;
  }
  return out;
}

// A text table's cells pass through terminal_text: the audit log quotes item paths from uploads.
std::string text_table(std::vector<std::vector<std::string>> rows) {
  for (auto& row : rows) {
    for (auto& cell : row) {
      cell = terminal_text(cell);
    }
  }
  return format_table(rows);
}

std::string csv_table(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    out += csv_row(row);
  }
  return out;
}

}  // namespace

std::string render_users(const std::vector<User>& users, Format format) {
  if (format == Format::json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& u : users) {
      out.push_back({{"name", u.name},
                     {"role", role_name(u.role)},
                     {"apprentice", u.apprentice},
                     {"assigned", u.assigned},
                     {"disabled", u.disabled},
                     {"created_at", u.created_at}});
    }
    return json_text(out);
  }
  std::vector<std::vector<std::string>> rows;
  const bool csv = format == Format::csv;
  rows.push_back(csv ? std::vector<std::string>{"name", "role", "apprentice", "assigned", "disabled", "created_at"}
                     : std::vector<std::string>{"NAME", "ROLE", "APPRENTICES", "STATUS", "CREATED"});
  for (const auto& u : users) {
    if (csv) {
      rows.push_back({u.name, std::string(role_name(u.role)), u.apprentice, joined(u.assigned),
                      u.disabled ? "true" : "false", u.created_at});
    } else {
      const std::string apprentices = u.role == Role::apprentice ? u.apprentice
                                      : u.role == Role::assessor ? (u.assigned.empty() ? "(none assigned)" : joined(u.assigned))
                                                                 : "(all)";
      rows.push_back({u.name, std::string(role_name(u.role)), apprentices, u.disabled ? "disabled" : "active",
                      u.created_at});
    }
  }
  if (csv) {
    return csv_table(rows);
  }
  return users.empty() ? "No users yet: add one with 'evidex user add NAME --role admin'.\n" : text_table(rows);
}

std::string render_tokens(const std::vector<Token>& tokens, Format format) {
  if (format == Format::json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : tokens) {
      out.push_back({{"id", t.id},
                     {"user", t.user},
                     {"label", t.label},
                     {"created_at", t.created_at},
                     {"last_used_at", t.last_used_at.empty() ? nlohmann::json() : nlohmann::json(t.last_used_at)},
                     {"revoked", t.revoked}});
    }
    return json_text(out);
  }
  const bool csv = format == Format::csv;
  std::vector<std::vector<std::string>> rows;
  rows.push_back(csv ? std::vector<std::string>{"id", "user", "label", "created_at", "last_used_at", "revoked"}
                     : std::vector<std::string>{"ID", "USER", "LABEL", "CREATED", "LAST USED", "STATUS"});
  for (const auto& t : tokens) {
    if (csv) {
      rows.push_back({std::to_string(t.id), t.user, t.label, t.created_at, t.last_used_at, t.revoked ? "true" : "false"});
    } else {
      rows.push_back({std::to_string(t.id), t.user, t.label, t.created_at,
                      t.last_used_at.empty() ? "never" : t.last_used_at, t.revoked ? "revoked" : "active"});
    }
  }
  if (csv) {
    return csv_table(rows);
  }
  return tokens.empty() ? "No tokens.\n" : text_table(rows);
}

std::string render_audit(const std::vector<AuditEntry>& entries, Format format) {
  if (format == Format::json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : entries) {
      out.push_back({{"id", e.id},
                     {"at", e.at},
                     {"user", e.user},
                     {"role", e.role},
                     {"action", e.action},
                     {"apprentice", e.apprentice},
                     {"item", e.item},
                     {"detail", e.detail},
                     {"remote", e.remote}});
    }
    return json_text(out);
  }
  const bool csv = format == Format::csv;
  std::vector<std::vector<std::string>> rows;
  rows.push_back(csv ? std::vector<std::string>{"id", "at", "user", "role", "action", "apprentice", "item", "detail",
                                                "remote"}
                     : std::vector<std::string>{"AT", "USER", "ROLE", "ACTION", "APPRENTICE", "ITEM", "DETAIL",
                                                "REMOTE"});
  for (const auto& e : entries) {
    std::vector<std::string> row{e.at, e.user, e.role, e.action, e.apprentice, e.item, e.detail, e.remote};
    if (csv) {
      row.insert(row.begin(), std::to_string(e.id));
    }
    rows.push_back(std::move(row));
  }
  if (csv) {
    return csv_table(rows);
  }
  return entries.empty() ? "No audit entries match.\n" : text_table(rows);
}

}  // namespace evidex::query::access
