#include "indexer/extract/html_text.hpp"

#include "indexer/util/c_handle.hpp"
#include "indexer/util/text_encoding.hpp"

#include <libxml/HTMLparser.h>

#include <cctype>
#include <cstring>
#include <memory>

namespace evidex::indexer {
namespace {

using HtmlDocPtr = std::unique_ptr<xmlDoc, CFree<xmlFreeDoc>>;

bool name_in(const char* name, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (std::strcmp(name, n) == 0) {
      return true;
    }
  }
  return false;
}

bool is_block(const char* name) {
  return name_in(name, {"p",      "div",     "li",     "tr",     "h1",       "h2",     "h3",      "h4",
                        "h5",     "h6",      "table",  "ul",     "ol",       "dl",     "blockquote",
                        "pre",    "section", "article", "header", "footer",  "hr",     "dt",      "dd",
                        "address", "aside",  "nav",    "main",   "figure",   "figcaption", "caption",
                        "form",   "fieldset", "legend", "details", "summary", "center", "body",
                        "thead",  "tbody",   "tfoot",  "option", "textarea", "menu",   "dir"});
}

// Content that a reader never sees.
bool is_invisible(const char* name) {
  return name_in(name, {"script", "style", "template", "noscript", "head", "meta", "link", "object",
                        "embed", "applet", "iframe", "frame", "svg", "math", "button", "select",
                        "map", "area"});
}

std::string attribute(xmlNode* n, const char* name) {
  std::string out;
  if (xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name))) {
    out = reinterpret_cast<const char*>(v);
    xmlFree(v);
  }
  return out;
}

bool is_hidden(xmlNode* n) {
  if (xmlHasProp(n, reinterpret_cast<const xmlChar*>("hidden"))) {
    return true;
  }
  std::string style = attribute(n, "style");
  if (style.empty()) {
    return false;
  }
  std::string compact;
  for (char c : style) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      compact += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

/// Builds the text as a browser lays it out: runs of white space are one space, blocks start on
/// a new line, table cells are separated by tabs.
class TextBuilder {
public:
  explicit TextBuilder(std::string& out) : m_out(out) {}

  void text(const char* s, bool preformatted) {
    if (preformatted) {
      m_out += s;
      m_space = false;
      return;
    }
    for (const char* p = s; *p; ++p) {
      if (is_space(*p)) {
        m_space = true;
        continue;
      }
      if (m_space && !m_out.empty() && m_out.back() != '\n' && m_out.back() != '\t') {
        m_out += ' ';
      }
      m_space = false;
      m_out += *p;
    }
  }

  void line_break(bool force) {
    trim_trailing();
    m_space = false;
    if (m_out.empty()) {
      return;
    }
    if (m_out.back() != '\n') {
      m_out += '\n';
    } else if (force && (m_out.size() < 2 || m_out[m_out.size() - 2] != '\n')) {
      m_out += '\n';  // <br><br>: one empty line, never more
    }
  }

  void cell() {
    trim_trailing();
    m_space = false;
    if (!m_out.empty() && m_out.back() != '\n') {
      m_out += '\t';
    }
  }

  void space() { m_space = true; }

private:
  void trim_trailing() {
    while (!m_out.empty() && m_out.back() == ' ') {
      m_out.pop_back();
    }
  }

  std::string& m_out;
  bool m_space = false;
};

void take_title(xmlNode* n, HtmlText& out) {
  if (!out.title.empty()) {
    return;
  }
  if (xmlChar* t = xmlNodeGetContent(n)) {
    TextBuilder builder(out.title);
    builder.text(reinterpret_cast<const char*>(t), false);
    xmlFree(t);
  }
}

void collect(xmlNode* node, HtmlText& out, TextBuilder& builder, int depth, bool pre) {
  // Deeply nested markup (a known mail-parser stack-overflow trigger) is cut, not recursed into.
  if (depth > 200) {
    return;
  }
  for (xmlNode* n = node; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content) {
        builder.text(reinterpret_cast<const char*>(n->content), pre);
      }
      continue;
    }
    if (n->type != XML_ELEMENT_NODE || !n->name) {
      continue;
    }
    const char* name = reinterpret_cast<const char*>(n->name);
    if (std::strcmp(name, "title") == 0) {
      take_title(n, out);
      continue;
    }
    if (is_invisible(name) || is_hidden(n)) {
      continue;
    }
    if (std::strcmp(name, "br") == 0) {
      builder.line_break(true);
      continue;
    }
    if (std::strcmp(name, "img") == 0) {
      builder.space();
      continue;
    }
    bool block = is_block(name);
    if (block) {
      builder.line_break(false);
    }
    if (std::strcmp(name, "td") == 0 || std::strcmp(name, "th") == 0) {
      builder.cell();
    }
    collect(n->children, out, builder, depth + 1, pre || std::strcmp(name, "pre") == 0 ||
                                                      std::strcmp(name, "textarea") == 0);
    if (block) {
      builder.line_break(false);
    }
  }
}

}  // namespace

HtmlText html_to_text(std::string_view utf8_html) {
  HtmlText out;
  if (utf8_html.empty()) {
    return out;
  }
  // IGNORE_ENC: the caller has already decoded the page; a <meta charset> in it must not make
  // libxml2 decode the UTF-8 a second time.
  HtmlDocPtr doc{htmlReadMemory(utf8_html.data(), static_cast<int>(utf8_html.size()), nullptr, "UTF-8",
                                HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                    HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC)};
  if (!doc) {
    return out;
  }
  TextBuilder builder(out.text);
  // <title> lives in <head>, which is otherwise invisible: look for it there first.
  xmlNode* root = xmlDocGetRootElement(doc.get());
  for (xmlNode* top = root ? root->children : nullptr; top; top = top->next) {
    if (top->type == XML_ELEMENT_NODE && top->name &&
        std::strcmp(reinterpret_cast<const char*>(top->name), "head") == 0) {
      for (xmlNode* h = top->children; h; h = h->next) {
        if (h->type == XML_ELEMENT_NODE && h->name &&
            std::strcmp(reinterpret_cast<const char*>(h->name), "title") == 0) {
          take_title(h, out);
          break;
        }
      }
    }
  }
  // The title is what a reader sees first (in the tab) and what a search for the page names, so
  // it also opens the text.
  if (!out.title.empty()) {
    out.text = out.title;
    out.text += '\n';
  }
  collect(root, out, builder, 0, false);
  while (!out.text.empty() && (out.text.back() == '\n' || out.text.back() == ' ')) {
    out.text.pop_back();
  }
  out.text = sanitize_utf8(out.text);
  out.title = sanitize_utf8(out.title);
  return out;
}

}  // namespace evidex::indexer
