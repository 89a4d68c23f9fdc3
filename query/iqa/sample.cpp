#include "query/iqa/sample.hpp"

#include "query/render/terminal_text.hpp"

#include "indexer/util/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <queue>
#include <set>
#include <sstream>

namespace evidex::query {

using nlohmann::json;

namespace {

// SplitMix64's finaliser (Steele, Lea and Flood 2014): a fixed, portable mix, unlike the
// std:: distributions, whose output may change between library versions.
std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a64(const std::string& s) {
  std::uint64_t h = 0xCBF29CE484222325ull;
  for (unsigned char c : s) {
    h = (h ^ c) * 0x100000001B3ull;
  }
  return h;
}

// Uniform in (0, 1), from the seed and the apprentice id alone: no order, no shared state.
double uniform_for(std::uint64_t seed, const std::string& apprentice) {
  std::uint64_t x = splitmix64(splitmix64(seed) ^ fnv1a64(apprentice));
  return (static_cast<double>(x >> 11) + 0.5) / 9007199254740992.0;  // 2^53
}

// Efraimidis–Spirakis key u^(1/w), as its logarithm (same order, no underflow): larger wins.
// std::log may differ by an ulp between C libraries; that reorders two keys only when they agree
// to about 15 digits, which 53-bit random numbers make a negligible chance.
double es_key(double u, double weight) { return std::log(u) / weight; }

// ceil(rate × n), without 0.07 × 100 = 7.000000000000001 becoming 8.
std::size_t share(double rate, std::size_t n) {
  return static_cast<std::size_t>(std::ceil(rate * static_cast<double>(n) - 1e-9));
}

std::string join(const std::vector<std::string>& parts, const char* sep = ", ") {
  std::string out;
  for (const auto& p : parts) {
    out += (out.empty() ? "" : sep) + p;
  }
  return out;
}

void sort_unique(std::vector<std::string>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

std::string percent(double rate) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g %%", rate * 100);
  return buffer;
}

// What the sample covers so far, on the dimensions the spread draws widen.
struct Covered {
  std::set<std::string> types, methods, locations;

  void add(const SampleCandidate& c) {
    types.insert(c.evidence_types.begin(), c.evidence_types.end());
    methods.insert(c.methods.begin(), c.methods.end());
    if (!c.location.empty()) {
      locations.insert(c.location);
    }
  }

  // What the candidate would add, grouped for a reason ("evidence types audio, xlsx").
  std::vector<std::string> new_values(const SampleCandidate& c, std::size_t& count) const {
    std::vector<std::string> groups;
    count = 0;
    auto group = [&](const std::vector<std::string>& values, const std::set<std::string>& have, const char* one,
                     const char* many) {
      std::vector<std::string> fresh;
      for (const auto& v : values) {
        if (!have.count(v)) {
          fresh.push_back(v);
        }
      }
      if (!fresh.empty()) {
        groups.push_back(std::string(fresh.size() == 1 ? one : many) + " " + join(fresh));
        count += fresh.size();
      }
    };
    group(c.evidence_types, types, "evidence type", "evidence types");
    group(c.methods, methods, "method", "methods");
    if (!c.location.empty()) {
      group({c.location}, locations, "location", "locations");
    }
    return groups;
  }

