#include "query/authenticity/declaration.hpp"

#include "indexer/util/errors.hpp"

#include "query/render/terminal_text.hpp"

#include "mapping/evidence_map/file_names.hpp"
#include "query/authenticity/dates.hpp"
#include "query/authenticity/declaration_form.hpp"
#include "query/authenticity/person_names.hpp"

#include <algorithm>
#include <sstream>

namespace evidex::query {

using nlohmann::json;

namespace {

struct Candidate {
  const indexer::ItemRecord* item = nullptr;
  DeclarationForm form;
  int filled = 0;
};

int filled_count(const DeclarationForm& form) {
  return static_cast<int>(
      std::count_if(form.fields.begin(), form.fields.end(), [](const auto& f) { return is_filled(f.second); }));
}

bool named_like_a_declaration(const std::string& path) {
  std::string name = mapping::normalise_name(mapping::file_name_of(path));
  return name.find("declaration") != std::string::npos || name.find("authenticity") != std::string::npos;
}

void check_name(DeclarationCheck& d) {
  auto field = d.fields.find("apprentice name");
  if (field == d.fields.end() || !is_filled(field->second)) {
    return;  // reported as a missing field
  }
  d.name_found = field->second;
  if (d.name_found.find("[image]") != std::string::npos) {
    d.problems.push_back(
        "the apprentice name on the form is a picture: compare it with " +
        (d.registered_name.empty() ? std::string("the apprentice's name") : "'" + d.registered_name + "'") + " by eye");
    return;
  }
  if (d.registered_name.empty()) {
    d.problems.push_back("no name is registered for apprentice " + d.apprentice + ", so the name on the form ('" +
                         d.name_found + "') was not checked: ingest with --name \"Full Name\" to check it");
    return;
  }
  NameMatch match = compare_names(d.name_found, d.registered_name);
  d.name_matches = match == NameMatch::same;
  switch (match) {
    case NameMatch::same: break;
    case NameMatch::initials:
      d.problems.push_back("the apprentice name on the form, '" + d.name_found + "', gives only initials of '" +
                           d.registered_name + "': the form asks for the full name");
      break;
    case NameMatch::short_form:
      d.problems.push_back("the apprentice name on the form, '" + d.name_found + "', is not the registered name '" +
                           d.registered_name + "' (a short form of the first name?): check it is the same person");
      break;
    case NameMatch::different:
      d.problems.push_back("the apprentice name on the form, '" + d.name_found + "', is not the registered name '" +
                           d.registered_name + "'");
      break;
  }
}

void check_dates(DeclarationCheck& d) {
  for (const char* field : {"apprentice date", "employer date"}) {
    auto it = d.fields.find(field);
    if (it == d.fields.end() || !is_filled(it->second)) {
      continue;  // reported as a missing field
    }
    auto date = parse_uk_date(it->second);
    if (!date) {
      d.problems.push_back(std::string(field) + " '" + it->second + "' is not a date (day/month/year expected)");
      continue;
    }
    d.dates[field] = *date;
    if (d.assessment_date && *date > *d.assessment_date) {
      d.problems.push_back(std::string(field) + " " + it->second + " is after the assessment date " +
                           *d.assessment_date);
    }
  }
}

}  // namespace

std::string declaration_status_name(DeclarationStatus status) {
  switch (status) {
    case DeclarationStatus::complete: return "complete";
    case DeclarationStatus::incomplete: return "incomplete";
    case DeclarationStatus::missing: return "missing";
  }
  return "missing";
}

DeclarationStatus parse_declaration_status(std::string_view name) {
  for (auto status : {DeclarationStatus::complete, DeclarationStatus::incomplete, DeclarationStatus::missing}) {
    if (declaration_status_name(status) == name) {
      return status;
    }
  }
  throw InputError("unknown declaration status '" + std::string(name) + "' (expected complete, incomplete or missing)");
}

DeclarationCheck check_declaration(indexer::Store& store, const std::string& apprentice,
                                   const std::optional<std::string>& assessment_date) {
  if (assessment_date) {
    require_iso_date(*assessment_date, "--assessment-date");  // before the store is read
  }
  return check_declaration(ApprenticeSnapshot(store, apprentice), assessment_date);
}

DeclarationCheck check_declaration(const ApprenticeSnapshot& snapshot,
                                   const std::optional<std::string>& assessment_date) {
  DeclarationCheck d;
  d.apprentice = snapshot.id();
  if (assessment_date) {
    d.assessment_date = require_iso_date(*assessment_date, "--assessment-date");
  }
  d.registered_name = snapshot.info().name;
  const auto& items = snapshot.items();
  std::vector<Candidate> candidates;
  for (const auto& item : items) {
    DeclarationForm form = read_declaration_form(snapshot.text(item.id));
    if (form.is_form) {
      int filled = filled_count(form);
      candidates.push_back({&item, std::move(form), filled});
    }
  }
  // Most filled in, then most like the form; items are in path order and the sort is stable.
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.filled != b.filled ? a.filled > b.filled : a.form.score > b.form.score;
  });

  if (candidates.empty()) {
    d.status = DeclarationStatus::missing;
    for (const auto& item : items) {
      if (!named_like_a_declaration(item.path)) {
        continue;
      }
      if (item.words == 0) {
        d.problems.push_back(item.path + " is named like a declaration but has no text to read (a scan or a photo?): " +
                             "check it by eye, or upload the form as a document");
      } else {
        d.problems.push_back(item.path + " is named like a declaration but does not hold the form " +
                             "(its labels and confirmation sentences)");
      }
    }
    return d;
  }

  const Candidate& best = candidates.front();
  d.path = best.item->path;
  d.fields = best.form.fields;
  for (std::size_t i = 1; i < candidates.size(); ++i) {
    d.other_forms.push_back(candidates[i].item->path);
  }
  for (const auto& field : declaration_fields()) {
    auto it = d.fields.find(field);
    if (it == d.fields.end() || !is_filled(it->second)) {
      d.missing_fields.push_back(field);
    }
  }
  d.status = d.missing_fields.empty() ? DeclarationStatus::complete : DeclarationStatus::incomplete;
  check_name(d);
  check_dates(d);
  return d;
}

