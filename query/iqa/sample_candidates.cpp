#include "query/iqa/sample_candidates.hpp"

#include "indexer/util/errors.hpp"
#include "mapping/tagger/tag_bundle.hpp"
#include "query/coverage/coverage.hpp"
#include "query/authenticity/declaration.hpp"
#include "query/iqa/duplicates.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace evidex::query {

namespace {

// How many failed paths, or other apprentices, a risk flag names before "and N more".
constexpr std::size_t k_paths_named = 3;
constexpr std::size_t k_apprentices_named = 3;

std::string failed_items_risk(const std::vector<std::string>& failed) {
  std::string s = failed.size() == 1 ? "1 item could not be read: " : std::to_string(failed.size()) +
                                                                           " items could not be read: ";
  for (std::size_t i = 0; i < failed.size() && i < k_paths_named; ++i) {
    s += (i ? ", " : "") + failed[i];
  }
  if (failed.size() > k_paths_named) {
    s += " and " + std::to_string(failed.size() - k_paths_named) + " more";
  }
  return s;
}

// The verdict on the methods the apprentice submits evidence for: for ST0072 the showcase, since
// the observation and the discussion happen in front of the assessor.
Verdict submitted_verdict(const Coverage& coverage) {
  std::optional<Verdict> submitted;
  for (const auto& r : coverage.methods) {
    if (r.method->rules.value("submitted_evidence", false)) {
      submitted = std::min(submitted.value_or(Verdict::distinction_ready), r.verdict);
    }
  }
  return submitted.value_or(coverage.verdict);
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    out += (out.empty() ? "" : ", ") + p;
  }
  return out;
}

// The apprentices of duplicate groups, each distinct list kept once: a file shared by a whole
// cohort makes groups with thousands of apprentices, and listing every other apprentice for each of
// them would cost the square of that.
using Circle = std::vector<std::string>;  // sorted, distinct (DuplicateGroup::apprentices)

// One apprentice's share of the cross-apprentice duplicate groups of one kind.
struct CopiesOfKind {
  std::set<const Circle*> circles;  // the groups' apprentices, this one included
  std::set<std::string> paths;      // this apprentice's items in those groups
};

struct CrossApprenticeCopies {
  std::set<Circle> circles;
  // apprentice -> kind -> copies (a map ordered as the kinds are: exact first)
  std::map<std::string, std::map<DuplicateKind, CopiesOfKind>> of;
};

// Copies inside one apprentice's bundle (a DOCX and its PDF export) are not an authenticity risk
// and are left out.
CrossApprenticeCopies cross_apprentice_copies(indexer::Store& store) {
  CrossApprenticeCopies out;
  for (const auto& group : find_duplicates(store, DuplicateOptions{})) {
    if (!group.cross_apprentice) {
      continue;
    }
    const Circle* circle = &*out.circles.insert(group.apprentices).first;
    for (const auto& item : group.items) {
      CopiesOfKind& copies = out.of[item.apprentice][group.kind];
      copies.circles.insert(circle);
      copies.paths.insert(item.path);
    }
  }
  return out;
}

// "cross-apprentice near copy with A17 (1 item)", one flag per kind, exact first.
void add_copy_risks(const std::string& apprentice, const std::map<DuplicateKind, CopiesOfKind>& kinds,
                    SampleCandidate& c) {
  for (auto it = kinds.begin(); it != kinds.end(); ++it) {
    const auto& circles = it->second.circles;
    Circle merged;
    const Circle* others = *circles.begin();
    if (circles.size() > 1) {
      std::set<std::string> all;
      for (const Circle* circle : circles) {
        all.insert(circle->begin(), circle->end());
      }
      merged.assign(all.begin(), all.end());
      others = &merged;
    }
    std::size_t count = others->size() - 1;  // without the apprentice
    std::string names;
    std::size_t named = 0;
    for (const auto& other : *others) {
      if (other == apprentice) {
        continue;
      }
      if (named++ == k_apprentices_named) {
        break;
      }
      names += (names.empty() ? "" : ", ") + other;
    }
    if (count > k_apprentices_named) {
      names += " and " + std::to_string(count - k_apprentices_named) + " more";
    }
    std::size_t items = it->second.paths.size();
    c.risks.push_back("cross-apprentice " + duplicate_kind_name(it->first) + " copy with " + names + " (" +
                      std::to_string(items) + (items == 1 ? " item)" : " items)"));
  }
}

// Missing or incomplete, and a name on the form that is not the apprentice's: the declaration is
// what vouches for the evidence being the apprentice's own.
void add_declaration_risks(const DeclarationCheck& d, SampleCandidate& c) {
  if (d.status == DeclarationStatus::missing) {
    c.risks.push_back("declaration missing");
  } else if (d.status == DeclarationStatus::incomplete) {
    c.risks.push_back("declaration incomplete (" + join(d.missing_fields) + " missing)");
  }
  if (d.name_matches == false) {
    c.risks.push_back("declaration name mismatch ('" + d.name_found + "' on the form, '" + d.registered_name +
                      "' registered)");
  }
}

}  // namespace

std::vector<SampleCandidate> collect_candidates(indexer::Store& store, const mapping::StandardLibrary& library) {
  std::vector<SampleCandidate> out;
  const auto copies = cross_apprentice_copies(store);
  for (const auto& who : store.apprentices()) {
    const mapping::Standard* standard = nullptr;
    try {
      standard = &mapping::standard_of(store, library, who.id);
    } catch (const InputError& e) {
      throw InputError("apprentice '" + who.id + "': " + e.what());
    }
    SampleCandidate c;
    c.apprentice = who.id;
    c.name = who.name;
    c.assessor = who.assessor;
    c.standard = standard->id;

    std::set<std::string> types;
    std::vector<std::string> failed;
    const auto items = store.items(who.id);
    for (const auto& item : items) {
      types.insert(item.type);
      if (!item.error.empty()) {
        failed.push_back(item.path);
      }
    }
    c.items = items.size();
    c.evidence_types.assign(types.begin(), types.end());

    const Coverage coverage = compute_coverage(store, *standard, who.id, "all");
    std::set<std::string> methods;
    for (const auto& cc : coverage.criteria) {
      if (cc.covered) {
        methods.insert(cc.criterion->methods.begin(), cc.criterion->methods.end());
      }
    }
    c.methods.assign(methods.begin(), methods.end());
    Verdict verdict = submitted_verdict(coverage);
    c.verdict = verdict_name(verdict);

    if (verdict == Verdict::distinction_ready) {
      c.risks.push_back("distinction-ready verdict (grade boundary)");
    }
    if (!failed.empty()) {
      c.risks.push_back(failed_items_risk(failed));
    }
    if (auto it = copies.of.find(who.id); it != copies.of.end()) {
      add_copy_risks(who.id, it->second, c);
    }
    const DeclarationCheck declaration = check_declaration(store, who.id, std::nullopt);
    c.declaration = declaration_status_name(declaration.status);
    add_declaration_risks(declaration, c);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace evidex::query
