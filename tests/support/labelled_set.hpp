/** @file
 * @brief The hand-labelled evaluation set for inferred tags (fixtures/tagging/labelled/): documents
 * that name no criterion, each labelled with the ST0072 showcase criteria it evidences. Scoring
 * the tagger against it gives precision and recall.
 */
#pragma once

#include "mapping/tagger/inferred_tags.hpp"

#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace evidex::test {

struct Evaluation {
  std::size_t true_positives = 0, false_positives = 0, false_negatives = 0;
  std::size_t documents = 0;
  double precision() const {
    return true_positives + false_positives ? double(true_positives) / double(true_positives + false_positives) : 0;
  }
  double recall() const {
    return true_positives + false_negatives ? double(true_positives) / double(true_positives + false_negatives) : 0;
  }
};

/// file name -> criteria, from labels.tsv.
std::map<std::string, std::set<std::string>> read_labels(const std::filesystem::path& tsv);

/// A store with the labelled set ingested as one apprentice's folder bundle ("LABELLED"),
/// untagged, created once per `store_dir`.
void ingest_labelled_set(const std::filesystem::path& store_dir);

/// Runs inference with `options` over the ingested set and scores the showcase criteria it
/// proposes against the labels, for the documents `include` accepts (by file name).
Evaluation evaluate_inference(const std::filesystem::path& store_dir, const mapping::InferenceOptions& options,
                              const std::function<bool(const std::string&)>& include);

}  // namespace evidex::test
