/** @file
 * @brief RTF to text, for the RTF handler and for RTF bodies inside other formats (Outlook .msg).
 */
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace evidex::indexer {

struct RtfText {
  std::string text;                          // valid UTF-8; \par ends a line, \cell is a tab
  std::map<std::string, std::string> meta;   // title, author, subject, created, modified
  bool truncated = false;                    // the groups were never closed (file cut short)
  bool cut_at_limit = false;                 // text reached max_text_bytes
};

/// rtf must start with "{\rtf" (leading junk is the caller's business). Never throws; bounded in
/// nesting depth and output.
RtfText rtf_to_text(std::string_view rtf, std::uint64_t max_text_bytes);

}  // namespace evidex::indexer
