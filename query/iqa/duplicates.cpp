#include "query/iqa/duplicates.hpp"

#include "query/render/terminal_text.hpp"

#include "indexer/store/signatures.hpp"
#include "indexer/util/errors.hpp"
#include "query/iqa/common_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

namespace evidex::query {
namespace {

using indexer::ComparableItem;
using nlohmann::json;

static_assert(k_bands * k_band_rows == indexer::k_minhash_size, "every MinHash value is in one band");

/// Buckets of the LSH larger than this are linked as a star and a chain rather than pair by pair,
/// which would be quadratic. Such a bucket is a large cluster of similar texts: every member still
/// reaches the cluster through the first one, or through its neighbour, or through another band.
constexpr std::size_t k_max_bucket_pairs = 64;

/// Items near each other at this fraction of the threshold are suspects too (common_text.hpp).
constexpr double k_suspect_threshold_factor = 0.5;

constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class UnionFind {
public:
  explicit UnionFind(std::size_t n) : m_parent(n) { std::iota(m_parent.begin(), m_parent.end(), 0); }
  std::size_t find(std::size_t x) {
    while (m_parent[x] != x) {
      m_parent[x] = m_parent[m_parent[x]];
      x = m_parent[x];
    }
    return x;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) {
      m_parent[std::max(a, b)] = std::min(a, b);
    }
  }

private:
  std::vector<std::size_t> m_parent;
};

struct Context {
  const std::vector<ComparableItem>& items;
  std::unordered_map<std::int64_t, std::size_t> by_id;
  /// Every item put in a group, for the second look (common_text.hpp).
  mutable std::vector<std::size_t> grouped;

  explicit Context(const std::vector<ComparableItem>& all) : items(all) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      by_id.emplace(items[i].id, i);
    }
  }

  /// Whether item `a` contains item `b` (directly or deeper down).
  bool contains(std::size_t a, std::size_t b) const {
    std::optional<std::int64_t> parent = items[b].parent;
    for (int depth = 0; parent && depth < 64; ++depth) {
      if (*parent == items[a].id) {
        return true;
      }
      auto it = by_id.find(*parent);
      if (it == by_id.end()) {
        return false;
      }
      parent = items[it->second].parent;
    }
    return false;
  }

  /// The members of a bucket that are not inside another member: an item is never reported
  /// against its own container.
  std::vector<std::size_t> outermost(const std::vector<std::size_t>& bucket) const {
    std::vector<std::size_t> out;
    for (std::size_t b : bucket) {
      bool inside = std::any_of(bucket.begin(), bucket.end(), [&](std::size_t a) { return a != b && contains(a, b); });
      if (!inside) {
        out.push_back(b);
      }
    }
    return out;
  }

  /// A blank form: (nearly) every word belongs to a template. Short of template text found by
  /// frequency (mostly_template, however short the form: a sign-off sheet of a dozen words), it
  /// takes plenty of words, so that a short text that merely has few shingles is still compared.
  bool blank_form(const ComparableItem& item) const {
    return !item.text_hash.empty() &&
           (item.mostly_template || (item.words >= indexer::k_min_own_words && item.shingles < indexer::k_min_shingles));
  }

  void sort_members(std::vector<std::size_t>& members) const {
    std::sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(items[a].apprentice, items[a].path) < std::tie(items[b].apprentice, items[b].path);
    });
  }

  DuplicateGroup group(DuplicateKind kind, double similarity, std::vector<std::size_t> members) const {
    sort_members(members);
    DuplicateGroup g;
    g.kind = kind;
    g.similarity = similarity;
    std::set<std::string> apprentices;
    grouped.insert(grouped.end(), members.begin(), members.end());
    for (std::size_t m : members) {
      g.items.push_back({items[m].apprentice, items[m].path, items[m].sha256});
      apprentices.insert(items[m].apprentice);
    }
    g.apprentices.assign(apprentices.begin(), apprentices.end());
    g.cross_apprentice = g.apprentices.size() > 1;
    return g;
  }
};

