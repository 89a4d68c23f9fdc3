/** @file
 * @brief Office Open XML: Word (docx), Excel (xlsx, xlsm) and PowerPoint (pptx) packages, in the
 * Transitional and the Strict (ISO 29500) dialects, and the password-protected ones.
 *
 * Parts are found through the package relationships, with the conventional part names as a
 * fallback, because real uploads include packages whose .rels point at nothing.
 */
#include "indexer/extract/children.hpp"
#include "indexer/extract/handlers.hpp"
#include "indexer/extract/office_common.hpp"
#include "indexer/extract/ole_package.hpp"
#include "indexer/extract/merged_cells.hpp"
#include "indexer/extract/sheet_text.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/text_encoding.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <optional>
#include <set>

namespace evidex::indexer {
namespace {

struct Relationship {
  std::string type;    // last segment of the type URI: "slide", "header", "officeDocument"
  std::string target;  // resolved part name, without a leading '/'
};

using Relationships = std::map<std::string, Relationship>;  // by id

std::string directory_of(std::string_view part) {
  auto slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

std::string file_of(std::string_view part) {
  auto slash = part.rfind('/');
  return std::string(slash == std::string_view::npos ? part : part.substr(slash + 1));
}

/// target relative to the part that refers to it, '..' resolved, never escaping the package root.
std::string resolve_target(std::string_view source_part, std::string_view target) {
  std::string joined = !target.empty() && target.front() == '/'
                           ? std::string(target.substr(1))
                           : directory_of(source_part) + std::string(target);
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= joined.size()) {
    std::size_t slash = joined.find('/', start);
    if (slash == std::string::npos) {
      slash = joined.size();
    }
    std::string seg = joined.substr(start, slash - start);
    if (seg == "..") {
      if (!parts.empty()) {
        parts.pop_back();
      }
    } else if (!seg.empty() && seg != ".") {
      parts.push_back(seg);
    }
    start = slash + 1;
  }
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) {
      out += '/';
    }
    out += p;
  }
  return out;
}

Relationships read_relationships(const ZipPackage& pkg, std::string_view source_part) {
  Relationships rels;
  std::string rels_name = directory_of(source_part) + "_rels/" + file_of(source_part) + ".rels";
  const std::string* bytes = pkg.part(rels_name);
  if (!bytes) {
    return rels;
  }
  XmlDocPtr doc = parse_xml(*bytes);
  if (!doc) {
    return rels;
  }
  for (xmlNode* n = xmlDocGetRootElement(doc.get()) ? xmlDocGetRootElement(doc.get())->children
                                                    : nullptr;
       n; n = n->next) {
    if (!is_element(n, "Relationship") || attribute(n, "TargetMode") == "External") {
      continue;
    }
    std::string type = attribute(n, "Type");
    auto slash = type.rfind('/');
    rels[attribute(n, "Id")] =
        Relationship{slash == std::string::npos ? type : type.substr(slash + 1),
                     resolve_target(source_part, attribute(n, "Target"))};
  }
  return rels;
}

std::vector<std::string> targets_of_type(const Relationships& rels, std::string_view type) {
  std::vector<std::string> out;
  for (const auto& [id, rel] : rels) {
    if (rel.type == type) {
      out.push_back(rel.target);
    }
  }
  return out;
}

/// Parts named dir + prefix + anything + ".xml" (the conventional names), in natural order.
std::vector<std::string> parts_named(const ZipPackage& pkg, std::string_view dir,
                                     std::string_view prefix) {
  std::vector<std::string> out;
  std::string lwant = ascii_lower(std::string(dir) + std::string(prefix));
  for (const auto& name : pkg.names()) {
    std::string lname = ascii_lower(name);
    if (lname.rfind(lwant, 0) == 0 && lname.size() > 4 &&
        lname.substr(lname.size() - 4) == ".xml" &&
        lname.find('/', lwant.size()) == std::string::npos) {
      out.push_back(name);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const std::string& a, const std::string& b) { return natural_less(a, b); });
  return out;
}

/// Relationship targets of a type, plus conventionally named parts that no relationship mentions.
std::vector<std::string> related_parts(const ZipPackage& pkg, const Relationships& rels,
                                       std::string_view type, std::string_view dir,
                                       std::string_view prefix) {
  std::vector<std::string> out = targets_of_type(rels, type);
  std::sort(out.begin(), out.end(),
            [](const std::string& a, const std::string& b) { return natural_less(a, b); });
  for (auto& name : parts_named(pkg, dir, prefix)) {
    bool known = std::any_of(out.begin(), out.end(), [&](const std::string& t) {
      return ascii_lower(t) == ascii_lower(name);
    });
    if (!known) {
      out.push_back(name);
    }
  }
  return out;
}

