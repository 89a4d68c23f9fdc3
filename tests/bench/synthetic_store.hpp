/** @file
 * @brief Fills a store with generated showcases (fixtures/gen/showcase_generator.hpp) through the
 * store API, as the ingest would have left them but without unpacking and extracting files: one
 * Store::put_bundle() per apprentice, then the real tagger. Originals are not written (blobs/
 * stays empty); every other table and the Xapian index are as after an ingest.
 */
#pragma once

#include "fixtures/gen/showcase_generator.hpp"
#include "mapping/standard/standard.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>

namespace evidex::bench {

struct SyntheticStoreReport {
  std::size_t apprentices = 0;
  std::size_t items = 0;
  std::uint64_t text_bytes = 0;
  std::size_t vocabulary = 0;                       // distinct words the text model knows
  std::map<std::string, std::size_t> origins;       // own, near copy, exact copy ... -> items
  std::map<std::string, std::size_t> readiness;     // aimed-at verdict -> apprentices
  std::size_t tags = 0;                             // explicit + map + inferred written by the tagger
  double generate_seconds = 0;
  double write_seconds = 0;  // put_bundle: SQLite rows and the Xapian documents
  double tag_seconds = 0;    // tag_pending: references, evidence maps, inference, and the re-index
  double signature_seconds = 0;  // duplicate signatures, as after an ingest
};

/// The ST0072 showcase criteria as the generator wants them.
fixtures::ShowcaseOptions st0072_showcase_options(const mapping::StandardLibrary& library);

/// Writes options.apprentices showcases of options.items items in all into a new store at `dir`.
/// `corpus` is the labelled set the text is modelled on.
/// `progress` (may be empty) is called after each tenth of the apprentices is written.
SyntheticStoreReport build_synthetic_store(const std::filesystem::path& dir, const fixtures::ShowcaseOptions& options,
                                           const std::filesystem::path& corpus,
                                           const mapping::StandardLibrary& library,
                                           const std::function<void(const SyntheticStoreReport&)>& progress = {});

}  // namespace evidex::bench