std::string file_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void find_exact(const Context& c, std::vector<DuplicateGroup>& out) {
  std::map<std::string, std::vector<std::size_t>> by_hash;
  for (std::size_t i = 0; i < c.items.size(); ++i) {
    const auto& item = c.items[i];
    // An empty file is no evidence of anything, and a blank form is shared by design.
    if (item.bytes > 0 && !item.sha256.empty() && !c.blank_form(item)) {
      by_hash[item.sha256].push_back(i);
    }
  }
  for (const auto& [sha, bucket] : by_hash) {
    if (bucket.size() < 2) {
      continue;
    }
    auto members = c.outermost(bucket);
    if (members.size() < 2) {
      continue;
    }
    // The members of two identical containers are identical too: the containers' group says it.
    std::set<std::int64_t> parents;
    std::set<std::string> parent_hashes;
    for (std::size_t m : members) {
      if (const auto& p = c.items[m].parent) {
        parents.insert(*p);
        auto it = c.by_id.find(*p);
        parent_hashes.insert(it == c.by_id.end() ? std::string() : c.items[it->second].sha256);
      }
    }
    if (parents.size() == members.size() && parent_hashes.size() == 1 && !parent_hashes.begin()->empty()) {
      continue;
    }
    std::set<std::string> names;
    for (std::size_t m : members) {
      names.insert(file_name(c.items[m].path));
    }
    DuplicateGroup g = c.group(DuplicateKind::exact, 1.0, members);
    g.reason = names.size() > 1 ? "byte-identical files under different names" : "byte-identical files";
    out.push_back(std::move(g));
  }
}

void find_same_text(const Context& c, std::vector<DuplicateGroup>& out) {
  std::map<std::string, std::vector<std::size_t>> by_text;
  for (std::size_t i = 0; i < c.items.size(); ++i) {
    const auto& item = c.items[i];
    if (!item.text_hash.empty() && item.shingles >= indexer::k_min_shingles && !item.mostly_template) {
      by_text[item.text_hash].push_back(i);
    }
  }
  for (const auto& [hash, bucket] : by_text) {
    if (bucket.size() < 2) {
      continue;
    }
    auto members = c.outermost(bucket);
    std::set<std::string> shas;
    for (std::size_t m : members) {
      shas.insert(c.items[m].sha256);
    }
    if (members.size() < 2 || shas.size() < 2) {
      continue;  // byte-identical: an exact group already
    }
    DuplicateGroup g = c.group(DuplicateKind::same_text, 1.0, members);
    g.reason = "the same text in different files (a document and its PDF export, a copy saved in another format)";
    out.push_back(std::move(g));
  }
}

struct Edge {
  std::uint32_t a;
  std::uint32_t b;
  double similarity;
};