  std::size_t gain(const SampleCandidate& c) const {
    std::size_t n = 0;
    for (const auto& v : c.evidence_types) {
      n += !types.count(v);
    }
    for (const auto& v : c.methods) {
      n += !methods.count(v);
    }
    return n + (!c.location.empty() && !locations.count(c.location));
  }
};

struct Drawn {
  SampleCandidate candidate;
  double u = 0;
  double weight = 1;
  std::size_t stratum = 0;
  bool selected = false;
  std::vector<std::string> adds;
};

void count_into(DimensionSpread& d, const std::vector<std::string>& values, bool selected) {
  for (const auto& v : values) {
    ++d.population[v];
    if (selected) {
      ++d.sample[v];
    }
  }
}

SampleDimensions dimensions_of(const std::vector<Drawn>& drawn) {
  SampleDimensions d;
  auto or_unknown = [](const std::string& s, const char* unknown) { return s.empty() ? std::string(unknown) : s; };
  for (const auto& x : drawn) {
    const auto& c = x.candidate;
    ++d.candidates;
    d.candidates_selected += x.selected;
    d.items += c.items;
    d.items_selected += x.selected ? c.items : 0;
    count_into(d.assessors, {stratum_name(c.assessor)}, x.selected);
    count_into(d.methods, c.methods, x.selected);
    count_into(d.evidence_types, c.evidence_types, x.selected);
    count_into(d.locations, {or_unknown(c.location, "unknown")}, x.selected);
    count_into(d.verdicts, {or_unknown(c.verdict, "unknown")}, x.selected);
    count_into(d.declarations, {or_unknown(c.declaration, "not checked")}, x.selected);
  }
  return d;
}

}  // namespace

std::string stratum_name(const std::string& assessor) { return assessor.empty() ? k_unassigned : assessor; }

Sample draw_sample(std::vector<SampleCandidate> candidates, const SampleOptions& options) {
  if (!(options.rate >= 0 && options.rate <= 1)) {
    std::ostringstream r;
    r << options.rate;
    throw UsageError("--rate: " + r.str() + " is not between 0 and 1 (0.05 samples 5 % of each assessor's apprentices)");
  }
  // Id order first, so that nothing below depends on the order the candidates came in.
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const SampleCandidate& a, const SampleCandidate& b) { return a.apprentice < b.apprentice; });
  candidates.erase(std::unique(candidates.begin(), candidates.end(),
                               [](const SampleCandidate& a, const SampleCandidate& b) {
                                 return a.apprentice == b.apprentice;
                               }),
                   candidates.end());

  Sample sample;
  sample.options = options;
  sample.population = candidates.size();

  // Strata by assessor id; the unassigned stratum last.
  std::map<std::string, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    members[candidates[i].assessor].push_back(i);
  }
  std::vector<std::string> order;
  for (const auto& [assessor, list] : members) {
    if (!assessor.empty()) {
      order.push_back(assessor);
    }
  }
  if (members.count("")) {
    order.push_back("");
  }

  std::vector<Drawn> drawn(candidates.size());
  for (std::size_t s = 0; s < order.size(); ++s) {
    const auto& list = members[order[s]];
    SampleStratum st;
    st.assessor = order[s];
    st.apprentices = list.size();
    st.by_rate = share(options.rate, list.size());
    st.few_assessments = !st.assessor.empty() && list.size() < options.few_assessments;
    st.required = std::min(list.size(), std::max(st.by_rate, options.min_per_assessor) + st.few_assessments);
    for (std::size_t i : list) {
      Drawn& d = drawn[i];
      d.candidate = std::move(candidates[i]);
      d.stratum = s;
      sort_unique(d.candidate.methods);
      sort_unique(d.candidate.evidence_types);
      if (st.few_assessments) {
        d.candidate.risks.push_back("assessor " + st.assessor + " has few assessments (" +
                                    std::to_string(list.size()) + ", fewer than " +
                                    std::to_string(options.few_assessments) + ")");
      }
      d.u = uniform_for(options.seed, d.candidate.apprentice);
      d.weight = 1 + k_risk_weight * static_cast<double>(d.candidate.risks.size());
    }
    sample.strata.push_back(st);
  }

  auto better = [&](std::size_t a, double key_a, std::size_t b, double key_b) {
    return key_a != key_b ? key_a > key_b : drawn[a].candidate.apprentice < drawn[b].candidate.apprentice;
  };

  // The per-assessor minimum: weighted draws on risk alone.
  Covered covered;
  std::vector<std::size_t> remaining(order.size());
  for (std::size_t s = 0; s < order.size(); ++s) {
    std::vector<std::size_t> list = members[order[s]];
    std::sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
      return better(a, es_key(drawn[a].u, drawn[a].weight), b, es_key(drawn[b].u, drawn[b].weight));
    });
    std::size_t first = std::min(sample.strata[s].required, options.min_per_assessor);
    for (std::size_t k = 0; k < first; ++k) {
      drawn[list[k]].selected = true;
      covered.add(drawn[list[k]].candidate);
    }
    remaining[s] = sample.strata[s].required - first;
  }

  // The rest of each quota, one draw at a time across all strata, so that each draw sees what the
  // sample covers so far: a value the sample lacks raises the candidate's weight. What a candidate
  // would add only shrinks as the sample grows, so its key only falls: a key computed earlier is an
  // upper bound, and the heap need only recompute the candidate on top (lazy greedy), which gives
  // the same draws as recomputing every key each time, in O(N log N) instead of O(N × draws).
  auto key_now = [&](std::size_t i) {
    double weight = drawn[i].weight;
    if (options.spread) {
      weight += k_spread_weight * static_cast<double>(covered.gain(drawn[i].candidate));
    }
    return es_key(drawn[i].u, weight);
  };
  using Entry = std::pair<double, std::size_t>;  // (key when last computed, candidate)
  auto worse = [&](const Entry& a, const Entry& b) { return better(b.second, b.first, a.second, a.first); };
  std::priority_queue<Entry, std::vector<Entry>, decltype(worse)> heap(worse);
  for (std::size_t i = 0; i < drawn.size(); ++i) {
    if (!drawn[i].selected && remaining[drawn[i].stratum] > 0) {
      heap.emplace(key_now(i), i);
    }
  }
  while (!heap.empty()) {
    auto [stale, i] = heap.top();
    heap.pop();
    if (remaining[drawn[i].stratum] == 0) {
      continue;  // its assessor's quota is full
    }
    double key = key_now(i);
    if (key != stale && !heap.empty() && !better(i, key, heap.top().second, heap.top().first)) {
      heap.emplace(key, i);  // fell behind another candidate: try again later
      continue;
    }
    Drawn& d = drawn[i];
    if (options.spread) {
      std::size_t count = 0;
      d.adds = covered.new_values(d.candidate, count);
    }
    d.selected = true;
    covered.add(d.candidate);
    --remaining[d.stratum];
  }

  for (std::size_t s = 0; s < order.size(); ++s) {
    for (std::size_t i : members[order[s]]) {
      Drawn& d = drawn[i];
      if (!d.selected) {
        continue;
      }
      SampleStratum& st = sample.strata[s];
      ++st.selected;
      SampleSelection sel;
      sel.weight = d.weight;
      sel.adds = d.adds;
      if (st.required == st.apprentices) {
        std::string n = std::to_string(st.apprentices);
        if (st.assessor.empty()) {
          sel.reasons.push_back(st.apprentices == 1 ? "the only apprentice without an assessor"
                                                    : "all " + n + " apprentices without an assessor are required");
        } else {
          sel.reasons.push_back(st.apprentices == 1 ? "the only apprentice of assessor " + st.assessor
                                                    : "all " + n + " apprentices of assessor " + st.assessor +
                                                          " are required");
        }
      }
      if (!d.candidate.risks.empty()) {
        sel.reasons.push_back("risk: " + join(d.candidate.risks, "; "));
      } else if (st.required < st.apprentices && d.adds.empty()) {
        sel.reasons.push_back("random draw (no risk flags)");
      }
      if (!d.adds.empty()) {
        sel.reasons.push_back("spread: adds " + join(d.adds, "; "));
      }
      sel.candidate = d.candidate;
      sample.selections.push_back(std::move(sel));
    }
  }
  sample.dimensions = dimensions_of(drawn);
  return sample;
}

