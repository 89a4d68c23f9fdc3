#include "query/check/check.hpp"

#include "query/render/terminal_text.hpp"

#include "indexer/worker/worker.hpp"
#include "mapping/evidence_map/evidence_map.hpp"
#include "query/check/check_authenticity.hpp"
#include "query/coverage/coverage.hpp"
#include "query/check/recording_notes.hpp"
#include "query/coverage/method_choice.hpp"
#include "query/listing/item_kind.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace evidex::query {

using nlohmann::json;

namespace {

std::string lower(std::string s) {
  for (auto& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

std::string file_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string stem(const std::string& name) {
  auto dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

bool contains_any(const std::string& haystack, std::initializer_list<const char*> needles) {
  return std::any_of(needles.begin(), needles.end(),
                     [&](const char* n) { return haystack.find(n) != std::string::npos; });
}

void check_coverage(const ApprenticeSnapshot& snapshot, const mapping::Standard& standard, const CheckOptions& options,
                    CheckResult& r) {
  r.coverage = compute_coverage(snapshot, standard, options.method);
  const Coverage& c = r.coverage;
  r.verdict = verdict_name(c.verdict);
  for (const auto& ref : c.missing) {
    const auto* criterion = standard.find(ref);
    r.blocking.push_back(criterion_finding(FindingCode::uncovered, ref,
                                           ref + " is not covered: " + (criterion ? criterion->text : std::string())));
  }
  for (const auto& m : c.methods) {
    if (m.verdict == Verdict::pass_ready && m.distinction_required) {
      r.notes.push_back(showcase_finding(FindingCode::distinction_not_reached,
                                         m.method->title + ": " + std::to_string(m.distinction_covered) + " of " +
                                             std::to_string(m.distinction_total) + " distinction criteria covered, " +
                                             std::to_string(*m.distinction_required) + " needed for distinction"));
    } else if (m.verdict == Verdict::not_ready && m.distinction_required &&
               static_cast<int>(m.distinction_covered) < *m.distinction_required) {
      r.notes.push_back(showcase_finding(FindingCode::distinction_not_reached,
                                         m.method->title + ": " + std::to_string(m.distinction_covered) + " of " +
                                             std::to_string(m.distinction_total) + " distinction criteria covered, " +
                                             std::to_string(*m.distinction_required) +
                                             " needed (after every pass criterion)"));
    }
  }
}

void check_extraction(const std::vector<indexer::ItemRecord>& items, CheckResult& r) {
  for (const auto& item : items) {
    if (!item.error.empty()) {
      r.blocking.push_back(item_finding(FindingCode::extraction_failed, item.path,
                                        "could not be read (" + item.error +
                                            "): the assessor cannot read it either; "
                                            "replace it with a working copy"));
    }
  }
}

// Records written by the assessor: the professional discussion, its questions and answers, an
// observation. Their name, or the title at the top of their text, says what they are.
void check_assessor_led(const ApprenticeSnapshot& snapshot, CheckResult& r) {
  auto says_assessor_record = [](const std::string& s) {
    bool record = contains_any(s, {"record", "notes", "transcript", "report", "checklist", "questions", "log"});
    return (s.find("professional discussion") != std::string::npos && record) ||
           contains_any(s, {"observation record", "observation report", "observation checklist",
                            "record of observation", "q&a record", "q & a record", "question and answer record",
                            "questions and answers record", "assessor's notes", "assessor notes",
                            "assessor report", "assessor's report", "assessor observation"});
  };
  for (const auto& item : snapshot.items()) {
    if (!item.error.empty() || item_kind(item) == ItemKind::container) {
      continue;
    }
    std::string name = lower(stem(file_name(item.path)));
    for (auto& c : name) {
      c = (c == '_' || c == '-') ? ' ' : c;
    }
    std::string head = lower(snapshot.text(item.id).substr(0, 300));
    if (says_assessor_record(name) || says_assessor_record(head)) {
      r.blocking.push_back(item_finding(FindingCode::assessor_led, item.path,
                                        "looks like a record written by the assessor (professional discussion, Q&A or "
                                        "observation record); assessor-led evidence is not accepted for the showcase"));
    }
  }
}

// A recording needs notes that say what happens when (query/check/recording_notes.hpp says how they
// are found).
void check_recordings(const ApprenticeSnapshot& snapshot, CheckResult& r) {
  auto text = [&](std::int64_t id) { return snapshot.text(id); };
  for (const auto* item : recordings_without_notes(snapshot.items(), text)) {
    r.blocking.push_back(item_finding(FindingCode::recording_untagged, item->path,
                                      "a recording without time-tag notes: add notes named like it (\"" +
                                          stem(file_name(item->path)) +
                                          " - time tags.docx\") that list what happens "
                                          "when (00:00 greeting, 01:05 ...) and which criteria it shows"));
  }
}

std::optional<Day> item_date(const indexer::ItemRecord& item) {
  for (const char* key : {"created", "date"}) {
    auto it = item.meta.find(key);
    if (it != item.meta.end()) {
      if (auto d = parse_iso_day(it->second)) {
        return d;
      }
    }
  }
  return std::nullopt;
}

void check_dates(const std::vector<indexer::ItemRecord>& items, const CheckOptions& options, CheckResult& r) {
  if (!options.assessment_date) {
    return;
  }
  for (const auto& item : items) {
    auto d = item_date(item);
    if (d && *d > *options.assessment_date) {
      r.blocking.push_back(item_finding(FindingCode::after_assessment, item.path,
                                        "dated " + iso(*d) + ", after the assessment on " +
                                            iso(*options.assessment_date) +
                                            ": evidence dated after the assessment is not considered"));
    }
  }
}

void check_deadline(const ApprenticeSnapshot& snapshot, const std::vector<const mapping::Method*>& methods,
                    const CheckOptions& options, CheckResult& r) {
  if (!options.assessment_date) {
    return;
  }
  for (const auto* m : methods) {
    int days = m->rules.value("report_deadline_working_days", 0);
    if (days <= 0) {
      continue;
    }
    std::optional<Day> received = options.received;
    if (!received) {
      // The showcase is complete when its last bundle arrived.
      for (const auto& bundle : snapshot.bundles()) {
        auto day = parse_iso_day(bundle.ingested_at);
        if (day && (!received || *day > *received)) {
          received = day;
        }
      }
    }
    if (!received) {
      continue;
    }
    const BankHolidays& holidays = options.holidays ? *options.holidays : shipped_bank_holidays();
    Day deadline = working_days_before(*options.assessment_date, days, holidays);
    if (*received > deadline) {
      std::string basis = "weekends and England and Wales bank holidays do not count";
      for (int year = static_cast<int>(deadline.year()); year <= static_cast<int>(options.assessment_date->year());
           ++year) {
        if (!holidays.published(year)) {
          // A proclamation can still move a day of that year: say the date is a forecast.
          basis += "; " + std::to_string(year) + "'s bank holidays are not in the published list, so they follow the rules";
          break;
        }
      }
      r.blocking.push_back(showcase_finding(
          FindingCode::late_submission, m->title + " evidence received " + iso(*received) +
                                            "; it must reach the assessor at least " + std::to_string(days) +
                                            " working days before the assessment on " + iso(*options.assessment_date) +
                                            ", that is by " + iso(deadline) + " (" + basis + ")"));
    }
  }
}

// Pieces of evidence: every file an apprentice put in, except the evidence map, the declaration
// and the archives that only carry other files.
std::vector<const indexer::ItemRecord*> evidence_pieces(const ApprenticeSnapshot& snapshot,
                                                        const mapping::Standard& standard,
                                                        const std::string& declaration_path) {
  const auto& items = snapshot.items();
  std::vector<mapping::BundleItem> bundle;
  for (const auto& item : items) {
    bundle.push_back({item.path, item.type, item.error.empty() ? snapshot.text(item.id) : std::string()});
  }
  auto maps = mapping::read_evidence_maps(bundle, standard).maps;
  std::set<std::int64_t> parents;
  for (const auto& item : items) {
    if (item.parent) {
      parents.insert(*item.parent);
    }
  }
  std::map<std::int64_t, const indexer::ItemRecord*> by_id;
  for (const auto& item : items) {
    by_id[item.id] = &item;
  }
  std::vector<const indexer::ItemRecord*> out;
  for (const auto& item : items) {
    bool is_map = std::find(maps.begin(), maps.end(), item.path) != maps.end();
    bool carrier = item_kind(item) == ItemKind::container && parents.count(item.id);
    // An attachment belongs to its e-mail: the e-mail is the piece.
    bool attachment =
        item.parent && by_id.count(*item.parent) && item_kind(*by_id[*item.parent]) != ItemKind::container;
    if (!is_map && !carrier && !attachment && item.path != declaration_path) {
      out.push_back(&item);
    }
  }
  return out;
}

std::uint64_t words_before_annexes(const std::string& text) {
  // The first line that opens the annexes ("Annex A", "Appendix 1", "Appendices") after the start.
  static const std::regex annex(R"((^|\n)[ \t]*(annex|annexe|appendix|appendices)\b)", std::regex::icase);
  std::smatch m;
  std::string::const_iterator from = text.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(text.size(), 200));
  std::size_t end = text.size();
  if (std::regex_search(from, text.end(), m, annex)) {
    end = static_cast<std::size_t>(m[0].first - text.begin());
  }
  return indexer::count_words(std::string_view(text).substr(0, end));
}

// The project report: the item named "... report ..." ("project report" preferred), the longest.
const indexer::ItemRecord* find_report(const std::vector<indexer::ItemRecord>& items) {
  const indexer::ItemRecord* report = nullptr;
  auto rank = [](const indexer::ItemRecord& item) {
    std::string name = lower(file_name(item.path));
    return std::make_pair(name.find("project") != std::string::npos, item.words);
  };
  for (const auto& item : items) {
    if (item.error.empty() && lower(file_name(item.path)).find("report") != std::string::npos &&
        (!report || rank(item) > rank(*report))) {
      report = &item;
    }
  }
  return report;
}

void check_portfolio_rules(const ApprenticeSnapshot& snapshot, const mapping::Standard& standard,
                           const std::vector<const mapping::Method*>& methods, const std::string& declaration_path,
                           CheckResult& r) {
  bool has_report_rule = std::any_of(standard.methods.begin(), standard.methods.end(),
                                     [](const mapping::Method& m) { return m.rules.contains("report_words"); });
  const indexer::ItemRecord* report = has_report_rule ? find_report(snapshot.items()) : nullptr;
  for (const auto* m : methods) {
    if (m->rules.contains("portfolio_pieces")) {
      const auto& rule = m->rules["portfolio_pieces"];
      std::size_t min = rule.value("min", 0u), max = rule.value("max", 0u);
      // The project report is assessed on its own, not as a piece of the portfolio.
      auto pieces = evidence_pieces(snapshot, standard, declaration_path);
      std::size_t count = static_cast<std::size_t>(std::count_if(
          pieces.begin(), pieces.end(), [&](const indexer::ItemRecord* p) { return p != report; }));
      if (count < min || (max && count > max)) {
        r.blocking.push_back(
            showcase_finding(FindingCode::portfolio_size, m->title + ": the portfolio holds " + std::to_string(count) +
                                                              " pieces of evidence; it must hold " +
                                                              std::to_string(min) + " to " + std::to_string(max)));
      }
    }
    if (m->rules.contains("report_words")) {
      const auto& rule = m->rules["report_words"];
      double target = rule.value("target", 0.0), tolerance = rule.value("tolerance_percent", 0.0);
      auto low = static_cast<std::uint64_t>(target * (1 - tolerance / 100) + 0.5);
      auto high = static_cast<std::uint64_t>(target * (1 + tolerance / 100) + 0.5);
      if (!report) {
        r.blocking.push_back(showcase_finding(FindingCode::word_count,
                                              m->title + ": no project report found (a file named '... report ...')"));
        continue;
      }
      auto words = words_before_annexes(snapshot.text(report->id));
      if (words < low || words > high) {
        r.blocking.push_back(item_finding(
            FindingCode::word_count, report->path,
            "the report has " + std::to_string(words) + " words before its annexes; it must have " +
                std::to_string(low) + " to " + std::to_string(high) + " (" + std::to_string(static_cast<int>(target)) +
                " ± " + std::to_string(static_cast<int>(tolerance)) + " %, annexes excluded)"));
      }
    }
  }
}

}  // namespace

CheckResult run_check(indexer::Store& store, const mapping::Standard& standard, const std::string& apprentice,
                      const CheckOptions& options) {
  chosen_methods(standard, options.method);  // a wrong method is a usage error before the store is read
  return run_check(ApprenticeSnapshot(store, apprentice), standard, options);
}

CheckResult run_check(const ApprenticeSnapshot& snapshot, const mapping::Standard& standard,
                      const CheckOptions& options) {
  CheckResult r;
  r.apprentice = snapshot.id();
  r.standard = standard.id;
  r.method = options.method;
  r.assessment_date = options.assessment_date;
  const auto methods = chosen_methods(standard, options.method);

  check_coverage(snapshot, standard, options, r);
  std::string declaration_path = check_authenticity(snapshot, options, r);
  check_extraction(snapshot.items(), r);
  bool assessor_led_refused = std::any_of(methods.begin(), methods.end(), [](const mapping::Method* m) {
    return !m->rules.value("assessor_led_evidence_accepted", true);
  });
  if (assessor_led_refused) {
    check_assessor_led(snapshot, r);
  }
  bool recordings_need_tags = std::any_of(methods.begin(), methods.end(), [](const mapping::Method* m) {
    return m->rules.value("recordings_time_tagged", false);
  });
  if (recordings_need_tags) {
    check_recordings(snapshot, r);
  }
  check_dates(snapshot.items(), options, r);
  check_deadline(snapshot, methods, options, r);
  check_portfolio_rules(snapshot, standard, methods, declaration_path, r);
  return r;
}

json check_json(const CheckResult& r) {
  auto list = [](const std::vector<Finding>& findings) {
    json out = json::array();
    for (const auto& f : findings) {
      out.push_back({{"code", finding_code_name(f.code)},
                     {"path", f.item ? json(*f.item) : json(nullptr)},
                     {"message", f.message}});
    }
    return out;
  };
  return {{"apprentice", r.apprentice},
          {"standard", r.standard},
          {"method", r.method},
          {"assessment_date", r.assessment_date ? json(iso(*r.assessment_date)) : json(nullptr)},
          {"ready", r.ready()},
          {"verdict", r.verdict},
          {"blocking", list(r.blocking)},
          {"notes", list(r.notes)}};
}

nlohmann::json Media<CheckResult>::json_value(const CheckResult& r) { return check_json(r); }

std::string Media<CheckResult>::csv(const CheckResult& r) {
  std::string out = csv_row({"kind", "code", "path", "message"});
  for (const auto& f : r.blocking) {
    out += csv_row({"blocking", finding_code_name(f.code), f.item.value_or(""), f.message});
  }
  for (const auto& f : r.notes) {
    out += csv_row({"note", finding_code_name(f.code), f.item.value_or(""), f.message});
  }
  return out;
}

std::string Media<CheckResult>::text(const CheckResult& r, bool colour) {
  const char* red = colour ? "\033[31m" : "";
  const char* green = colour ? "\033[32m" : "";
  const char* bold = colour ? "\033[1m" : "";
  const char* reset = colour ? "\033[0m" : "";
  std::ostringstream out;
  out << bold << "Readiness of " << terminal_text(r.apprentice) << " for " << r.standard << " (" << r.method << ")"
      << reset;
  if (r.assessment_date) {
    out << ", assessment on " << iso(*r.assessment_date);
  }
  out << "\n";
  if (r.ready()) {
    out << green << bold << "READY" << reset << ": nothing blocks the assessment (coverage: " << r.verdict << ")\n";
  } else {
    out << red << bold << "NOT READY" << reset << ": " << r.blocking.size() << " thing"
        << (r.blocking.size() == 1 ? "" : "s") << " to fix\n";
  }
  for (const auto& f : r.blocking) {
    out << "  " << red << "✗" << reset << " " << finding_code_name(f.code) << ": "
        << (f.item ? terminal_text(*f.item) + ": " : "") << terminal_text(f.message) << "\n";
  }
  for (const auto& f : r.notes) {
    out << "  note " << finding_code_name(f.code) << ": " << (f.item ? terminal_text(*f.item) + ": " : "")
        << terminal_text(f.message) << "\n";
  }
  return out.str();
}

}  // namespace evidex::query
