#include "mapping/tagger/tag_bundle.hpp"

#include "mapping/evidence_map/evidence_map.hpp"
#include "mapping/refs/reference_parser.hpp"
#include "mapping/tagger/reference_claims.hpp"

#include <xapian.h>

#include <map>
#include <set>

namespace evidex::mapping {
namespace {

// Items whose text is too short to say what they are about are not scored.
constexpr std::uint64_t k_min_words_for_inference = 30;

std::string file_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

using TagKey = std::pair<std::int64_t, std::string>;  // item, criterion

/// The item's explicit tags: one per criterion it names, from the occurrence that claims it (the
/// first), else from its first mention, which is stored with place "mention" and the reason in
/// its detail: coverage lists it without counting it (reference_claims.hpp).
void add_explicit_tags(const indexer::ItemRecord& item, const std::string& text, const Standard& standard,
                       std::vector<indexer::NewTag>& tags, std::set<TagKey>& tagged,
                       std::vector<std::pair<std::string, std::string>>& problems) {
  struct Found {
    RefMatch match;
    const char* place;
    std::string why_not;  // empty for a claim
  };
  const std::string name = file_name(item.path);
  std::vector<RefMatch> in_name = find_references(name, standard);
  std::vector<RefMatch> in_text = find_references(text, standard);
  std::set<std::string> named;
  for (const auto* list : {&in_name, &in_text}) {
    for (const auto& m : *list) {
      named.insert(m.ref);
    }
  }
  if (named.empty()) {
    return;
  }
  const std::string listing = list_reason(item.path, text, named.size(), standard);
  std::map<std::string, Found> best;  // ref -> its claim, else its first mention
  std::vector<std::string> order;
  auto consider = [&](const RefMatch& m, const char* place, std::string why_not) {
    auto [it, fresh] = best.try_emplace(m.ref, Found{m, place, why_not});
    if (fresh) {
      order.push_back(m.ref);
    } else if (!it->second.why_not.empty() && why_not.empty()) {
      it->second = Found{m, place, std::move(why_not)};
    }
  };
  for (const auto& m : in_name) {
    consider(m, "name", listing.empty() ? "" : "in the file name of a list: " + listing);
  }
  for (const auto& m : in_text) {
    std::string why = listing.empty() ? mention_reason(text, m) : "listed, not claimed: " + listing;
    consider(m, "text", std::move(why));
  }
  for (const auto& ref : order) {
    const Found& f = best.at(ref);
    if (!tagged.insert({item.id, ref}).second) {
      continue;
    }
    bool claim = f.why_not.empty();
    tags.push_back({item.id, ref, "explicit", std::nullopt, f.match.span, claim ? f.place : "mention",
                    static_cast<std::int64_t>(f.match.offset),
                    claim ? "" : f.why_not + "; confirm it with 'evidex tag' if the item is evidence for it"});
  }
  if (!listing.empty()) {
    problems.emplace_back(item.path, "names " + std::to_string(named.size()) + " criteria but covers none by itself (" +
                                         listing + "): its references are listed as suggestions; confirm the "
                                         "right ones with 'evidex tag'");
  }
}

}  // namespace

const Standard& standard_of(indexer::Store& store, const StandardLibrary& library, const std::string& apprentice) {
  auto who = store.apprentice(apprentice);
  if (!who) {
    throw InputError("no apprentice '" + apprentice + "' in the store (see 'evidex ingest')");
  }
  return library.get(who->standard.empty() ? k_default_standard : who->standard);
}

TaggingReport tag_apprentice(indexer::Store& store, const Standard& standard, const std::string& apprentice,
                             const InferenceOptions& options) {
  TaggingReport report;
  report.apprentice = apprentice;
  report.standard = standard.id;
  const auto items = store.items(apprentice);

  std::vector<BundleItem> bundle;
  std::map<std::string, std::int64_t> id_of;
  std::map<std::int64_t, const indexer::ItemRecord*> record_of;
  for (const auto& item : items) {
    bundle.push_back({item.path, item.type, item.error.empty() ? store.item_text(item.id) : std::string()});
    id_of[item.path] = item.id;
    record_of[item.id] = &item;
  }

  std::vector<indexer::NewTag> tags;
  std::set<TagKey> tagged;  // explicit or map: such pairs are not inferred again
  EvidenceMaps maps = read_evidence_maps(bundle, standard);
  report.maps = maps.maps;
  std::set<std::string> map_paths(maps.maps.begin(), maps.maps.end());

  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!map_paths.count(items[i].path)) {
      add_explicit_tags(items[i], bundle[i].text, standard, tags, tagged, report.problems);
    }
  }
  report.explicit_tags = tags.size();

  for (const auto& a : maps.assignments) {
    auto id = id_of.find(a.item_path);
    if (id == id_of.end()) {
      continue;
    }
    tags.push_back({id->second, a.ref, "map", std::nullopt, a.span, "map", std::nullopt,
                    a.map_path + " row " + std::to_string(a.row)});
    tagged.insert({id->second, a.ref});
    ++report.map_tags;
  }
  for (const auto& p : maps.problems) {
    report.problems.emplace_back(p.map_path, p.row ? "row " + std::to_string(p.row) + ": " + p.message : p.message);
  }

  // Inference is for items that say little or nothing about what they evidence.
  std::map<std::int64_t, std::size_t> stated;
  for (const auto& [item, ref] : tagged) {
    ++stated[item];
  }
  std::set<std::int64_t> to_score;
  for (const auto& item : items) {
    if (item.error.empty() && item.words >= k_min_words_for_inference && !map_paths.count(item.path) &&
        stated[item.id] < 2) {
      to_score.insert(item.id);
    }
  }
  std::vector<const Criterion*> criteria = standard.criteria_with_submitted_evidence();
  try {
    for (auto& t : infer_tags(store.xapian_dir(), apprentice, criteria, to_score, options)) {
      if (tagged.count({t.item, t.ref})) {
        continue;
      }
      std::string words;
      for (std::size_t i = 0; i < t.terms.size() && i < 8; ++i) {
        words += (i ? ", " : "") + t.terms[i];
      }
      tags.push_back({t.item, t.ref, "inferred", t.score, words, "content", std::nullopt,
                      "matched " + std::to_string(t.terms.size()) + " of the criterion's words"});
      ++report.inferred_tags;
    }
  } catch (const Xapian::DatabaseError& e) {
    // Inferred tags are suggestions drawn from the index; a lost or damaged one must not stop the
    // stated and mapped tags being recorded. 'evidex reindex' tags everyone again.
    report.problems.emplace_back(store.xapian_dir().string(),
                                 "the search index is damaged or missing (" + e.get_description() +
                                     "), so no tags were inferred; run 'evidex reindex'");
  } catch (const Xapian::Error& e) {
    throw StoreError(store.xapian_dir().string() + ": " + e.get_description());
  }

  store.replace_tags(apprentice, tags, report.problems);
  return report;
}

std::vector<TaggingReport> tag_pending(indexer::Store& store, const StandardLibrary& library) {
  std::vector<TaggingReport> out;
  for (const auto& apprentice : store.tagging_pending()) {
    out.push_back(tag_apprentice(store, standard_of(store, library, apprentice), apprentice));
  }
  return out;
}

}  // namespace evidex::mapping