void find_near(const Context& c, double threshold, std::vector<DuplicateGroup>& out) {
  // Units: distinct texts (the same text has the same MinHash); items with that text.
  std::vector<std::vector<std::size_t>> units;
  {
    std::unordered_map<std::string, std::size_t> unit_of;
    for (std::size_t i = 0; i < c.items.size(); ++i) {
      const auto& item = c.items[i];
      if (item.minhash.size() != indexer::k_minhash_size) {
        continue;  // not compared: too little text of its own
      }
      auto [it, added] = unit_of.emplace(item.text_hash, units.size());
      if (added) {
        units.emplace_back();
      }
      units[it->second].push_back(i);
    }
  }
  if (units.size() < 2) {
    return;
  }
  auto minhash_of = [&](std::size_t unit) { return c.items[units[unit].front()].minhash.data(); };

  // LSH: one key per band per unit; units that share a key in a band are candidates. Band by band,
  // each entry packs the key's high bits above the unit's number, so one sort of integers groups
  // them (a key collision on the shortened key only adds a candidate, which is verified anyway).
  std::vector<std::vector<std::uint64_t>> band_keys(units.size());
  for (std::size_t u = 0; u < units.size(); ++u) {
    band_keys[u] = lsh_band_keys(minhash_of(u));
  }
  unsigned unit_bits = 1;
  while (unit_bits < 32 && (std::uint64_t{1} << unit_bits) < units.size()) {
    ++unit_bits;
  }
  const std::uint64_t unit_mask = (std::uint64_t{1} << unit_bits) - 1;
  std::vector<std::uint64_t> candidates;
  auto candidate = [&](std::uint64_t a, std::uint64_t b) {
    if (a != b) {
      candidates.push_back(std::min(a, b) << 32 | std::max(a, b));
    }
  };
  std::vector<std::uint64_t> entries(units.size());
  for (std::size_t band = 0; band < k_bands; ++band) {
    for (std::size_t u = 0; u < units.size(); ++u) {
      entries[u] = (band_keys[u][band] & ~unit_mask) | u;
    }
    std::sort(entries.begin(), entries.end());
    for (std::size_t start = 0; start < entries.size();) {
      std::size_t end = start + 1;
      while (end < entries.size() && (entries[end] & ~unit_mask) == (entries[start] & ~unit_mask)) {
        ++end;
      }
      if (end - start <= k_max_bucket_pairs) {
        for (std::size_t i = start; i < end; ++i) {
          for (std::size_t j = i + 1; j < end; ++j) {
            candidate(entries[i] & unit_mask, entries[j] & unit_mask);
          }
        }
      } else {
        for (std::size_t i = start + 1; i < end; ++i) {
          candidate(entries[start] & unit_mask, entries[i] & unit_mask);
          candidate(entries[i - 1] & unit_mask, entries[i] & unit_mask);
        }
      }
      start = end;
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  // Verify each candidate by its MinHash estimate.
  std::vector<Edge> edges;
  UnionFind components(units.size());
  for (std::uint64_t pair : candidates) {
    auto a = static_cast<std::uint32_t>(pair >> 32);
    auto b = static_cast<std::uint32_t>(pair & 0xffffffffu);
    double similarity = indexer::estimate_similarity(minhash_of(a), minhash_of(b));
    if (similarity + 1e-9 < threshold) {
      continue;
    }
    const auto& ua = units[a];
    const auto& ub = units[b];
    if (ua.size() == 1 && ub.size() == 1 && (c.contains(ua[0], ub[0]) || c.contains(ub[0], ua[0]))) {
      continue;  // an item and its own container
    }
    edges.push_back({a, b, similarity});
    components.unite(a, b);
  }

  std::map<std::size_t, std::vector<std::size_t>> members;  // root -> units
  for (const auto& e : edges) {
    members[components.find(e.a)];
  }
  for (std::size_t u = 0; u < units.size(); ++u) {
    auto it = members.find(components.find(u));
    if (it != members.end()) {
      it->second.push_back(u);
    }
  }
  std::map<std::size_t, std::vector<const Edge*>> edges_of;
  for (const auto& e : edges) {
    edges_of[components.find(e.a)].push_back(&e);
  }
  for (const auto& [root, group_units] : members) {
    std::vector<std::size_t> items;
    for (std::size_t u : group_units) {
      items.insert(items.end(), units[u].begin(), units[u].end());
    }
    double best = 0;
    for (const Edge* e : edges_of[root]) {
      best = std::max(best, e->similarity);
    }
    c.sort_members(items);
    std::unordered_map<std::size_t, std::size_t> position;  // item -> index in the group
    for (std::size_t i = 0; i < items.size(); ++i) {
      position.emplace(items[i], i);
    }
    DuplicateGroup g = c.group(DuplicateKind::near, best, items);
    // Pairs between the first item of each unit (its text's representative).
    for (const Edge* e : edges_of[root]) {
      std::size_t a = position.at(units[e->a].front());
      std::size_t b = position.at(units[e->b].front());
      g.pairs.push_back({std::min(a, b), std::max(a, b), e->similarity});
    }
    std::sort(g.pairs.begin(), g.pairs.end(), [](const DuplicatePair& x, const DuplicatePair& y) {
      return std::tie(y.similarity, x.a, x.b) < std::tie(x.similarity, y.a, y.b);
    });
    char percent[16];
    std::snprintf(percent, sizeof percent, "%.0f", best * 100);
    g.reason = std::string("near copies: about ") + percent + " % of their four-word sequences in common";
    out.push_back(std::move(g));
  }
}

int kind_order(DuplicateKind kind) { return static_cast<int>(kind); }

std::string similarity_text(double similarity) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.2f", similarity);
  return buffer;
}

double rounded(double similarity) { return std::round(similarity * 1000) / 1000; }

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& p : parts) {
    out += (out.empty() ? "" : separator) + p;
  }
  return out;
}

