#include "indexer/pipeline/extract_file.hpp"

#include "indexer/detect/detect.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/worker/worker.hpp"

namespace evidex::indexer {
namespace fs = std::filesystem;

std::string extract_file_text(const fs::path& file, const fs::path& scratch_dir, const Limits& limits) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    throw InputError(file.string() + ": not a readable file");
  }
  fs::create_directories(scratch_dir, ec);
  if (ec) {
    throw StoreError(scratch_dir.string() + ": cannot create: " + ec.message());
  }
  struct RemoveAfter {
    fs::path dir;
    ~RemoveAfter() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  } remove_after{scratch_dir};

  Detector detector;
  WorkerPool pool(detector, default_registry(), limits, 1);
  pool.submit(WorkRequest{file, file.filename().string(), scratch_dir, limits.max_total_bytes, limits.max_entries});
  std::optional<std::pair<std::uint64_t, WorkResult>> done;
  while (!(done = pool.wait_next())) {
    // A signal interrupted the wait; the worker goes on.
  }
  const WorkResult& result = done->second;
  if (!result.error.empty()) {
    throw InputError(file.string() + ": " + result.error);
  }
  std::string text;
  for (std::size_t i = 0; i < result.extraction.pages.size(); ++i) {
    if (i) {
      text += '\f';
    }
    text += result.extraction.pages[i];
  }
  return text;
}

}  // namespace evidex::indexer
