#include "query/coverage/coverage.hpp"

#include "query/coverage/method_choice.hpp"

#include "query/render/terminal_text.hpp"

#include "indexer/util/errors.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace evidex::query {

using nlohmann::json;

namespace {

Verdict verdict_for(const MethodResult& r) {
  if (r.pass_covered < r.pass_total) {
    return Verdict::not_ready;
  }
  if (r.distinction_required && static_cast<int>(r.distinction_covered) >= *r.distinction_required) {
    return Verdict::distinction_ready;
  }
  return Verdict::pass_ready;
}

std::string shorten(const std::string& s, std::size_t width) {
  if (s.size() <= width) {
    return s;
  }
  std::size_t cut = s.rfind(' ', width - 1);
  if (cut == std::string::npos || cut < width / 2) {
    cut = width - 1;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) {
      --cut;
    }
  }
  return s.substr(0, cut) + "…";
}

std::string join(const std::vector<std::string>& parts, const char* sep = ", ") {
  std::string out;
  for (const auto& p : parts) {
    out += (out.empty() ? "" : sep) + p;
  }
  return out;
}

std::string score_text(double score) {
  std::ostringstream s;
  s.precision(2);
  s << std::fixed << score;
  return s.str();
}

}  // namespace

std::string verdict_name(Verdict v) {
  switch (v) {
    case Verdict::not_ready: return "not-ready";
    case Verdict::pass_ready: return "pass-ready";
    case Verdict::distinction_ready: return "distinction-ready";
  }
  return "not-ready";
}

Coverage compute_coverage(indexer::Store& store, const mapping::Standard& standard, const std::string& apprentice,
                          const std::string& method) {
  chosen_methods(standard, method);  // a wrong method is a usage error before the store is read
  return compute_coverage(ApprenticeSnapshot(store, apprentice), standard, method);
}

Coverage compute_coverage(const ApprenticeSnapshot& snapshot, const mapping::Standard& standard,
                          const std::string& method) {
  const std::vector<const mapping::Method*> methods = chosen_methods(standard, method);
  Coverage c;
  c.apprentice = snapshot.id();
  c.standard = &standard;
  c.method = method;
  c.name = snapshot.info().name;
  std::map<std::string, const indexer::ItemRecord*> item_by_path;
  for (const auto& item : snapshot.items()) {
    item_by_path[item.path] = &item;
  }
  std::multimap<std::string, const indexer::TagRecord*> tags_by_ref;
  for (const auto& t : snapshot.tags()) {
    tags_by_ref.emplace(t.ref, &t);
  }

  for (const mapping::Criterion* criterion : standard.criteria_for(method)) {
    CriterionCoverage cc;
    cc.criterion = criterion;
    for (auto [it, end] = tags_by_ref.equal_range(criterion->ref); it != end; ++it) {
      const indexer::TagRecord& t = *it->second;
      CoverageEvidence e{t.path, parse_tag_source(t.source), t.score, t.span, t.detail, true, ""};
      auto item = item_by_path.find(t.path);
      if (e.source == TagSource::inferred) {
        e.counts = false;
        e.why_not = "inferred from content; confirm it with 'evidex tag' if it is right";
      } else if (e.source == TagSource::explicit_ref && t.place == "mention") {
        // The item names the criterion without claiming it (a list, a checklist, a passing mention):
        // mapping/tagger/reference_claims.hpp. The tagger wrote why in the detail.
        e.counts = false;
        e.why_not = t.detail.empty() ? "named in the item but not claimed as evidence for it" : t.detail;
      } else if (e.source != TagSource::manual && item != item_by_path.end() && !item->second->error.empty()) {
        e.counts = false;
        e.why_not = "the item could not be read: " + item->second->error;
      }
      cc.covered = cc.covered || e.counts;
      cc.evidence.push_back(std::move(e));
    }
    // Evidence that counts first, then the suggestions.
    std::stable_sort(cc.evidence.begin(), cc.evidence.end(),
                     [](const CoverageEvidence& a, const CoverageEvidence& b) { return a.counts > b.counts; });
    c.criteria.push_back(std::move(cc));
  }

  c.distinction_required = 0;
  for (const mapping::Method* m : methods) {
    MethodResult r;
    r.method = m;
    r.distinction_required = m->distinction_required;
    for (const auto& cc : c.criteria) {
      const auto& ms = cc.criterion->methods;
      if (std::find(ms.begin(), ms.end(), m->id) == ms.end()) {
        continue;
      }
      if (cc.criterion->distinction_in(m->id)) {
        ++r.distinction_total;
        r.distinction_covered += cc.covered;
      } else {
        ++r.pass_total;
        r.pass_covered += cc.covered;
        if (!cc.covered) {
          r.missing.push_back(cc.criterion->ref);
        }
      }
    }
    r.verdict = verdict_for(r);
    if (c.distinction_required && r.distinction_required) {
      *c.distinction_required += *r.distinction_required;
    } else {
      c.distinction_required.reset();
    }
    c.methods.push_back(std::move(r));
  }
  // Totals count each criterion once, even one assessed by two methods.
  for (const auto& cc : c.criteria) {
    if (cc.criterion->distinction_in(method)) {
      ++c.distinction_total;
      c.distinction_covered += cc.covered;
      if (!cc.covered) {
        c.missing_distinction.push_back(cc.criterion->ref);
      }
    } else {
      ++c.pass_total;
      c.pass_covered += cc.covered;
      if (!cc.covered) {
        c.missing.push_back(cc.criterion->ref);
      }
    }
  }
  c.verdict = Verdict::distinction_ready;
  for (const auto& r : c.methods) {
    c.verdict = std::min(c.verdict, r.verdict);
  }
  c.problems = snapshot.tag_problems();
  c.decisions = snapshot.decisions();
  return c;
}