std::string risk_text(const DuplicateGroup& g) {
  if (g.cross_apprentice) {
    return "AUTHENTICITY RISK: the same or copied evidence from " + std::to_string(g.apprentices.size()) +
           " apprentices (" + join(g.apprentices, ", ") + ")";
  }
  // The toolkit's question to employers (seed 004): "Are there multiple pieces of evidence that
  // demonstrate the same criteria, un-necessarily?"
  return "within one showcase (" + (g.apprentices.empty() ? std::string() : g.apprentices.front()) +
         "): the same evidence more than once, demonstrating the same criteria unnecessarily";
}

std::string render_text(const std::vector<DuplicateGroup>& groups, bool colour) {
  const char* bold = colour ? "\033[1m" : "";
  const char* red = colour ? "\033[31m" : "";
  const char* yellow = colour ? "\033[33m" : "";
  const char* dim = colour ? "\033[2m" : "";
  const char* reset = colour ? "\033[0m" : "";
  std::string out;
  std::size_t counts[3] = {0, 0, 0};
  std::size_t cross = 0;
  for (std::size_t n = 0; n < groups.size(); ++n) {
    const auto& g = groups[n];
    ++counts[kind_order(g.kind)];
    cross += g.cross_apprentice;
    out += std::string(bold) + std::to_string(n + 1) + ". " + duplicate_kind_name(g.kind) + ", similarity " +
           similarity_text(g.similarity) + reset + ": " + terminal_text(g.reason) + "\n";
    out += std::string("   ") + (g.cross_apprentice ? red : yellow) + terminal_text(risk_text(g)) + reset + "\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& item : g.items) {
      rows.push_back({"   " + terminal_text(item.apprentice) + ":", terminal_text(item.path)});
    }
    out += format_table(rows);
    if (g.kind == DuplicateKind::near && g.items.size() > 2) {
      constexpr std::size_t shown = 10;
      for (std::size_t i = 0; i < g.pairs.size() && i < shown; ++i) {
        const auto& p = g.pairs[i];
        out += std::string(dim) + "   " + similarity_text(p.similarity) + "  " +
               terminal_text(g.items[p.a].apprentice) + ": " + terminal_text(g.items[p.a].path) + "  ~  " +
               terminal_text(g.items[p.b].apprentice) + ": " + terminal_text(g.items[p.b].path) + reset + "\n";
      }
      if (g.pairs.size() > shown) {
        out += std::string(dim) + "   … and " + std::to_string(g.pairs.size() - shown) + " more pairs" + reset + "\n";
      }
    }
    out += "\n";
  }
  if (groups.empty()) {
    out += "No duplicates found.\n";
  }
  out += std::to_string(groups.size()) + (groups.size() == 1 ? " group" : " groups") + " of duplicates (" +
         std::to_string(counts[0]) + " exact, " + std::to_string(counts[1]) + " same-text, " +
         std::to_string(counts[2]) + " near); " + std::to_string(cross) + " across apprentices" +
         (cross ? std::string(" (") + red + "authenticity risk" + reset + ")" : std::string()) + "\n";
  return out;
}

std::string render_csv(const std::vector<DuplicateGroup>& groups) {
  std::string out = csv_row({"group", "kind", "similarity", "cross_apprentice", "apprentice", "path"});
  for (std::size_t n = 0; n < groups.size(); ++n) {
    const auto& g = groups[n];
    for (const auto& item : g.items) {
      out += csv_row({std::to_string(n + 1), duplicate_kind_name(g.kind), similarity_text(g.similarity),
                      g.cross_apprentice ? "true" : "false", item.apprentice, item.path});
    }
  }
  return out;
}

}  // namespace

std::string duplicate_kind_name(DuplicateKind kind) {
  switch (kind) {
    case DuplicateKind::exact: return "exact";
    case DuplicateKind::same_text: return "same-text";
    case DuplicateKind::near: return "near";
  }
  return "near";
}

DuplicateKind parse_duplicate_kind(std::string_view name) {
  for (DuplicateKind kind : {DuplicateKind::exact, DuplicateKind::same_text, DuplicateKind::near}) {
    if (duplicate_kind_name(kind) == name) {
      return kind;
    }
  }
  throw InputError("unknown kind of duplicate '" + std::string(name) + "' (expected exact, same-text or near)");
}