// ---- output ----

namespace {

json spread_json(const DimensionSpread& d, const std::string& unknown) {
  std::size_t covered = 0, total = 0;
  json not_covered = json::array();
  for (const auto& [value, n] : d.population) {
    if (value == unknown) {
      continue;
    }
    ++total;
    if (d.sample.count(value)) {
      ++covered;
    } else {
      not_covered.push_back(value);
    }
  }
  return {{"population", d.population},
          {"sample", d.sample},
          {"covered", covered},
          {"total", total},
          {"not_covered", std::move(not_covered)}};
}

json nullable(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

std::string risk_text(const SampleSelection& s) { return std::to_string(s.candidate.risks.size()); }

std::string render_csv(const Sample& sample) {
  std::string out = csv_row({"apprentice", "name", "assessor", "standard", "verdict", "risk", "weight", "reasons",
                             "risks", "methods", "evidence_types", "location", "items", "declaration", "seed",
                             "rate"});
  std::ostringstream rate;
  rate << sample.options.rate;
  for (const auto& s : sample.selections) {
    const auto& c = s.candidate;
    std::ostringstream weight;
    weight << s.weight;
    out += csv_row({c.apprentice, c.name, stratum_name(c.assessor), c.standard, c.verdict, risk_text(s), weight.str(),
                    join(s.reasons, "; "), join(c.risks, "; "), join(c.methods, "; "), join(c.evidence_types, "; "),
                    c.location.empty() ? "unknown" : c.location, std::to_string(c.items),
                    c.declaration.empty() ? "not checked" : c.declaration, std::to_string(sample.options.seed),
                    rate.str()});
  }
  return out;
}

// "3 of 4 (a, b, c); not in the sample: d", ignoring the `unknown` value.
std::string spread_line(const DimensionSpread& d, const std::string& unknown) {
  std::vector<std::string> in, out;
  for (const auto& [value, n] : d.population) {
    if (value != unknown) {
      (d.sample.count(value) ? in : out).push_back(value);
    }
  }
  std::string line = std::to_string(in.size()) + " of " + std::to_string(in.size() + out.size());
  if (!in.empty()) {
    line += " (" + join(in) + ")";
  }
  if (!out.empty()) {
    line += "; not in the sample: " + join(out);
  }
  if (auto u = d.sample.find(unknown); u != d.sample.end()) {
    line += "; " + unknown + ": " + std::to_string(u->second);
  }
  return line;
}

std::string counts_line(const std::map<std::string, std::size_t>& counts) {
  std::vector<std::string> parts;
  for (const auto& [value, n] : counts) {
    parts.push_back(value + " " + std::to_string(n));
  }
  return parts.empty() ? "none" : join(parts);
}

std::string render_text(const Sample& sample, bool colour) {
  const char* bold = colour ? "\033[1m" : "";
  const char* reset = colour ? "\033[0m" : "";
  const auto& o = sample.options;
  std::ostringstream out;
  out << bold << "IQA sample: " << sample.selections.size() << " of " << sample.population << " apprentices"
      << reset << " (" << percent(o.rate) << " of each assessor's, rounded up, at least " << o.min_per_assessor
      << "), seed " << o.seed << (o.seed == k_default_seed ? " (the default)" : "") << "\n";
  out << "The same seed and the same store give the same sample; another --seed draws another.\n";
  if (sample.population == 0) {
    out << "\nNo apprentices in the store.\n";
    return out.str();
  }

  std::vector<std::vector<std::string>> rows{{"apprentice", "name", "assessor", "verdict", "risk", "why"}};
  for (const auto& s : sample.selections) {
    const auto& c = s.candidate;
    rows.push_back({terminal_text(c.apprentice), terminal_text(c.name), terminal_text(stratum_name(c.assessor)),
                    c.verdict.empty() ? "?" : c.verdict, terminal_text(risk_text(s)),
                    terminal_text(join(s.reasons, "; "))});
  }
  out << "\n" << format_table(rows) << "\n";

  for (const auto& st : sample.strata) {
    std::string who = st.assessor.empty() ? "Unassigned (no assessor)" : "Assessor " + terminal_text(st.assessor);
    out << who << ": " << st.selected << " of " << st.apprentices << " sampled (" << percent(o.rate) << " is "
        << st.by_rate;
    if (o.min_per_assessor > st.by_rate) {
      out << ", at least " << o.min_per_assessor;
    }
    if (st.few_assessments) {
      out << ", one more for fewer than " << o.few_assessments << " assessments";
    }
    if (st.required == st.apprentices && st.required < std::max(st.by_rate, o.min_per_assessor) + st.few_assessments) {
      out << ", capped at " << st.apprentices;
    }
    out << ")\n";
  }

  const auto& d = sample.dimensions;
  out << "\n" << bold << "Coverage of the sample (CAMERA)" << reset << "\n";
  out << "  candidates       " << d.candidates_selected << " of " << d.candidates << "\n";
  out << "  assessors        " << terminal_text(spread_line(d.assessors, "")) << "\n";
  out << "  methods          " << spread_line(d.methods, "") << "\n";
  out << "  evidence types   " << spread_line(d.evidence_types, "") << "\n";
  out << "  records          " << d.items_selected << " of " << d.items
      << " items; declarations: " << counts_line(d.declarations.sample) << "\n";
  if (d.locations.population.size() == 1 && d.locations.population.count("unknown")) {
    out << "  locations        unknown (the store does not record where assessments took place)\n";
  } else {
    out << "  locations        " << spread_line(d.locations, "unknown") << "\n";
  }
  out << "  verdicts         " << counts_line(d.verdicts.sample) << "\n";
  return out.str();
}

}  // namespace

json sample_json(const Sample& sample) {
  json strata = json::array();
  for (const auto& st : sample.strata) {
    strata.push_back({{"assessor", stratum_name(st.assessor)},
                      {"assigned", !st.assessor.empty()},
                      {"apprentices", st.apprentices},
                      {"by_rate", st.by_rate},
                      {"few_assessments", st.few_assessments},
                      {"required", st.required},
                      {"selected", st.selected}});
  }
  json selections = json::array();
  for (const auto& s : sample.selections) {
    const auto& c = s.candidate;
    selections.push_back({{"apprentice", c.apprentice},
                          {"name", c.name},
                          {"assessor", stratum_name(c.assessor)},
                          {"standard", c.standard},
                          {"reasons", s.reasons},
                          {"risk", c.risks.size()},
                          {"risks", c.risks},
                          {"weight", s.weight},
                          {"adds", s.adds},
                          {"methods", c.methods},
                          {"evidence_types", c.evidence_types},
                          {"location", nullable(c.location)},
                          {"verdict", nullable(c.verdict)},
                          {"items", c.items},
                          {"declaration", nullable(c.declaration)}});
  }
  const auto& d = sample.dimensions;
  json dimensions = {
      {"candidates", {{"population", d.candidates}, {"sample", d.candidates_selected}}},
      {"assessors", spread_json(d.assessors, "")},
      {"methods", spread_json(d.methods, "")},
      {"evidence_types", spread_json(d.evidence_types, "")},
      {"records",
       {{"items", {{"population", d.items}, {"sample", d.items_selected}}},
        {"declarations", spread_json(d.declarations, "not checked")}}},
      {"locations", spread_json(d.locations, "unknown")},
      {"verdicts", spread_json(d.verdicts, "unknown")}};
  return {{"seed", sample.options.seed},
          {"rate", sample.options.rate},
          {"min_per_assessor", sample.options.min_per_assessor},
          {"few_assessments", sample.options.few_assessments},
          {"population", sample.population},
          {"selected", sample.selections.size()},
          {"strata", std::move(strata)},
          {"sample", std::move(selections)},
          {"dimensions", std::move(dimensions)}};
}

nlohmann::json Media<Sample>::json_value(const Sample& result) { return sample_json(result); }

std::string Media<Sample>::csv(const Sample& result) { return render_csv(result); }

std::string Media<Sample>::text(const Sample& result, bool colour) { return render_text(result, colour); }

}  // namespace evidex::query
