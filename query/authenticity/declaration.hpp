/** @file
 * @brief The Declaration of Authenticity check (`evidex declaration`): is the form among the
 * apprentice's items, are its six fields filled in, is the name on it the apprentice's, are its
 * dates real dates and not after the assessment.
 *
 * The form is looked for in the extracted text of every item, whatever its format (declaration_form.hpp
 * says how it is recognised and read). When several items hold it (a DOCX and its PDF, a blank
 * template and the signed copy), the one with the most fields filled in wins, then the one most like
 * the form, then the first by path; the others are listed.
 *
 * status: "complete" when all six fields are filled in, "incomplete" with the missing ones, "missing"
 * when no item holds the form. Dates that are not dates, dates after the assessment and a name that
 * is not the apprentice's are problems: they do not change the status.
 *
 * name_matches: true when the name on the form is the registered name (person_names.hpp: middle names
 * tolerated); false when it differs, gives only initials ("S. Patel") or a possible short form
 * ("Samuel" for "Sam"), each with a problem that says which; unset when there is nothing to compare:
 * no form, no name on it, a picture of a name, or no name registered for the apprentice (a problem
 * says so).
 */
#pragma once

#include "indexer/store/store.hpp"
#include "query/authenticity/dates.hpp"  // parse_uk_date, which the readiness check reuses
#include "query/render/render.hpp"
#include "query/snapshot/apprentice_snapshot.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::query {

enum class DeclarationStatus {
  complete,    // all six fields filled in
  incomplete,  // the form, with fields left empty
  missing,     // no item holds the form
};

/// The contract's spelling: "complete", "incomplete", "missing".
std::string declaration_status_name(DeclarationStatus status);

/// The inverse of declaration_status_name; InputError naming the word for any other.
DeclarationStatus parse_declaration_status(std::string_view name);

struct DeclarationCheck {
  DeclarationStatus status = DeclarationStatus::missing;
  std::string path;    // empty when missing
  std::vector<std::string> missing_fields;
  std::optional<bool> name_matches;
  std::string name_found;
  std::vector<std::string> problems;          // unparseable dates, dates after the assessment, name mismatch wording
  std::map<std::string, std::string> fields;  // field -> value as found
  // Added:
  std::string apprentice;
  std::string registered_name;  // empty when none is registered
  std::optional<std::string> assessment_date;
  std::map<std::string, std::string> dates;  // "apprentice date"/"employer date" -> YYYY-MM-DD, when they parse
  std::vector<std::string> other_forms;      // other items that hold the form
};

/// assessment_date must be YYYY-MM-DD (UsageError otherwise). The apprentice must exist.
DeclarationCheck check_declaration(const ApprenticeSnapshot& snapshot,
                                   const std::optional<std::string>& assessment_date /* YYYY-MM-DD */);
/// The same for one apprentice read from the store (a snapshot of its own).
DeclarationCheck check_declaration(indexer::Store& store, const std::string& apprentice,
                                   const std::optional<std::string>& assessment_date /* YYYY-MM-DD */);

nlohmann::json declaration_json(const DeclarationCheck& d);
/// The declaration check in each medium (query/render/render.hpp): render(result, format, colour).
template <>
struct Media<DeclarationCheck> {
  static nlohmann::json json_value(const DeclarationCheck& result);  // declaration_json
  static std::string csv(const DeclarationCheck& result);
  static std::string text(const DeclarationCheck& result, bool colour);
};

}  // namespace evidex::query
