/** @file
 * @brief HTML to readable text. Used by the HTML handler and by the e-mail handlers for HTML bodies.
 */
#pragma once

#include <string>
#include <string_view>

namespace evidex::indexer {

struct HtmlText {
  std::string title;
  std::string text;  // block elements end lines; script, style and comments dropped
};

/// html must already be UTF-8 (the caller decodes it). Never throws on malformed markup.
HtmlText html_to_text(std::string_view utf8_html);

}  // namespace evidex::indexer
