/** @file
 * @brief OpenDocument text, spreadsheet and presentation (odt, ods, odp) and their OpenOffice.org
 * 1.x ancestors (sxw, sxc, sxi), which share the package layout and the element names.
 */
#include "indexer/extract/handlers.hpp"
#include "indexer/extract/office_common.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/text_encoding.hpp"

namespace evidex::indexer {
namespace {

const TextRules& odf_rules() {
  // Deleted revisions, declarations and annotation authors/dates are not the document's text.
  static const TextRules rules{
      {},
      {"tracked-changes", "sequence-decls", "variable-decls", "user-field-decls", "forms",
       "scripts", "font-face-decls", "automatic-styles", "creator", "date", "page-thumbnail",
       // Fields whose text is a placeholder or a counter ("???", "Page 1 / 99"), not content.
       "page-number", "page-count", "sheet-name", "time", "file-name"},
      {"p", "h", "table-row"},
      {"table-cell", "covered-table-cell"},
      {"tab"},
      {"line-break"},
      true};
  return rules;
}

bool content_is_encrypted(const std::string* manifest) {
  if (!manifest) {
    return false;
  }
  XmlDocPtr doc = parse_xml(*manifest);
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  for (xmlNode* n = root ? root->children : nullptr; n; n = n->next) {
    if (is_element(n, "file-entry") && attribute(n, "full-path") == "content.xml" &&
        child_element(n, "encryption-data")) {
      return true;
    }
  }
  return false;
}

void body_text(xmlNode* body, std::string& text) {
  for (xmlNode* kind = body ? body->children : nullptr; kind; kind = kind->next) {
    if (kind->type != XML_ELEMENT_NODE) {
      continue;
    }
    if (local_name(kind) != "spreadsheet") {
      append_text(kind, odf_rules(), text);
      continue;
    }
    // Sheet names are what a reader navigates a workbook by.
    for (xmlNode* n = kind->children; n; n = n->next) {
      if (is_element(n, "table")) {
        text += sanitize_utf8(attribute(n, "name"));
        text += '\n';
      }
      append_text(n, odf_rules(), text);
      text += '\n';
    }
  }
}

void header_footer_text(const std::string* styles, std::string& text) {
  XmlDocPtr doc = styles ? parse_xml(*styles) : nullptr;
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  xmlNode* masters = child_element(root, "master-styles");
  for (xmlNode* page = masters ? masters->children : nullptr; page; page = page->next) {
    for (xmlNode* n = page->children; n; n = n->next) {
      std::string_view name = local_name(n);
      if (n->type == XML_ELEMENT_NODE &&
          (name == "header" || name == "footer" || name == "header-left" || name == "footer-left" ||
           name == "header-first" || name == "footer-first")) {
        append_text(n, odf_rules(), text);
      }
    }
  }
}

void meta_properties(const std::string* meta_xml, Extraction& out) {
  XmlDocPtr doc = meta_xml ? parse_xml(*meta_xml) : nullptr;
  xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  read_document_properties(child_element(root, "meta"), out);
}

class OdfExtractor final : public Extractor {
public:
  std::string_view name() const override { return "odf"; }

  Extraction extract(const std::filesystem::path& file, ExtractContext& ctx) const override {
    Extraction out;
    ZipPackage pkg(file, ctx, out, "OpenDocument", [](std::string_view) { return false; });
    if (content_is_encrypted(pkg.part("META-INF/manifest.xml"))) {
      throw ItemError(ctx.item_path, "encrypted OpenDocument: password required");
    }
    const std::string* content = pkg.part("content.xml");
    if (!content) {
      throw ItemError(ctx.item_path, "corrupt OpenDocument: no content.xml");
    }
    XmlDocPtr doc = parse_xml(*content);
    xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
    if (!root) {
      throw ItemError(ctx.item_path, "corrupt OpenDocument: content.xml is not well-formed XML");
    }
    std::string text;
    xmlNode* body = child_element(root, "body");
    // Spreadsheets and presentations only have the default "sheet name / page n" headers there.
    if (child_element(body, "text")) {
      header_footer_text(pkg.part("styles.xml"), text);
    }
    body_text(body, text);
    meta_properties(pkg.part("meta.xml"), out);
    out.pages.push_back(finish_text(std::move(text), ctx.limits.max_text_bytes, out.warnings));
    return out;
  }
};

}  // namespace

std::shared_ptr<const Extractor> make_odf_extractor() {
  return std::make_shared<OdfExtractor>();
}

}  // namespace evidex::indexer