json declaration_json(const DeclarationCheck& d) {
  auto or_null = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
  json fields = json::object();
  json dates = json::object();
  for (const auto& field : declaration_fields()) {
    auto it = d.fields.find(field);
    bool filled = it != d.fields.end() && is_filled(it->second);
    fields[field] = filled ? json(it->second) : json(nullptr);
    if (field.size() > 5 && field.compare(field.size() - 4, 4, "date") == 0) {
      auto date = d.dates.find(field);
      dates[field] = date == d.dates.end() ? json(nullptr) : json(date->second);
    }
  }
  return {{"apprentice", d.apprentice},
          {"registered_name", or_null(d.registered_name)},
          {"status", declaration_status_name(d.status)},
          {"path", or_null(d.path)},
          {"missing_fields", d.missing_fields},
          {"name_matches", d.name_matches ? json(*d.name_matches) : json(nullptr)},
          {"name_found", or_null(d.name_found)},
          {"fields", std::move(fields)},
          {"dates", std::move(dates)},
          {"assessment_date", d.assessment_date ? json(*d.assessment_date) : json(nullptr)},
          {"problems", d.problems},
          {"other_forms", d.other_forms}};
}

namespace {

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) {
    out += (out.empty() ? "" : sep) + p;
  }
  return out;
}

std::string render_csv(const DeclarationCheck& d) {
  std::vector<std::string> header{"apprentice", "status", "path", "missing_fields", "name_matches", "name_found"};
  std::vector<std::string> row{d.apprentice,
                               declaration_status_name(d.status),
                               d.path,
                               join(d.missing_fields, "; "),
                               d.name_matches ? (*d.name_matches ? "yes" : "no") : "",
                               d.name_found};
  for (const auto& field : declaration_fields()) {
    header.push_back(field);
    auto it = d.fields.find(field);
    row.push_back(it != d.fields.end() && is_filled(it->second) ? it->second : "");
  }
  header.push_back("problems");
  row.push_back(join(d.problems, "; "));
  return csv_row(header) + csv_row(row);
}

std::string render_text(const DeclarationCheck& d, bool colour) {
  const char* green = colour ? "\033[32m" : "";
  const char* red = colour ? "\033[31m" : "";
  const char* yellow = colour ? "\033[33m" : "";
  const char* bold = colour ? "\033[1m" : "";
  const char* dim = colour ? "\033[2m" : "";
  const char* reset = colour ? "\033[0m" : "";
  std::ostringstream out;
  std::string who =
      terminal_text(d.apprentice) + (d.registered_name.empty() ? "" : " (" + terminal_text(d.registered_name) + ")");
  out << bold << "Declaration of Authenticity" << reset << ", apprentice " << who << ": ";
  if (d.status == DeclarationStatus::missing) {
    out << red << bold << "MISSING" << reset << "\n"
        << "No item holds the form (Appendix 4: the confirmation sentences, then apprentice name, signature\n"
           "and date, and employer name, signature and date).\n";
  } else {
    out << (d.status == DeclarationStatus::complete ? green : red) << bold
        << (d.status == DeclarationStatus::complete ? "COMPLETE" : "INCOMPLETE") << reset << "\n"
        << "  " << terminal_text(d.path) << "\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& field : declaration_fields()) {
      auto it = d.fields.find(field);
      std::string mark, value;
      if (it == d.fields.end()) {
        mark = std::string(red) + "✗" + reset;
        value = std::string(red) + "missing" + reset + dim + " (no such line on the form)" + reset;
      } else if (!is_filled(it->second)) {
        mark = std::string(red) + "✗" + reset;
        value = std::string(red) + "missing" + reset +
                (it->second.empty() ? std::string(dim) + " (blank)" + reset
                                    : std::string(dim) + " (only '" + terminal_text(it->second) + "')" + reset);
      } else {
        mark = std::string(green) + "✓" + reset;
        value = terminal_text(it->second);
        if (field == "apprentice name" && d.name_matches) {
          value += *d.name_matches ? std::string(dim) + "  (the registered name)" + reset
                                   : std::string(yellow) + "  (not the registered name)" + reset;
        }
      }
      rows.push_back({"  " + mark, field, value});
    }
    out << format_table(rows);
  }
  if (!d.problems.empty()) {
    out << yellow << "Problems:" << reset << "\n";
    for (const auto& p : d.problems) {
      out << "  " << terminal_text(p) << "\n";
    }
  }
  if (!d.other_forms.empty()) {
    out << dim << "Also holding the form: " << terminal_text(join(d.other_forms, ", ")) << reset << "\n";
  }
  return out.str();
}

}  // namespace

nlohmann::json Media<DeclarationCheck>::json_value(const DeclarationCheck& result) { return declaration_json(result); }

std::string Media<DeclarationCheck>::csv(const DeclarationCheck& result) { return render_csv(result); }

std::string Media<DeclarationCheck>::text(const DeclarationCheck& result, bool colour) {
  return render_text(result, colour);
}

}  // namespace evidex::query
