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

/// The context the pipeline would give an item at the top of a fresh bundle: full budgets unless
/// a test narrows them.
inline indexer::ExtractContext context_for(const TempDir& scratch, std::string item_path,
                                           std::uint64_t budget_entries = indexer::Limits{}.max_entries,
                                           std::uint64_t budget_bytes = indexer::Limits{}.max_total_bytes) {
  indexer::ExtractContext ctx;
  ctx.item_path = std::move(item_path);
  ctx.scratch_dir = scratch.path();
  ctx.budget_bytes = budget_bytes;
  ctx.budget_entries = budget_entries;
  return ctx;
}

inline Extracted extract_with(const indexer::Extractor& extractor, const std::filesystem::path& file,
                              const TempDir& scratch, std::string mime = "") {
  indexer::ExtractContext ctx = context_for(scratch, file.filename().string());
  ctx.mime = std::move(mime);
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
