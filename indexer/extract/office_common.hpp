/** @file
 * @brief What the zip-and-XML office formats (OOXML, OpenDocument) share: reading the package's
 * parts with a size cap, parsing XML safely, walking XML into text, and normalising dates.
 */
#pragma once

#include "indexer/extract/extractor.hpp"
#include "indexer/util/c_handle.hpp"

#include <libxml/tree.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::indexer {

/// Largest XML part kept in memory. A DOM costs several times its text, and the worker has 1 GiB:
/// 32 MiB of XML is a 200k-row sheet, far more than any showcase spreadsheet.
inline constexpr std::uint64_t kMaxXmlPartBytes = 32ull << 20;
/// All XML parts of one package together, for the same reason.
inline constexpr std::uint64_t kMaxPackageXmlBytes = 160ull << 20;

/// The parts of a zip package. XML-like parts (.xml, .rels, .vml) are kept in memory; parts for
/// which is_child(name) holds are written as children while the package is read; the rest is
/// skipped. A package truncated after some parts keeps what it read and adds a warning.
class ZipPackage {
public:
  /// label names the format in messages ("DOCX"). Throws ItemError "corrupt <label>: ..." when the
  /// file is not a zip at all, and "encrypted Office document: ..." when it is the OLE2 wrapper of
  /// a password-protected OOXML file.
  ZipPackage(const std::filesystem::path& file, ExtractContext& ctx, Extraction& out,
             std::string_view label, const std::function<bool(std::string_view)>& is_child);

  /// The part's bytes, looked up case-insensitively (OOXML part names are), without a leading '/';
  /// null when absent or skipped.
  const std::string* part(std::string_view name) const;
  /// Names of all entries, in zip order, as stored.
  const std::vector<std::string>& names() const { return m_names; }

private:
  std::map<std::string, std::string> m_parts;  // key: lower-cased name
  std::vector<std::string> m_names;
};

using XmlDocPtr = std::unique_ptr<xmlDoc, CFree<xmlFreeDoc>>;

/// Parses without network access, DTD loading or entity substitution, so XXE and entity bombs do
/// not apply. Null when the bytes are not well-formed XML.
XmlDocPtr parse_xml(std::string_view bytes);

/// Element's name without its namespace prefix: OOXML Transitional and Strict differ only in
/// namespaces, so handlers match local names.
std::string_view local_name(const xmlNode* node);
bool is_element(const xmlNode* node, std::string_view local);
/// First child element with this local name, or null.
xmlNode* child_element(const xmlNode* node, std::string_view local);
/// Attribute value by local name (any namespace); empty when absent.
std::string attribute(const xmlNode* node, std::string_view local);
/// Concatenated text of node and its descendants.
std::string node_text(const xmlNode* node);

/// How a format's XML becomes text. Element names are local names.
struct TextRules {
  /// Only text inside these elements counts (OOXML: "t"); empty: every text node counts (ODF).
  std::vector<std::string_view> text_elements;
  /// Subtrees dropped (deleted revisions, field codes, phonetic hints).
  std::vector<std::string_view> skip;
  /// Elements that end a line (paragraphs, table rows).
  std::vector<std::string_view> line_after;
  /// Elements that end a table cell (a tab).
  std::vector<std::string_view> cell_after;
  /// Empty elements that stand for a tab, a line break.
  std::vector<std::string_view> tab;
  std::vector<std::string_view> line_break;
  /// ODF's <text:s text:c="3"/> for runs of spaces.
  bool odf_spaces = false;
  /// Where a picture sits, k_picture_marker is written, so that a signature pasted as a picture
  /// shows in its table cell ("Apprentice signature\t[image]"). A picture is an element named in
  /// picture_frames that holds an element named in picture_content and none in not_pictures (OOXML:
  /// a drawing holding a:blip; ODF: a frame holding draw:image but no draw:object, whose image is
  /// only a chart's preview). A frame's own text (a text box) is still walked.
  std::vector<std::string_view> picture_frames;
  std::vector<std::string_view> picture_content;
  std::vector<std::string_view> not_pictures;
};

/// What append_text writes between the paragraphs or lines of one table cell (U+2028, UTF-8), so that
/// a table row stays one line of text.
inline constexpr std::string_view k_line_separator = "\xE2\x80\xA8";

/// What append_text writes where a document shows a picture.
inline constexpr std::string_view k_picture_marker = "[image]";

/// Appends node's text to out. mc:AlternateContent contributes its first choice only (the fallback
/// repeats the same text box).
void append_text(const xmlNode* node, const TextRules& rules, std::string& out);

/// A date as meta wants it: "YYYY-MM-DDTHH:MM:SSZ" (converted to UTC when an offset is given;
/// taken as UTC when none is) or "YYYY-MM-DD". Empty when value is not an ISO 8601 date.
std::string normalise_date(std::string_view value);

/// Title, subject, author and dates from the element children of a Dublin Core / ODF meta block
/// (docProps/core.xml's root, meta.xml's office:meta) into out.meta. ODF's initial-creator is the
/// author; dc:creator is the author only when nothing better is there (in ODF it is the last editor).
void read_document_properties(const xmlNode* parent, Extraction& out);

/// Text trimmed of blank lines at the ends, cut to max_bytes at a UTF-8 boundary (with a warning).
std::string finish_text(std::string text, std::uint64_t max_bytes,
                        std::vector<std::string>& warnings);

/// ASCII lower case, for part names (OOXML compares them case-insensitively).
std::string ascii_lower(std::string_view s);

/// Orders "sheet2.xml" before "sheet10.xml".
bool natural_less(std::string_view a, std::string_view b);

/// Whether the file starts like an OLE2 compound file holding an "EncryptedPackage" stream, which
/// is how Office stores a password-protected docx/xlsx/pptx.
bool is_encrypted_ooxml(const std::filesystem::path& file);

}  // namespace evidex::indexer