json coverage_json(const Coverage& c) {
  json criteria = json::array();
  for (const auto& cc : c.criteria) {
    json items = json::array();
    for (const auto& e : cc.evidence) {
      items.push_back({{"path", e.path},
                       {"source", tag_source_name(e.source)},
                       {"score", e.score ? json(*e.score) : json(nullptr)},
                       {"counts", e.counts},
                       {"span", e.span},
                       {"detail", e.detail},
                       {"why_not", e.why_not.empty() ? json(nullptr) : json(e.why_not)}});
    }
    const auto& module = c.standard->modules[cc.criterion->module_index];
    criteria.push_back({{"ref", cc.criterion->ref},
                        {"distinction", cc.criterion->distinction_in(c.method)},
                        {"covered", cc.covered},
                        {"items", std::move(items)},
                        {"module", module.number ? json(module.number) : json(nullptr)},
                        {"module_title", module.title},
                        {"text", cc.criterion->text},
                        {"methods", cc.criterion->methods}});
  }
  json methods = json::array();
  for (const auto& r : c.methods) {
    methods.push_back({{"method", r.method->id},
                       {"pass", {{"covered", r.pass_covered}, {"total", r.pass_total}}},
                       {"distinction",
                        {{"covered", r.distinction_covered},
                         {"total", r.distinction_total},
                         {"required", r.distinction_required ? json(*r.distinction_required) : json(nullptr)}}},
                       {"missing", r.missing},
                       {"verdict", verdict_name(r.verdict)}});
  }
  json problems = json::array();
  for (const auto& [path, message] : c.problems) {
    problems.push_back({{"path", path}, {"message", message}});
  }
  json decisions = json::array();
  for (const auto& d : c.decisions) {
    decisions.push_back({{"path", d.path}, {"ref", d.ref}, {"decision", d.decision}, {"by", d.by}, {"at", d.at},
                         {"note", d.note}});
  }
  return {{"apprentice", c.apprentice},
          {"name", c.name},
          {"standard", c.standard->id},
          {"method", c.method},
          {"criteria", std::move(criteria)},
          {"pass", {{"covered", c.pass_covered}, {"total", c.pass_total}}},
          {"distinction",
           {{"covered", c.distinction_covered},
            {"total", c.distinction_total},
            {"required", c.distinction_required ? json(*c.distinction_required) : json(nullptr)}}},
          {"missing", c.missing},
          {"missing_distinction", c.missing_distinction},
          {"verdict", verdict_name(c.verdict)},
          {"methods", std::move(methods)},
          {"problems", std::move(problems)},
          {"decisions", std::move(decisions)}};
}

