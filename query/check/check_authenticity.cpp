#include "query/check/check_authenticity.hpp"

#include "query/authenticity/declaration.hpp"
#include "query/iqa/duplicates.hpp"

#include <algorithm>

namespace evidex::query {

std::string check_authenticity(const ApprenticeSnapshot& snapshot, const CheckOptions& options, CheckResult& r) {
  const std::string& apprentice = snapshot.id();
  std::optional<std::string> assessment;
  if (options.assessment_date) {
    assessment = iso(*options.assessment_date);
  }
  r.declaration = check_declaration(snapshot, assessment);
  const DeclarationCheck& d = r.declaration;
  if (d.status == DeclarationStatus::missing) {
    r.blocking.push_back(
        showcase_finding(FindingCode::declaration,
                         "no Declaration of Authenticity found: the apprentice and the employer must complete, sign "
                         "and upload it with the showcase"));
  } else if (d.status == DeclarationStatus::incomplete) {
    std::string fields;
    for (const auto& f : d.missing_fields) {
      fields += (fields.empty() ? "" : ", ") + f;
    }
    r.blocking.push_back(item_finding(FindingCode::declaration, d.path,
                                      "the Declaration of Authenticity is incomplete: missing " + fields));
  }
  if (d.status != DeclarationStatus::missing && d.name_matches == false) {
    r.blocking.push_back(item_finding(
        FindingCode::declaration, d.path,
        "the apprentice name on the declaration ('" + d.name_found + "') does not match the registered name"));
  }
  for (const auto& problem : d.problems) {
    if (problem.find("name") == std::string::npos) {
      r.blocking.push_back(item_finding(FindingCode::declaration, d.path, problem));
    }
  }

  if (options.store_duplicates) {
    // find_duplicates for one apprentice is the store's groups that hold one of their items.
    for (const auto& g : *options.store_duplicates) {
      if (std::binary_search(g.apprentices.begin(), g.apprentices.end(), apprentice)) {
        r.duplicates.push_back(g);
      }
    }
  } else {
    DuplicateOptions o;
    o.apprentice = apprentice;
    o.snapshot = &snapshot;
    r.duplicates = find_duplicates(snapshot.store(), o);
  }
  for (const auto& g : r.duplicates) {
    std::string others;
    std::string mine;
    for (const auto& i : g.items) {
      if (i.apprentice == apprentice) {
        mine += (mine.empty() ? "" : ", ") + i.path;
      } else {
        others += (others.empty() ? "" : ", ") + i.apprentice + ": " + i.path;
      }
    }
    std::string first;
    for (const auto& i : g.items) {
      if (i.apprentice == apprentice) {
        first = i.path;
        break;
      }
    }
    char similarity[16];
    std::snprintf(similarity, sizeof similarity, "%.0f%%", g.similarity * 100);
    if (g.cross_apprentice) {
      r.blocking.push_back(item_finding(FindingCode::duplicate, first,
                                        duplicate_kind_name(g.kind) + " copy (" + similarity +
                                            " similar) of another apprentice's evidence (" + others +
                                            "): an authenticity risk to resolve before assessment"));
    } else {
      r.blocking.push_back(
          item_finding(FindingCode::duplicate, first,
                       duplicate_kind_name(g.kind) + " (" + similarity + " similar): " + mine +
                           " show the same evidence; keep one (the showcase should not repeat evidence for the "
                           "same criteria)"));
    }
  }
  return d.path;
}

}  // namespace evidex::query
