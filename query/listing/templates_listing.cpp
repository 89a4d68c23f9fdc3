#include "query/listing/templates_listing.hpp"

#include "query/render/terminal_text.hpp"

namespace evidex::query {

using nlohmann::json;

json templates_json(const std::vector<indexer::TemplateRecord>& templates) {
  json list = json::array();
  for (const auto& t : templates) {
    list.push_back({{"id", t.builtin() ? json(nullptr) : json(t.id)},
                    {"key", t.builtin() ? json(t.key) : json(nullptr)},
                    {"name", t.name},
                    {"builtin", t.builtin()},
                    {"words", t.words},
                    {"sha256", t.sha256},
                    {"added_at", t.builtin() ? json(nullptr) : json(t.added_at)}});
  }
  return {{"templates", list}};
}

nlohmann::json Media<TemplateList>::json_value(const TemplateList& templates) { return templates_json(templates); }

std::string Media<TemplateList>::csv(const TemplateList& templates) {
  std::string out = csv_row({"id", "name", "builtin", "words", "added_at"});
  for (const auto& t : templates) {
    out += csv_row({t.builtin() ? t.key : std::to_string(t.id), t.name, t.builtin() ? "true" : "false",
                    std::to_string(t.words), t.added_at});
  }
  return out;
}

std::string Media<TemplateList>::text(const TemplateList& templates, bool /*colour*/) {
  std::vector<std::vector<std::string>> rows{{"ID", "NAME", "WORDS", "ADDED"}};
  std::size_t registered = 0;
  for (const auto& t : templates) {
    registered += !t.builtin();
    rows.push_back({t.builtin() ? "-" : std::to_string(t.id), terminal_text(t.name), std::to_string(t.words),
                    t.builtin() ? "built in" : t.added_at});
  }
  return format_table(rows) + std::to_string(templates.size()) + " templates (" +
         std::to_string(templates.size() - registered) + " built in, " + std::to_string(registered) +
         " registered with 'evidex template add'); their text is not counted as copying by 'evidex duplicates'\n";
}

}  // namespace evidex::query
