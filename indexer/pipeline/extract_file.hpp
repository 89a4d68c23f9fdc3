/** @file
 * @brief The text of one file outside any bundle (a template to register), extracted exactly as an
 * ingest extracts an item: detected by content, read by the format's handler in a worker process
 * with the usual limits.
 */
#pragma once

#include "indexer/extract/limits.hpp"

#include <filesystem>
#include <string>

namespace evidex::indexer {

/// Pages are joined by form feeds, as item_text() keeps them. Children (attachments, archive
/// members) are ignored. Throws InputError naming the file when it is not a readable regular file or
/// its handler refuses it ("template.pdf: encrypted PDF: password required"). `scratch_dir` must
/// not exist yet; it is created and removed.
std::string extract_file_text(const std::filesystem::path& file, const std::filesystem::path& scratch_dir,
                              const Limits& limits = {});

}  // namespace evidex::indexer
