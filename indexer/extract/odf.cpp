/** @file
 * @brief OpenDocument text, spreadsheet and presentation (odt, ods, odp) and their OpenOffice.org
 * 1.x ancestors (sxw, sxc, sxi), which share the package layout and the element names.
 */
#include "indexer/extract/handlers.hpp"
#include "indexer/extract/office_common.hpp"
#include "indexer/extract/merged_cells.hpp"
#include "indexer/extract/sheet_text.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/text_encoding.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <utility>
#include <vector>

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
      true,
      {"frame"},
      {"image"},
      {"object", "object-ole"}};
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

/// number-columns-repeated / number-rows-repeated: 1 when absent or not a positive number.
std::size_t repeat_count(const xmlNode* n, std::string_view attribute_name) {
  std::string value = attribute(n, attribute_name);
  char* end = nullptr;
  unsigned long count = std::strtoul(value.c_str(), &end, 10);
  return (end != value.c_str() && count > 0) ? static_cast<std::size_t>(count) : 1;
}

/// A cell's text without its annotation, which goes to `annotations`.
std::string cell_text(const xmlNode* cell, std::string& annotations) {
  std::string text;
  for (const xmlNode* n = cell->children; n; n = n->next) {
    if (is_element(n, "annotation")) {
      append_text(n, odf_rules(), annotations);
    } else {
      append_text(n, odf_rules(), text);  // each paragraph ends in a line break: a space in the row
    }
  }
  return text;
}

/// Collects the table's rows in order: they may sit inside header-rows, row groups and "rows".
void collect_rows(const xmlNode* parent, std::vector<const xmlNode*>& rows, std::string& other_text,
                  int depth) {
  for (const xmlNode* n = parent->children; n; n = n->next) {
    std::string_view name = local_name(n);
    if (n->type != XML_ELEMENT_NODE) {
      continue;
    }
    if (name == "table-row") {
      rows.push_back(n);
    } else if ((name == "table-header-rows" || name == "table-row-group" || name == "table-rows") &&
               depth < 16) {
      collect_rows(n, rows, other_text, depth + 1);
    } else if (name.rfind("table-column", 0) != 0 && name != "table-header-columns") {
      append_text(n, odf_rules(), other_text);  // shapes, text boxes: searchable, not cells
    }
  }
}

/// A row with text that ODF says is repeated more often than this is written this many times:
/// real sheets repeat a few identical rows, and a million copies would only be noise.
constexpr std::size_t kMaxRepeatedRows = 1000;

/// One sheet laid out by SheetTextWriter. Repeats are how ODF compresses identical neighbours: an
/// empty cell or row repeated only moves the position; one with text is written as often as it
/// appears, within kMaxSheetColumns and kMaxRepeatedRows.
void table_text(const xmlNode* table, std::uint64_t max_bytes, std::string& text, std::string& extra) {
  std::vector<const xmlNode*> rows;
  collect_rows(table, rows, extra, 0);
  SheetTextWriter writer(text, max_bytes);
  MergedCells merged;
  std::size_t row_number = 0;
  for (const xmlNode* row : rows) {
    if (writer.full()) {
      break;
    }
    std::vector<std::pair<std::size_t, std::string>> cells;  // column, text
    std::size_t column = 0;
    for (const xmlNode* c = row->children; c; c = c->next) {
      if (!is_element(c, "table-cell") && !is_element(c, "covered-table-cell")) {
        continue;
      }
      std::size_t repeat = repeat_count(c, "number-columns-repeated");
      std::string value = cell_text(c, extra);
      if (is_element(c, "table-cell")) {
        // A spanned cell is the top-left of a merged range: its value is what the covered cells
        // (covered-table-cell, empty in the file) show.
        std::size_t rows_spanned = repeat_count(c, "number-rows-spanned");
        std::size_t columns_spanned = repeat_count(c, "number-columns-spanned");
        merged.add(row_number + 1, column + 1, row_number + rows_spanned, column + columns_spanned);
        merged.anchor(row_number + 1, column + 1, value);
      }
      if (value.find_first_not_of(" \t\r\n") == std::string::npos) {
        column += std::min(repeat, kMaxSheetColumns + 1);
        continue;
      }
      for (std::size_t i = 0; i < repeat && (i == 0 || column < kMaxSheetColumns); ++i) {
        cells.emplace_back(++column, value);
      }
    }
    std::map<std::size_t, std::string> covered = merged.take_row(row_number + 1);
    if (!covered.empty()) {
      std::erase_if(cells, [&](const auto& c) { return covered.count(c.first) > 0; });
      cells.insert(cells.end(), covered.begin(), covered.end());
      std::stable_sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    std::size_t rows_repeated = repeat_count(row, "number-rows-repeated");
    std::size_t copies = cells.empty() ? 0 : std::min(rows_repeated, kMaxRepeatedRows);
    for (std::size_t copy = 0; copy < copies; ++copy) {
      for (const auto& [col, value] : cells) {
        writer.cell(col, value);
      }
      writer.end_row(++row_number);
    }
    // Empty rows (often a million of them closing the sheet) only move the numbering.
    row_number += rows_repeated - copies;
  }
}

void body_text(xmlNode* body, std::uint64_t max_bytes, std::string& text) {
  std::string extra;  // annotations and shapes of the spreadsheets, after all sheets
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
        table_text(n, max_bytes, text, extra);
        text += '\n';
      } else {
        append_text(n, odf_rules(), extra);
      }
    }
  }
  text += extra;
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
    body_text(body, ctx.limits.max_text_bytes, text);
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
