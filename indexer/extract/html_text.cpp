#include "indexer/extract/html_text.hpp"

#include "indexer/util/c_handle.hpp"
#include "indexer/util/text_encoding.hpp"

#include <libxml/HTMLparser.h>

#include <cstring>
#include <memory>

namespace evidex::indexer {
namespace {

using HtmlDocPtr = std::unique_ptr<xmlDoc, CFree<xmlFreeDoc>>;

bool is_block(const char* name) {
  static constexpr const char* blocks[] = {
      "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
      "blockquote", "pre", "section", "article", "header", "footer", "hr", "dt", "dd", "title"};
  for (const char* b : blocks) {
    if (std::strcmp(name, b) == 0) {
      return true;
    }
  }
  return false;
}

void collect(xmlNode* node, HtmlText& out, int depth) {
  // Deeply nested markup (a known mail-parser stack-overflow trigger) is cut, not recursed into.
  if (depth > 200) {
    return;
  }
  for (xmlNode* n = node; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content) {
        out.text += reinterpret_cast<const char*>(n->content);
      }
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) {
      continue;
    }
    const char* name = reinterpret_cast<const char*>(n->name);
    if (std::strcmp(name, "script") == 0 || std::strcmp(name, "style") == 0) {
      continue;
    }
    if (std::strcmp(name, "title") == 0 && out.title.empty() && n->children) {
      xmlChar* t = xmlNodeGetContent(n);
      if (t) {
        out.title = reinterpret_cast<const char*>(t);
        xmlFree(t);
      }
    }
    bool block = is_block(name);
    if (block && !out.text.empty() && out.text.back() != '\n') {
      out.text += '\n';
    }
    if (std::strcmp(name, "td") == 0 || std::strcmp(name, "th") == 0) {
      out.text += '\t';
    }
    collect(n->children, out, depth + 1);
    if (block && !out.text.empty() && out.text.back() != '\n') {
      out.text += '\n';
    }
  }
}

}  // namespace

HtmlText html_to_text(std::string_view utf8_html) {
  HtmlText out;
  if (utf8_html.empty()) {
    return out;
  }
  HtmlDocPtr doc{htmlReadMemory(utf8_html.data(), static_cast<int>(utf8_html.size()), nullptr, "UTF-8",
                                HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                    HTML_PARSE_NONET | HTML_PARSE_COMPACT)};
  if (!doc) {
    return out;
  }
  collect(xmlDocGetRootElement(doc.get()), out, 0);
  out.text = sanitize_utf8(out.text);
  out.title = sanitize_utf8(out.title);
  return out;
}

}  // namespace evidex::indexer
