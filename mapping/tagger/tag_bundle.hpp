/** @file
 * @brief Tags an apprentice's bundle: explicit references in names and text, evidence-map rows,
 * and inferred tags from content, written in one transaction. People's decisions are kept apart
 * in the store and applied on top (indexer/store/tags.cpp).
 */
#pragma once

#include "indexer/store/store.hpp"
#include "mapping/standard/standard.hpp"
#include "mapping/tagger/inferred_tags.hpp"

#include <string>
#include <utility>
#include <vector>

namespace evidex::mapping {

/// The standard an apprentice is assessed against when none was given at ingest.
inline constexpr const char* k_default_standard = "ST0072";

struct TaggingReport {
  std::string apprentice;
  std::string standard;
  std::size_t explicit_tags = 0;
  std::size_t map_tags = 0;
  std::size_t inferred_tags = 0;
  std::vector<std::string> maps;  // items read as evidence maps
  std::vector<std::pair<std::string, std::string>> problems;  // (path, message)
};

/// The apprentice's standard (their recorded one, else the default). Throws InputError for an
/// apprentice who is not in the store or a standard the library lacks.
const Standard& standard_of(indexer::Store& store, const StandardLibrary& library, const std::string& apprentice);

/// Recomputes and stores the automatic tags of the apprentice's current bundle.
TaggingReport tag_apprentice(indexer::Store& store, const Standard& standard, const std::string& apprentice,
                             const InferenceOptions& options = {});

/// Tags every bundle written since it was last tagged (after an ingest, or one interrupted
/// between its two commits).
std::vector<TaggingReport> tag_pending(indexer::Store& store, const StandardLibrary& library);

}  // namespace evidex::mapping