std::vector<std::uint64_t> lsh_band_keys(const std::uint32_t* minhash) {
  std::vector<std::uint64_t> keys(k_bands);
  for (std::size_t band = 0; band < k_bands; ++band) {
    std::uint64_t key = mix64(band + 1);  // the band number: equal values in different bands do not collide
    for (std::size_t r = 0; r < k_band_rows; ++r) {
      key = mix64(key ^ minhash[band * k_band_rows + r]);
    }
    keys[band] = key;
  }
  return keys;
}

std::vector<DuplicateGroup> find_duplicates(indexer::Store& store, const DuplicateOptions& options) {
  std::vector<ComparableItem> items = indexer::comparable_items(store);
  std::vector<DuplicateGroup> groups;
  std::vector<std::size_t> suspects;
  {
    Context c(items);
    find_exact(c, groups);
    find_same_text(c, groups);
    find_near(c, options.threshold, groups);
    // Items that share text with others below the threshold share it too: a template's items that
    // have more of their own words than the grouped ones still count its holders.
    std::vector<DuplicateGroup> wider;
    find_near(c, options.threshold * k_suspect_threshold_factor, wider);
    suspects = std::move(c.grouped);
  }
  if (!suspects.empty()) {
    auto item_text = [&](const indexer::ComparableItem& item) {
      return options.snapshot && item.apprentice == options.snapshot->id() ? options.snapshot->text(item.id)
                                                                           : store.item_text(item.id);
    };
    SharedText shared = find_shared_text(store, items, std::move(suspects), item_text);
    if (!shared.forms.empty() || !shared.resigned.empty()) {
      // The Declaration of Authenticity is never copying: out of every comparison.
      for (std::size_t f : shared.forms) {
        items[f].sha256.clear();
        items[f].text_hash.clear();
        items[f].minhash.clear();
      }
      for (auto& [i, sig] : shared.resigned) {
        items[i].shingles = sig.shingles;
        items[i].mostly_template = sig.own_words * indexer::k_own_words_fraction < sig.words;
        items[i].minhash = std::move(sig.minhash);
      }
      groups.clear();
      Context c(items);
      find_exact(c, groups);
      find_same_text(c, groups);
      find_near(c, options.threshold, groups);
    }
  }
  if (!options.apprentice.empty()) {
    std::erase_if(groups, [&](const DuplicateGroup& g) {
      return !std::binary_search(g.apprentices.begin(), g.apprentices.end(), options.apprentice);
    });
  }
  std::stable_sort(groups.begin(), groups.end(), [](const DuplicateGroup& a, const DuplicateGroup& b) {
    auto key = [](const DuplicateGroup& g) {
      return std::make_tuple(kind_order(g.kind), -g.similarity, g.items.front().apprentice, g.items.front().path);
    };
    return key(a) < key(b);
  });
  return groups;
}

json duplicates_json(const std::vector<DuplicateGroup>& groups) {
  json out = json::array();
  for (const auto& g : groups) {
    json items = json::array();
    for (const auto& item : g.items) {
      items.push_back({{"apprentice", item.apprentice}, {"path", item.path}, {"sha256", item.sha256}});
    }
    json group = {{"kind", duplicate_kind_name(g.kind)},
                  {"similarity", rounded(g.similarity)},
                  {"items", items},
                  {"apprentices", g.apprentices},
                  {"cross_apprentice", g.cross_apprentice},
                  {"risk", g.cross_apprentice ? "authenticity" : "repetition"},
                  {"reason", g.reason}};
    if (g.kind == DuplicateKind::near) {
      json pairs = json::array();
      for (const auto& p : g.pairs) {
        pairs.push_back({{"a", p.a}, {"b", p.b}, {"similarity", rounded(p.similarity)}});
      }
      group["pairs"] = pairs;
    }
    out.push_back(group);
  }
  return {{"groups", out}};
}

nlohmann::json Media<DuplicateGroups>::json_value(const DuplicateGroups& result) { return duplicates_json(result); }

std::string Media<DuplicateGroups>::csv(const DuplicateGroups& result) { return render_csv(result); }

std::string Media<DuplicateGroups>::text(const DuplicateGroups& result, bool colour) {
  return render_text(result, colour);
}

}  // namespace evidex::query