class OoxmlReader {
public:
  OoxmlReader(const ZipPackage& pkg, Extraction& out) : m_pkg(pkg), m_out(out) {}

  /// Parsed part, or null (with a warning when the part exists but is not XML).
  XmlDocPtr load(std::string_view part) {
    const std::string* bytes = m_pkg.part(part);
    if (!bytes) {
      return nullptr;
    }
    XmlDocPtr doc = parse_xml(*bytes);
    if (!doc || !xmlDocGetRootElement(doc.get())) {
      m_out.warnings.push_back("corrupt part " + sanitize_utf8(part) + ": not well-formed XML");
      return nullptr;
    }
    return doc;
  }

  void append_part(std::string_view part, const TextRules& rules, std::string& text) {
    if (XmlDocPtr doc = load(part)) {
      std::size_t before = text.size();
      append_text(xmlDocGetRootElement(doc.get()), rules, text);
      if (text.size() > before && text.back() != '\n') {
        text += '\n';
      }
    }
  }

private:
  const ZipPackage& m_pkg;
  Extraction& m_out;
};

const TextRules& word_rules() {
  static const TextRules rules{
      {"t"},
      {"delText", "instrText", "pPr", "rPr", "sectPr", "tblPr", "trPr", "tcPr", "tblGrid"},
      {"p", "tr"},
      {"tc"},
      {"tab", "ptab"},
      {"br", "cr"},
      false,
      {"drawing", "pict"},
      {"blip", "imagedata"},
      {}};
  return rules;
}

const TextRules& drawing_rules() {
  static const TextRules rules{
      {"t"},
      {"pPr", "rPr", "endParaRPr", "bodyPr", "lstStyle", "tblPr", "tcPr", "spPr", "nvSpPr"},
      {"p", "tr"},
      {"tc"},
      {"tab"},
      {"br"},
      false,
      {},
      {},
      {}};
  return rules;
}

const TextRules& sheet_string_rules() {
  static const TextRules rules{{"t"}, {"rPh", "rPr"}, {"p"}, {}, {}, {}, false, {}, {}, {}};
  return rules;
}

void word_text(const ZipPackage& pkg, OoxmlReader& reader, const std::string& main,
               std::string& text) {
  Relationships rels = read_relationships(pkg, main);
  std::string dir = directory_of(main);
  auto add = [&](std::string_view type, std::string_view prefix) {
    for (const auto& part : related_parts(pkg, rels, type, dir, prefix)) {
      reader.append_part(part, word_rules(), text);
    }
  };
  add("header", "header");
  reader.append_part(main, word_rules(), text);
  add("footnotes", "footnotes");
  add("endnotes", "endnotes");
  add("comments", "comments");
  add("footer", "footer");
}

void presentation_text(const ZipPackage& pkg, OoxmlReader& reader, const std::string& main,
                       std::string& text) {
  Relationships rels = read_relationships(pkg, main);
  std::vector<std::string> slides;
  if (XmlDocPtr doc = reader.load(main)) {
    xmlNode* list = child_element(xmlDocGetRootElement(doc.get()), "sldIdLst");
    for (xmlNode* n = list ? list->children : nullptr; n; n = n->next) {
      auto it = rels.find(attribute(n, "id"));
      if (is_element(n, "sldId") && it != rels.end() && pkg.part(it->second.target)) {
        slides.push_back(it->second.target);
      }
    }
  }
  if (slides.empty()) {
    slides = parts_named(pkg, directory_of(main) + "slides/", "slide");
  }
  for (const auto& slide : slides) {
    reader.append_part(slide, drawing_rules(), text);
    Relationships slide_rels = read_relationships(pkg, slide);
    for (const auto& notes : targets_of_type(slide_rels, "notesSlide")) {
      reader.append_part(notes, drawing_rules(), text);
    }
    text += '\n';
  }
}

/// The column of a cell reference: "C5" -> 3. Nothing when it is not one, or names a column past
/// Excel's last (XFD), which no producer writes.
std::optional<std::size_t> column_of(std::string_view ref) {
  std::size_t column = 0;
  std::size_t letters = 0;
  for (; letters < ref.size() && std::isalpha(static_cast<unsigned char>(ref[letters])); ++letters) {
    if (letters == 3) {
      return std::nullopt;
    }
    int letter = std::toupper(static_cast<unsigned char>(ref[letters])) - 'A' + 1;
    column = column * 26 + static_cast<std::size_t>(letter);
  }
  if (letters == 0 || column > 16384) {
    return std::nullopt;
  }
  return column;
}

