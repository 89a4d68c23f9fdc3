/** @file
 * @brief Runs one handler in-process on one file, for the per-format tests. (The ingest runs
 * handlers in workers; these tests check what a handler produces.)
 */
#pragma once

#include "indexer/extract/extractor.hpp"
#include "indexer/util/errors.hpp"
#include "tests/support/test_support.hpp"

#include <numeric>

namespace evidex::test {

struct Extracted {
  indexer::Extraction result;
  std::string text;  // pages joined with "\n"
};

inline Extracted extract_with(const indexer::Extractor& extractor, const std::filesystem::path& file,
                              const TempDir& scratch, std::string mime = "") {
  indexer::ExtractContext ctx;
  ctx.item_path = file.filename().string();
  ctx.mime = std::move(mime);
  ctx.scratch_dir = scratch.path();
  ctx.budget_bytes = ctx.limits.max_total_bytes;
  ctx.budget_entries = ctx.limits.max_entries;
  Extracted out{extractor.extract(file, ctx), {}};
  for (const auto& page : out.result.pages) {
    out.text += page;
    out.text += '\n';
  }
  return out;
}

/// The reason a handler gives for refusing a file (its ItemError's reason), or "no error".
inline std::string refusal_reason(const indexer::Extractor& extractor, const std::filesystem::path& file,
                                  const std::string& mime) {
  TempDir scratch;
  try {
    extract_with(extractor, file, scratch, mime);
  } catch (const ItemError& e) {
    return e.reason();
  }
  return "no error";
}

}  // namespace evidex::test