namespace {

std::string render_csv(const Coverage& c) {
  std::string out = csv_row({"ref", "module", "module_title", "distinction", "covered", "covered_by", "sources",
                             "inferred", "text"});
  for (const auto& cc : c.criteria) {
    std::vector<std::string> by, sources, inferred;
    for (const auto& e : cc.evidence) {
      if (e.counts) {
        by.push_back(e.path);
        sources.push_back(tag_source_name(e.source));
      } else if (e.source == TagSource::inferred) {
        inferred.push_back(e.path + " (" + score_text(e.score.value_or(0)) + ")");
      }
    }
    const auto& module = c.standard->modules[cc.criterion->module_index];
    out += csv_row({cc.criterion->ref, module.number ? std::to_string(module.number) : "", module.title,
                    cc.criterion->distinction_in(c.method) ? "yes" : "no", cc.covered ? "yes" : "no", join(by, "; "),
                    join(sources, "; "), join(inferred, "; "), cc.criterion->text});
  }
  return out;
}

std::string method_summary(const MethodResult& r) {
  std::string s = std::to_string(r.pass_covered) + " of " + std::to_string(r.pass_total) + " pass criteria";
  if (r.distinction_total) {
    s += ", " + std::to_string(r.distinction_covered) + " of " + std::to_string(r.distinction_total) +
         " distinction criteria";
    s += r.distinction_required ? " (" + std::to_string(*r.distinction_required) + " needed for distinction)"
                                : " (distinction is graded against descriptors)";
  }
  return s;
}

std::string render_text(const Coverage& c, bool colour) {
  const char* green = colour ? "\033[32m" : "";
  const char* red = colour ? "\033[31m" : "";
  const char* yellow = colour ? "\033[33m" : "";
  const char* bold = colour ? "\033[1m" : "";
  const char* dim = colour ? "\033[2m" : "";
  const char* reset = colour ? "\033[0m" : "";
  auto verdict_text = [&](Verdict v) {
    switch (v) {
      case Verdict::not_ready: return std::string(red) + bold + "NOT READY" + reset;
      case Verdict::pass_ready: return std::string(green) + bold + "PASS-READY" + reset;
      case Verdict::distinction_ready: return std::string(green) + bold + "DISTINCTION-READY" + reset;
    }
    return std::string();
  };

  std::ostringstream out;
  const auto& s = *c.standard;
  out << bold << s.id << " " << s.title << reset << (s.level ? " (level " + std::to_string(s.level) + ")" : "")
      << ", apprentice " << terminal_text(c.apprentice) << (c.name.empty() ? "" : " (" + terminal_text(c.name) + ")")
      << ", method: " << (is_all_methods(c.method) ? "all" : s.method(c.method)->title) << "\n";
  if (c.methods.size() == 1) {
    out << "Verdict: " << verdict_text(c.verdict) << " — " << method_summary(c.methods.front()) << "\n";
  } else {
    out << "Verdict: " << verdict_text(c.verdict) << "\n";
    for (const auto& r : c.methods) {
      out << "  " << r.method->title << ": " << verdict_text(r.verdict) << " — " << method_summary(r) << "\n";
    }
  }

  std::size_t last_module = static_cast<std::size_t>(-1);
  for (const auto& cc : c.criteria) {
    const auto& crit = *cc.criterion;
    if (crit.module_index != last_module) {
      last_module = crit.module_index;
      const auto& m = s.modules[crit.module_index];
      out << "\n" << bold << (m.number ? "Module " + std::to_string(m.number) + "  " : "") << m.title << reset
          << "\n";
    }
    std::string mark = cc.covered ? std::string(green) + "✓" + reset : std::string(red) + "✗" + reset;
    std::string ref = crit.ref + (crit.distinction_in(c.method) ? " (D)" : "");
    ref.resize(std::max<std::size_t>(ref.size(), 9), ' ');
    out << "  " << mark << " " << ref << " " << shorten(crit.text, 72) << "\n";
    for (const auto& e : cc.evidence) {
      std::string source = tag_source_name(e.source);
      source.resize(9, ' ');
      if (e.counts) {
        out << "              " << source << terminal_text(e.path);
        if (e.source == TagSource::map) {
          out << dim << "  (" << terminal_text(e.detail) << ")" << reset;
        } else if (e.source == TagSource::explicit_ref) {
          out << dim << "  \"" << terminal_text(shorten(e.span, 40)) << "\"" << reset;
        }
        out << "\n";
      } else if (e.source == TagSource::inferred) {
        out << "              " << yellow << source << terminal_text(e.path) << "  " << score_text(e.score.value_or(0))
            << reset << dim << "  (not counted; matched: " << terminal_text(shorten(e.span, 50)) << ")" << reset
            << "\n";
      } else {
        out << "              " << yellow << source << terminal_text(e.path) << reset << dim
            << "  (not counted: " << terminal_text(e.why_not) << ")" << reset << "\n";
      }
    }
  }

  out << "\n";
  if (!c.missing.empty()) {
    out << red << "Missing pass criteria (" << c.missing.size() << "): " << join(c.missing) << reset << "\n";
  } else {
    out << green << "Every pass criterion is covered." << reset << "\n";
  }
  if (!c.missing_distinction.empty()) {
    out << "Distinction criteria not covered (" << c.missing_distinction.size()
        << "): " << join(c.missing_distinction) << "\n";
  }
  if (!c.problems.empty()) {
    out << yellow << "Problems found while tagging:" << reset << "\n";
    for (const auto& [path, message] : c.problems) {
      out << "  " << terminal_text(path) << ": " << terminal_text(message) << "\n";
    }
  }
  if (c.verdict == Verdict::not_ready) {
    out << "To fix: add evidence for each missing criterion and name the criterion in the evidence map or in\n"
           "the file. An inferred suggestion that is right can be confirmed with\n"
           "  evidex tag --apprentice "
        << terminal_text(c.apprentice) << " ITEM REF\n";
  }
  return out.str();
}

}  // namespace

nlohmann::json Media<Coverage>::json_value(const Coverage& result) { return coverage_json(result); }

std::string Media<Coverage>::csv(const Coverage& result) { return render_csv(result); }

std::string Media<Coverage>::text(const Coverage& result, bool colour) { return render_text(result, colour); }

}  // namespace evidex::query