/// A row number attribute, or fallback when it is absent or not a number.
std::size_t number_or(const std::string& value, std::size_t fallback) {
  char* end = nullptr;
  unsigned long n = std::strtoul(value.c_str(), &end, 10);
  return (end != value.c_str() && *end == '\0' && n > 0) ? static_cast<std::size_t>(n) : fallback;
}

/// A cell's text as the sheet shows it (shared and inline strings, booleans; numbers as stored).
std::string cell_value(const xmlNode* c, const std::vector<std::string>& shared) {
  std::string type = attribute(c, "t");
  std::string value;
  if (type == "inlineStr") {
    append_text(child_element(c, "is"), sheet_string_rules(), value);
  } else {
    value = node_text(child_element(c, "v"));
    if (type == "s") {
      char* end = nullptr;
      unsigned long index = std::strtoul(value.c_str(), &end, 10);
      value = (end != value.c_str() && index < shared.size()) ? shared[index] : std::string();
    } else if (type == "b") {
      value = value == "1" ? "TRUE" : "FALSE";
    }
  }
  return value;
}

/// Writes a row's cells with the values merged ranges spread over its covered cells: a covered
/// cell takes its range's value (whatever the file stores there, which no one sees).
void write_row_with_covered(SheetTextWriter& writer, std::vector<std::pair<std::size_t, std::string>> cells,
                            const std::map<std::size_t, std::string>& covered) {
  if (!covered.empty()) {
    std::erase_if(cells, [&](const auto& c) { return covered.count(c.first) > 0; });
    cells.insert(cells.end(), covered.begin(), covered.end());
    std::stable_sort(cells.begin(), cells.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  for (const auto& [column, value] : cells) {
    writer.cell(column, value);
  }
}

/// Sheets in workbook order, each as laid out by SheetTextWriter, then the cell comments.
void workbook_text(const ZipPackage& pkg, OoxmlReader& reader, const std::string& main,
                   std::uint64_t max_text_bytes, std::string& text) {
  Relationships rels = read_relationships(pkg, main);
  std::string dir = directory_of(main);

  std::vector<std::string> shared;
  for (const auto& part : related_parts(pkg, rels, "sharedStrings", dir, "sharedStrings")) {
    if (XmlDocPtr doc = reader.load(part)) {
      for (xmlNode* si = xmlDocGetRootElement(doc.get())->children; si; si = si->next) {
        if (is_element(si, "si")) {
          std::string s;
          append_text(si, sheet_string_rules(), s);
          shared.push_back(std::move(s));
        }
      }
    }
    break;  // a workbook has one shared string table
  }

  std::vector<std::pair<std::string, std::string>> sheets;  // name, part
  if (XmlDocPtr doc = reader.load(main)) {
    xmlNode* list = child_element(xmlDocGetRootElement(doc.get()), "sheets");
    for (xmlNode* n = list ? list->children : nullptr; n; n = n->next) {
      auto it = rels.find(attribute(n, "id"));
      if (is_element(n, "sheet")) {
        sheets.emplace_back(attribute(n, "name"),
                            it != rels.end() ? it->second.target : std::string());
      }
    }
  }
  if (std::none_of(sheets.begin(), sheets.end(),
                   [&](const auto& s) { return pkg.part(s.second); })) {
    sheets.clear();
    for (auto& part : parts_named(pkg, dir + "worksheets/", "sheet")) {
      sheets.emplace_back(file_of(part).substr(0, file_of(part).size() - 4), part);
    }
  }

  std::set<std::string> comment_parts;
  for (const auto& [name, part] : sheets) {
    text += name;
    text += '\n';
    XmlDocPtr doc = part.empty() ? nullptr : reader.load(part);
    xmlNode* data = doc ? child_element(xmlDocGetRootElement(doc.get()), "sheetData") : nullptr;
    SheetTextWriter writer(text, max_text_bytes);
    MergedCells merged;
    xmlNode* merge_list = doc ? child_element(xmlDocGetRootElement(doc.get()), "mergeCells") : nullptr;
    for (xmlNode* m = merge_list ? merge_list->children : nullptr; m; m = m->next) {
      if (is_element(m, "mergeCell")) {
        merged.add(attribute(m, "ref"));
      }
    }
    // Rows that only a merged range above reaches (Excel need not write them) come before the
    // next written row.
    auto covered_rows_before = [&](std::size_t row) {
      for (std::size_t p = merged.next_row(); p != 0 && p < row && !writer.full(); p = merged.next_row()) {
        for (const auto& [col, value] : merged.take_row(p)) {
          writer.cell(col, value);
        }
        writer.end_row(p);
      }
    };
    std::size_t row_number = 0;
    for (xmlNode* row = data ? data->children : nullptr; row && !writer.full(); row = row->next) {
      if (!is_element(row, "row")) {
        continue;
      }
      // r is optional: a row without it follows the previous one, and so does a cell.
      row_number = number_or(attribute(row, "r"), row_number + 1);
      covered_rows_before(row_number);
      std::vector<std::pair<std::size_t, std::string>> cells;  // column, value
      std::size_t column = 0;
      for (xmlNode* c = row->children; c; c = c->next) {
        if (is_element(c, "c")) {
          column = column_of(attribute(c, "r")).value_or(column + 1);
          cells.emplace_back(column, cell_value(c, shared));
          merged.anchor(row_number, column, cells.back().second);
        }
      }
      write_row_with_covered(writer, std::move(cells), merged.take_row(row_number));
      writer.end_row(row_number);
    }
    covered_rows_before(std::numeric_limits<std::size_t>::max());
    if (!part.empty()) {
      for (const auto& comments : targets_of_type(read_relationships(pkg, part), "comments")) {
        comment_parts.insert(comments);
      }
    }
    text += '\n';
  }
  for (const auto& part : parts_named(pkg, dir, "comments")) {
    comment_parts.insert(part);
  }
  for (const auto& part : comment_parts) {
    if (XmlDocPtr doc = reader.load(part)) {
      xmlNode* list = child_element(xmlDocGetRootElement(doc.get()), "commentList");
      for (xmlNode* c = list ? list->children : nullptr; c; c = c->next) {
        if (is_element(c, "comment")) {
          append_text(child_element(c, "text"), sheet_string_rules(), text);
          text += '\n';
        }
      }
    }
  }
}

void core_properties(const ZipPackage& pkg, OoxmlReader& reader, Extraction& out) {
  std::vector<std::string> candidates =
      targets_of_type(read_relationships(pkg, ""), "core-properties");
  candidates.push_back("docProps/core.xml");
  for (const auto& part : candidates) {
    if (XmlDocPtr doc = reader.load(part)) {
      read_document_properties(xmlDocGetRootElement(doc.get()), out);
      return;
    }
  }
}

std::string label_for(std::string_view mime) {
  if (mime.find("wordprocessingml") != std::string_view::npos) {
    return "DOCX";
  }
  if (mime.find("presentationml") != std::string_view::npos) {
    return "PPTX";
  }
  if (mime.find("macroEnabled") != std::string_view::npos) {
    return "XLSM";
  }
  if (mime.find("spreadsheetml") != std::string_view::npos) {
    return "XLSX";
  }
  return "OOXML";
}

bool is_embedding(std::string_view name) {
  std::string l = ascii_lower(name);
  for (std::string_view dir : {"word/embeddings/", "ppt/embeddings/", "xl/embeddings/"}) {
    if (l.rfind(dir, 0) == 0 && l.size() > dir.size()) {
      return true;
    }
  }
  return false;
}

/// Largest OLE object whose wrapped file is unwrapped in memory; bigger ones stay as the .bin.
constexpr std::uint64_t kMaxOleUnwrapBytes = 128ull << 20;

/// Replaces each OLE object child (word/embeddings/oleObject1.bin) by the file it wraps, named
/// word/embeddings/oleObject1/<its original name>, so the pipeline sees the embedded PDF itself.
void unwrap_ole_children(ExtractContext& ctx, Extraction& out) {
  std::vector<Child> children = std::move(out.children);
  out.children.clear();
  ChildWriter writer(ctx, out, "embedded file", ChildWriter::WhenRefused::record);
  for (auto& child : children) {
    std::string lname = ascii_lower(child.name);
    std::optional<OlePackagedFile> inner;
    if (child.error.empty() && lname.size() > 4 && lname.substr(lname.size() - 4) == ".bin") {
      inner = unwrap_ole_package(child.file, kMaxOleUnwrapBytes);
    }
    if (!inner) {
      // Already written and counted: kept as it is.
      out.children.push_back(std::move(child));
      continue;
    }
    std::error_code ec;
    std::uint64_t wrapper_size = std::filesystem::file_size(child.file, ec);
    if (!ec && std::filesystem::remove(child.file, ec)) {
      ctx.budget_bytes += wrapper_size;
      out.expanded_bytes -= std::min(out.expanded_bytes, wrapper_size);
      ++ctx.budget_entries;
    }
    std::string label = is_valid_utf8(inner->name)
                            ? inner->name
                            : convert_to_utf8(inner->name, "windows-1252").value_or("");
    std::string stem = child.name.substr(0, child.name.size() - 4);
    writer.add(safe_child_name(stem + "/" + safe_child_name(label, "contents"), "embedded"), inner->bytes);
  }
}

class OoxmlExtractor final : public Extractor {
public:
  std::string_view name() const override { return "ooxml"; }

  Extraction extract(const std::filesystem::path& file, ExtractContext& ctx) const override {
    if (ctx.mime == "application/vnd.ms-excel.sheet.binary.macroEnabled.12") {
      throw ItemError(ctx.item_path, "unsupported format: Excel binary workbook (.xlsb)");
    }
    std::string label = label_for(ctx.mime);
    Extraction out;
    ZipPackage pkg(file, ctx, out, label, is_embedding);
    OoxmlReader reader(pkg, out);

    std::string main;
    for (const auto& target : targets_of_type(read_relationships(pkg, ""), "officeDocument")) {
      if (pkg.part(target) || std::any_of(pkg.names().begin(), pkg.names().end(),
                                          [&](const std::string& n) { return n == target; })) {
        main = target;
        break;
      }
    }
    if (main.empty()) {
      for (std::string_view conventional :
           {"word/document.xml", "xl/workbook.xml", "ppt/presentation.xml"}) {
        if (pkg.part(conventional)) {
          main = conventional;
          break;
        }
      }
    }
    if (main.size() > 4 && main.substr(main.size() - 4) == ".bin") {
      throw ItemError(ctx.item_path, "unsupported format: Excel binary workbook (.xlsb)");
    }
    XmlDocPtr main_doc = main.empty() ? nullptr : reader.load(main);
    if (!main_doc && pkg.part(main)) {
      // libxml2 also refuses entity-expansion bombs this way.
      throw ItemError(ctx.item_path,
                      "corrupt " + label + ": " + sanitize_utf8(main) + " is not well-formed XML");
    }
    if (!main_doc) {
      // A download that stopped before the body is the commonest cause: say so, so that the
      // apprentice knows to upload the file again rather than to repair it.
      const std::string cut_prefix = "corrupt " + label + ": package cut short";
      auto cut = std::find_if(out.warnings.begin(), out.warnings.end(),
                              [&](const std::string& w) { return w.rfind(cut_prefix, 0) == 0; });
      std::string why =
          cut == out.warnings.end() ? std::string() : "; the package was cut short" + cut->substr(cut_prefix.size());
      throw ItemError(ctx.item_path, "corrupt " + label + ": no main document part" +
                                         (main.empty() ? std::string() : " (" + sanitize_utf8(main) + ")") + why);
    }
    std::string root(local_name(xmlDocGetRootElement(main_doc.get())));
    main_doc.reset();

    std::string text;
    if (root == "document") {
      word_text(pkg, reader, main, text);
    } else if (root == "workbook") {
      workbook_text(pkg, reader, main, ctx.limits.max_text_bytes, text);
    } else if (root == "presentation") {
      presentation_text(pkg, reader, main, text);
    } else {
      throw ItemError(ctx.item_path,
                      "unsupported format: OOXML main part <" + sanitize_utf8(root) + ">");
    }
    // A damaged package that still gave text is a partial success; one that gave none is a failure
    // the apprentice must hear about, not an empty "ok".
    auto damage = std::find_if(out.warnings.begin(), out.warnings.end(),
                               [](const std::string& w) { return w.rfind("corrupt ", 0) == 0; });
    if (damage != out.warnings.end() && text.find_first_not_of(" \t\r\n\f") == std::string::npos) {
      throw ItemError(ctx.item_path, *damage + "; no text could be recovered");
    }
    core_properties(pkg, reader, out);
    unwrap_ole_children(ctx, out);
    out.pages.push_back(finish_text(std::move(text), ctx.limits.max_text_bytes, out.warnings));
    return out;
  }
};

class EncryptedOfficeExtractor final : public Extractor {
public:
  std::string_view name() const override { return "encrypted-office"; }
  Extraction extract(const std::filesystem::path&, ExtractContext& ctx) const override {
    throw ItemError(ctx.item_path, "encrypted Office document: password required");
  }
};

}  // namespace

std::shared_ptr<const Extractor> make_ooxml_extractor() {
  return std::make_shared<OoxmlExtractor>();
}

std::shared_ptr<const Extractor> make_encrypted_office_extractor() {
  return std::make_shared<EncryptedOfficeExtractor>();
}

}  // namespace evidex::indexer
