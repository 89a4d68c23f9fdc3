#include "mapping/tagger/tag_bundle.hpp"

#include "mapping/evidence_map/evidence_map.hpp"
#include "mapping/refs/reference_parser.hpp"

#include <xapian.h>

#include <map>
#include <set>

namespace evidex::mapping {
namespace {

// An item that names this many criteria is a list (a checklist, a copy of the standard), not
// evidence for each of them; its tags stand, but the assessor is told to look.
constexpr std::size_t k_many_references = 15;

// Items whose text is too short to say what they are about are not scored.
constexpr std::uint64_t k_min_words_for_inference = 30;

std::string file_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

using TagKey = std::pair<std::int64_t, std::string>;  // item, criterion

void add_explicit_tags(const indexer::ItemRecord& item, const std::string& text, const Standard& standard,
                       std::vector<indexer::NewTag>& tags, std::set<TagKey>& tagged,
                       std::vector<std::pair<std::string, std::string>>& problems) {
  std::set<std::string> named;
  auto add = [&](const RefMatch& m, const char* place) {
    named.insert(m.ref);
    if (tagged.insert({item.id, m.ref}).second) {
      tags.push_back({item.id, m.ref, "explicit", std::nullopt, m.span, place,
                      static_cast<std::int64_t>(m.offset), ""});
    }
  };
  for (const auto& m : find_references(file_name(item.path), standard)) {
    add(m, "name");
  }
  for (const auto& m : find_references(text, standard)) {
    add(m, "text");
  }
  if (named.size() >= k_many_references) {
    problems.emplace_back(item.path, "names " + std::to_string(named.size()) +
                                         " criteria: a list or checklist rather than evidence for each? "
                                         "Check its tags");
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
