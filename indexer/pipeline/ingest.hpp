/** @file
 * @brief Ingest: a bundle (archive, folder or one file) goes in; every item comes out detected,
 * extracted in a worker, stored and indexed. Either the whole bundle joins the apprentice's portfolio
 * (as a new bundle, as the new version of the bundle with its name, or instead of the whole portfolio),
 * or the store is left exactly as it was.
 */
#pragma once

#include "indexer/extract/limits.hpp"
#include "indexer/store/store.hpp"

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace evidex::indexer {

struct IngestOptions {
  std::filesystem::path source;
  ApprenticeInfo apprentice;
  Placement placement = Placement::add;
  Limits limits;
  unsigned jobs = 0;  // 0: one worker per core
  /// Called after each item: items done, items known so far, the item just done.
  std::function<void(std::size_t done, std::size_t known, const std::string& path)> progress;
  /// Set (from a signal handler) to stop: workers are killed and nothing is committed.
  const std::atomic<bool>* interrupted = nullptr;
};

struct IngestReport {
  bool unchanged = false;  // the portfolio already held these bytes (as `bundle`): nothing was done
  BundleInfo bundle;
  PortfolioChange change;
  std::vector<ItemRecord> items;  // of this bundle, as stored
};

/// Throws InputError when the source cannot be read at all, Interrupted on Ctrl-C, StoreError when
/// the store fails. Bad items never throw: they are recorded with their error.
IngestReport ingest(Store& store, const IngestOptions& options);

/// The name a portfolio knows a bundle by: the upload's file or folder name.
std::string bundle_name(const std::filesystem::path& source);

/// SHA-256 identifying a bundle: of the file, or for a folder of its sorted (path, content) pairs.
std::string bundle_hash(const std::filesystem::path& source);

}  // namespace evidex::indexer
