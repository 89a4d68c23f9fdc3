#include "query/sample_candidates.hpp"

#include "indexer/util/errors.hpp"
#include "mapping/tagger/tag_bundle.hpp"
#include "query/coverage.hpp"
#include "query/declaration.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace evidex::query {

namespace {

// How many failed paths a risk flag names before "and N more".
constexpr std::size_t k_paths_named = 3;

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

// Missing or incomplete, and a name on the form that is not the apprentice's: the declaration is
// what vouches for the evidence being the apprentice's own.
void add_declaration_risks(const DeclarationCheck& d, SampleCandidate& c) {
  if (d.status == "missing") {
    c.risks.push_back("declaration missing");
  } else if (d.status == "incomplete") {
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
    const DeclarationCheck declaration = check_declaration(store, who.id, std::nullopt);
    c.declaration = declaration.status;
    add_declaration_risks(declaration, c);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace evidex::query
