/** @file
 * @brief HTML to readable text. Used by the HTML handler and by the e-mail handlers for HTML bodies.
 */
#pragma once

#include <string>
#include <string_view>

namespace evidex::indexer {

struct HtmlText {
  std::string title;
  /// The title's line first, then the body: block elements end lines, table cells are separated by
  /// tabs, white space is collapsed outside <pre>; script, style, hidden elements and comments dropped.
  std::string text;
};

/// html must already be UTF-8 (the caller decodes it). Never throws on malformed markup.
HtmlText html_to_text(std::string_view utf8_html);

}  // namespace evidex::indexer
