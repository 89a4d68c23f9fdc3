#include "tests/support/labelled_set.hpp"

#include "indexer/pipeline/ingest.hpp"
#include "indexer/store/store.hpp"
#include "tests/support/standards.hpp"
#include "tests/support/test_support.hpp"

#include <fstream>
#include <sstream>

namespace evidex::test {

std::map<std::string, std::set<std::string>> read_labels(const std::filesystem::path& tsv) {
  std::map<std::string, std::set<std::string>> out;
  std::ifstream in(tsv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) {
      continue;
    }
    std::istringstream fields(line);
    std::string file, criteria;
    std::getline(fields, file, '\t');
    std::getline(fields, criteria, '\t');
    std::set<std::string>& refs = out[file];
    std::istringstream list(criteria);
    for (std::string ref; std::getline(list, ref, ',');) {
      ref.erase(0, ref.find_first_not_of(' '));
      ref.erase(ref.find_last_not_of(' ') + 1);
      if (!ref.empty()) {
        refs.insert(ref);
      }
    }
  }
  return out;
}

void ingest_labelled_set(const std::filesystem::path& store_dir) {
  indexer::Store store(store_dir, indexer::Store::Mode::write);
  indexer::IngestOptions options;
  options.source = fixture("tagging/labelled");
  options.apprentice = {"LABELLED", "", "ST0072", ""};
  indexer::ingest(store, options);
}

Evaluation evaluate_inference(const std::filesystem::path& store_dir, const mapping::InferenceOptions& options,
                              const std::function<bool(const std::string&)>& include) {
  const auto labels = read_labels(fixture("tagging/labelled/labels.tsv"));
  const auto& standard = shipped_standard("ST0072");
  indexer::Store store(store_dir, indexer::Store::Mode::read);
  std::map<std::int64_t, std::string> name_of;
  std::set<std::int64_t> ids;
  for (const auto& item : store.items("LABELLED")) {
    std::string name = item.path.substr(item.path.rfind('/') + 1);
    if (labels.count(name) && include(name)) {
      name_of[item.id] = name;
      ids.insert(item.id);
    }
  }
  std::map<std::string, std::set<std::string>> proposed;
  for (const auto& tag : mapping::infer_tags(store.xapian_dir(), "LABELLED", standard.criteria_with_submitted_evidence(), ids, options)) {
    const auto* c = standard.find(tag.ref);
    if (c && std::find(c->methods.begin(), c->methods.end(), "showcase") != c->methods.end()) {
      proposed[name_of.at(tag.item)].insert(tag.ref);
    }
  }
  Evaluation e;
  for (const auto& [id, name] : name_of) {
    ++e.documents;
    const auto& truth = labels.at(name);
    for (const auto& ref : proposed[name]) {
      (truth.count(ref) ? e.true_positives : e.false_positives) += 1;
    }
    for (const auto& ref : truth) {
      e.false_negatives += proposed[name].count(ref) ? 0 : 1;
    }
  }
  return e;
}

}  // namespace evidex::test
