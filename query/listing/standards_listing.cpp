#include "query/listing/standards_listing.hpp"

#include "indexer/util/errors.hpp"
#include "query/coverage/method_choice.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

namespace evidex::query {

using nlohmann::json;

namespace {

std::string method_ids(const mapping::Standard& s) {
  std::string out;
  for (const auto& m : s.methods) {
    out += (out.empty() ? "" : ", ") + m.id;
  }
  return out;
}

json method_json(const mapping::Method& m) {
  return {{"id", m.id},
          {"title", m.title},
          {"weighting_percent", m.weighting_percent ? json(*m.weighting_percent) : json(nullptr)},
          {"distinction_required", m.distinction_required ? json(*m.distinction_required) : json(nullptr)},
          {"grading", m.grading},
          {"rules", m.rules}};
}

}  // namespace

nlohmann::json Media<mapping::StandardLibrary>::json_value(const mapping::StandardLibrary& library) {
  json out = json::array();
  for (const auto& s : library.all()) {
    json methods = json::array();
    for (const auto& m : s.methods) {
      methods.push_back(method_json(m));
    }
    out.push_back({{"id", s.id},
                   {"title", s.title},
                   {"level", s.level},
                   {"criteria", s.criteria.size()},
                   {"methods", std::move(methods)},
                   {"file", s.file.string()}});
  }
  return out;
}

std::string Media<mapping::StandardLibrary>::csv(const mapping::StandardLibrary& library) {
  std::string out = csv_row({"id", "title", "level", "criteria", "methods", "file"});
  for (const auto& s : library.all()) {
    out += csv_row(
        {s.id, s.title, std::to_string(s.level), std::to_string(s.criteria.size()), method_ids(s), s.file.string()});
  }
  return out;
}

std::string Media<mapping::StandardLibrary>::text(const mapping::StandardLibrary& library, bool /*colour*/) {
  std::vector<std::vector<std::string>> rows{{"ID", "TITLE", "LEVEL", "CRITERIA", "METHODS", "FILE"}};
  for (const auto& s : library.all()) {
    rows.push_back({s.id, s.title, std::to_string(s.level), std::to_string(s.criteria.size()), method_ids(s),
                    s.file.string()});
  }
  return format_table(rows) + (library.all().empty() ? "no standards found\n" : "");
}

StandardCriteria standard_criteria(const mapping::Standard& standard, const std::string& method) {
  return {&standard, method, chosen_methods(standard, method)};
}

nlohmann::json Media<StandardCriteria>::json_value(const StandardCriteria& view) {
  const mapping::Standard& s = *view.standard;
  const std::string& method = view.method;
  const auto criteria = s.criteria_for(method);
  json list = json::array();
  for (const auto* c : criteria) {
    const auto& m = s.modules[c->module_index];
    list.push_back({{"ref", c->ref},
                    {"module", m.number ? json(m.number) : json(nullptr)},
                    {"module_title", m.title},
                    {"type", std::string(1, c->type)},
                    {"text", c->text},
                    {"distinction", c->distinction_in(method)},
                    {"distinction_methods", c->distinction_methods},
                    {"methods", c->methods},
                    {"delivery", c->delivery}});
  }
  json methods = json::array();
  for (const auto& m : s.methods) {
    methods.push_back(method_json(m));
  }
  return json{{"id", s.id},       {"title", s.title}, {"level", s.level},   {"source", s.source},
              {"notes", s.notes}, {"method", method}, {"methods", methods}, {"criteria", list}};
}

std::string Media<StandardCriteria>::csv(const StandardCriteria& view) {
  const mapping::Standard& s = *view.standard;
  const std::string& method = view.method;
  const auto criteria = s.criteria_for(method);
  std::string out = csv_row({"ref", "module", "module_title", "type", "distinction", "methods", "text", "delivery"});
  for (const auto* c : criteria) {
    const auto& m = s.modules[c->module_index];
    std::string methods;
    for (const auto& id : c->methods) {
      methods += (methods.empty() ? "" : " ") + id;
    }
    out += csv_row({c->ref, m.number ? std::to_string(m.number) : "", m.title, std::string(1, c->type),
                    c->distinction_in(method) ? "yes" : "no", methods, c->text, c->delivery});
  }
  return out;
}

std::string Media<StandardCriteria>::text(const StandardCriteria& view, bool colour) {
  const mapping::Standard& s = *view.standard;
  const std::string& method = view.method;
  const auto criteria = s.criteria_for(method);
  const char* bold = colour ? "\033[1m" : "";
  const char* reset = colour ? "\033[0m" : "";
  std::ostringstream out;
  out << bold << s.id << " " << s.title << reset << (s.level ? " (level " + std::to_string(s.level) + ")" : "")
      << "\n";
  if (!s.source.empty()) {
    out << "Source: " << s.source << "\n";
  }
  for (const mapping::Method* method_shown : view.methods) {
    const mapping::Method& m = *method_shown;
    std::size_t pass = 0, distinction = 0;
    for (const auto* c : s.criteria_for(m.id)) {
      (c->distinction_in(m.id) ? distinction : pass) += 1;
    }
    out << "Method " << m.id << " (" << m.title << "): " << pass << " pass and " << distinction
        << " distinction criteria";
    if (m.distinction_required) {
      out << "; distinction needs all pass criteria and " << *m.distinction_required << " of " << distinction;
    }
    out << "\n";
  }
  std::size_t last = static_cast<std::size_t>(-1);
  for (const auto* c : criteria) {
    if (c->module_index != last) {
      last = c->module_index;
      const auto& m = s.modules[last];
      out << "\n" << bold << (m.number ? "Module " + std::to_string(m.number) + "  " : "") << m.title << reset << "\n";
    }
    std::string ref = c->ref + (c->distinction_in(method) ? " (D)" : "");
    ref.resize(std::max<std::size_t>(ref.size(), 9), ' ');
    std::string methods;
    for (const auto& id : c->methods) {
      methods += (methods.empty() ? "" : ", ") + id;
    }
    out << "  " << ref << " " << c->text << "  [" << methods << "]\n";
  }
  for (const auto& note : s.notes) {
    out << "\nNote: " << note << "\n";
  }
  out << "\n(D) = distinction criterion\n";
  return out.str();
}

}  // namespace evidex::query
