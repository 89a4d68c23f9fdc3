/** @file
 * @brief Reading a text-like file (plain text, CSV, HTML) up to the text limit: a larger file keeps
 * its beginning, with a warning, rather than failing.
 */
#pragma once

#include "indexer/extract/extractor.hpp"

#include <string>

namespace evidex::indexer {

/// The first ctx.limits.max_text_bytes bytes of the file, cut at a whole UTF-16/32 code unit; when
/// cut, out.warnings says so. Throws ItemError when the file cannot be read.
std::string read_text_input(const std::filesystem::path& file, const ExtractContext& ctx, Extraction& out);

}  // namespace evidex::indexer
