#include "query/listing/apprentices_listing.hpp"

#include "query/render/terminal_text.hpp"

#include <nlohmann/json.hpp>

namespace evidex::query {

std::vector<ApprenticeSummary> list_apprentices(indexer::Store& store) {
  std::vector<ApprenticeSummary> out;
  for (auto& who : store.apprentices()) {
    ApprenticeSummary s;
    for (const auto& bundle : store.bundles_of(who.id)) {
      ++s.bundles;
      s.items += bundle.item_count;
    }
    s.who = std::move(who);
    out.push_back(std::move(s));
  }
  return out;
}

nlohmann::json Media<ApprenticeList>::json_value(const ApprenticeList& apprentices) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : apprentices) {
    out.push_back({{"apprentice", a.who.id},
                   {"name", a.who.name},
                   {"standard", a.who.standard},
                   {"assessor", a.who.assessor},
                   {"bundles", a.bundles},
                   {"items", a.items}});
  }
  return out;
}

std::string Media<ApprenticeList>::csv(const ApprenticeList& apprentices) {
  std::string out = csv_row({"apprentice", "name", "standard", "assessor", "bundles", "items"});
  for (const auto& a : apprentices) {
    out += csv_row(
        {a.who.id, a.who.name, a.who.standard, a.who.assessor, std::to_string(a.bundles), std::to_string(a.items)});
  }
  return out;
}

std::string Media<ApprenticeList>::text(const ApprenticeList& apprentices, bool /*colour*/) {
  if (apprentices.empty()) {
    return "no apprentices in this store (add one with 'evidex ingest PATH --apprentice ID')\n";
  }
  std::vector<std::vector<std::string>> rows{{"APPRENTICE", "NAME", "STANDARD", "ASSESSOR", "BUNDLES", "ITEMS"}};
  for (const auto& a : apprentices) {
    // Names are typed by people and may hold anything; the ID is checked at ingest.
    rows.push_back({a.who.id, terminal_text(a.who.name), terminal_text(a.who.standard), terminal_text(a.who.assessor),
                    std::to_string(a.bundles), std::to_string(a.items)});
  }
  return format_table(rows);
}

}  // namespace evidex::query
