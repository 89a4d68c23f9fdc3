/** @file
 * @brief Generic XML: the text of its elements, one element per line. Entities are never
 * substituted and nothing is fetched, so a billion-laughs or XXE file yields its literal text only.
 */
#include "indexer/extract/handlers.hpp"
#include "indexer/util/c_handle.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/file_io.hpp"
#include "indexer/util/text_encoding.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <memory>

namespace evidex::indexer {
namespace {

using XmlDocPtr = std::unique_ptr<xmlDoc, CFree<xmlFreeDoc>>;
using XmlParserPtr = std::unique_ptr<xmlParserCtxt, CFree<xmlFreeParserCtxt>>;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class XmlText {
public:
  explicit XmlText(std::uint64_t max_bytes) : m_max(max_bytes) {}

  void text(std::string_view s) {
    for (char c : s) {
      if (is_space(c)) {
        m_space = true;
        continue;
      }
      if (m_out.size() >= m_max) {
        m_full = true;
        return;
      }
      if (m_space && !m_out.empty() && m_out.back() != '\n') {
        m_out += ' ';
      }
      m_space = false;
      m_out += c;
    }
  }

  void boundary() {
    m_space = false;
    if (!m_out.empty() && m_out.back() != '\n') {
      m_out += '\n';
    }
  }

  std::string take() {
    while (!m_out.empty() && m_out.back() == '\n') {
      m_out.pop_back();
    }
    return sanitize_utf8(m_out);
  }
  bool full() const { return m_full; }

private:
  std::uint64_t m_max;
  std::string m_out;
  bool m_space = false;
  bool m_full = false;
};

void collect(xmlNode* node, XmlText& out, int depth) {
  // libxml2 already refuses nesting past 256 without XML_PARSE_HUGE; this keeps the walk bounded
  // even if that changes.
  if (depth > 300) {
    return;
  }
  for (xmlNode* n = node; n && !out.full(); n = n->next) {
    switch (n->type) {
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        if (n->content) {
          out.text(reinterpret_cast<const char*>(n->content));
        }
        break;
      case XML_ELEMENT_NODE:
        out.boundary();
        collect(n->children, out, depth + 1);
        out.boundary();
        break;
      default:
        break;  // comments, processing instructions, unsubstituted entity references
    }
  }
}

/// What is left of a file libxml2 rejects: its decoded text with everything between < and >
/// removed.
std::string strip_tags(std::string_view utf8, std::uint64_t max_bytes) {
  XmlText out(max_bytes);
  std::size_t i = 0;
  while (i < utf8.size() && !out.full()) {
    std::size_t lt = utf8.find('<', i);
    out.text(utf8.substr(i, lt == std::string_view::npos ? std::string_view::npos : lt - i));
    if (lt == std::string_view::npos) {
      break;
    }
    std::size_t gt = std::string_view::npos;
    if (utf8.compare(lt, 4, "<!--") == 0) {
      gt = utf8.find("-->", lt);
      gt = gt == std::string_view::npos ? gt : gt + 2;
    } else if (utf8.compare(lt, 9, "<!DOCTYPE") == 0) {
      // An internal subset holds '>' of its own declarations: skip to its "]>".
      std::size_t bracket = utf8.find('[', lt);
      gt = utf8.find('>', lt);
      if (bracket != std::string_view::npos && bracket < gt) {
        gt = utf8.find("]>", bracket);
        gt = gt == std::string_view::npos ? gt : gt + 1;
      }
    } else {
      gt = utf8.find('>', lt);
    }
    if (gt == std::string_view::npos) {
      break;
    }
    out.boundary();
    i = gt + 1;
  }
  return out.take();
}

class XmlExtractor final : public Extractor {
public:
  std::string_view name() const override { return "xml"; }

  Extraction extract(const std::filesystem::path& file, ExtractContext& ctx) const override {
    std::string bytes = read_file_capped(file, ctx.limits.max_text_bytes, ctx.item_path);
    if (bytes.empty()) {
      throw ItemError(ctx.item_path, "empty: zero-byte XML file");
    }
    Extraction out;
    XmlParserPtr parser{xmlNewParserCtxt()};
    if (!parser) {
      throw ItemError(ctx.item_path, "out of memory: cannot create an XML parser");
    }
    // No NOENT (entities stay references), no DTDLOAD, no HUGE: the safe defaults, spelled out.
    XmlDocPtr doc{xmlCtxtReadMemory(parser.get(), bytes.data(), static_cast<int>(bytes.size()), nullptr,
                                    nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)};
    if (doc && parser->wellFormed) {
      XmlText text(ctx.limits.max_text_bytes);
      collect(xmlDocGetRootElement(doc.get()), text, 0);
      if (text.full()) {
        out.warnings.push_back("limit exceeded: text cut at " + std::to_string(ctx.limits.max_text_bytes) +
                               " bytes");
      }
      out.pages.push_back(text.take());
      return out;
    }
    std::string reason = "not well-formed";
    if (parser->lastError.message) {
      reason = parser->lastError.message;
      while (!reason.empty() && is_space(reason.back())) {
        reason.pop_back();
      }
      reason += " (line " + std::to_string(parser->lastError.line) + ")";
    }
    std::string text = strip_tags(decode_unlabelled(bytes), ctx.limits.max_text_bytes);
    if (text.empty()) {
      throw ItemError(ctx.item_path, "corrupt XML: " + reason);
    }
    out.warnings.push_back("corrupt XML: " + reason + "; text taken with the tags stripped");
    out.pages.push_back(std::move(text));
    return out;
  }
};

}  // namespace

std::shared_ptr<const Extractor> make_xml_extractor() { return std::make_shared<XmlExtractor>(); }

}  // namespace evidex::indexer
