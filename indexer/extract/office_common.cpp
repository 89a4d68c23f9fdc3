#include "indexer/extract/office_common.hpp"

#include "indexer/extract/children.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/text_encoding.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <libxml/parser.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>

namespace evidex::indexer {
namespace {

using ArchivePtr = std::unique_ptr<archive, CFree<archive_read_free>>;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_xml_part(std::string_view name) {
  std::string l = ascii_lower(name);
  return ends_with(l, ".xml") || ends_with(l, ".rels") || ends_with(l, ".vml");
}

bool contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::string archive_error(archive* a) {
  const char* e = archive_error_string(a);
  return e ? sanitize_utf8(e) : "unknown error";
}

// xmlFree is a variable (a settable allocator hook), not a function, so CFree needs this shim.
void free_xml(xmlChar* p) {
  xmlFree(p);
}

// Deep enough for nested tables in any real document; libxml2 itself stops at 256 levels.
constexpr int kMaxXmlDepth = 300;

void walk_node(const xmlNode* n, const TextRules& rules, std::string& out, bool in_text, int depth);

/// Whether a descendant of n is named in `names`, looking no deeper than kMaxPictureDepth levels
/// (a:blip sits six levels under w:drawing).
constexpr int kMaxPictureDepth = 12;
bool has_descendant(const xmlNode* n, const std::vector<std::string_view>& names, int depth) {
  for (const xmlNode* c = n->children; c && depth < kMaxPictureDepth; c = c->next) {
    if (c->type == XML_ELEMENT_NODE &&
        (contains(names, local_name(c)) || has_descendant(c, names, depth + 1))) {
      return true;
    }
  }
  return false;
}

bool is_picture(const xmlNode* n, const TextRules& rules) {
  return contains(rules.picture_frames, local_name(n)) &&
         has_descendant(n, rules.picture_content, 0) && !has_descendant(n, rules.not_pictures, 0);
}

/// Whether walking a cell left nothing but line breaks: out has no text past `start`, and the
/// character before it is unchanged or became a line break (an empty paragraph turns a tab that
/// ends the line into a line break).
bool empty_cell_walk(const std::string& out, std::size_t start, char before) {
  if (out.size() < start) {
    return false;
  }
  if (start > 0 && out[start - 1] != before && out[start - 1] != '\n') {
    return false;
  }
  return out.find_first_not_of('\n', start) == std::string::npos;
}

void walk_children(const xmlNode* first, const TextRules& rules, std::string& out, bool in_text,
                   int depth) {
  if (depth > kMaxXmlDepth) {
    return;
  }
  for (const xmlNode* n = first; n; n = n->next) {
    walk_node(n, rules, out, in_text, depth);
  }
}

void walk_node(const xmlNode* n, const TextRules& rules, std::string& out, bool in_text,
               int depth) {
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    if (in_text && n->content) {
      out += reinterpret_cast<const char*>(n->content);
    }
    return;
  }
  if (n->type != XML_ELEMENT_NODE) {
    return;
  }
  std::string_view name = local_name(n);
  if (contains(rules.skip, name)) {
    return;
  }
  if (name == "AlternateContent") {
    for (const xmlNode* c = n->children; c; c = c->next) {
      if (c->type == XML_ELEMENT_NODE) {
        walk_children(c->children, rules, out, in_text, depth + 1);
        break;
      }
    }
    return;
  }
  if (contains(rules.tab, name)) {
    out += '\t';
    return;
  }
  if (contains(rules.line_break, name)) {
    out += '\n';
    return;
  }
  if (rules.odf_spaces && name == "s") {
    std::string c = attribute(n, "c");
    int count = c.empty() ? 1 : std::clamp(std::atoi(c.c_str()), 1, 1000);
    out.append(static_cast<std::size_t>(count), ' ');
    return;
  }
  if (is_picture(n, rules)) {
    if (!out.empty() && !std::isspace(static_cast<unsigned char>(out.back()))) {
      out += ' ';
    }
    out += k_picture_marker;
  }
  bool text_here = in_text || rules.text_elements.empty() || contains(rules.text_elements, name);
  bool cell = contains(rules.cell_after, name);
  std::size_t cell_start = out.size();
  char before_cell = out.empty() ? '\0' : out.back();
  walk_children(n->children, rules, out, text_here, depth + 1);
  if (cell && empty_cell_walk(out, cell_start, before_cell)) {
    // An empty cell's paragraph would end the line (or turn the tab before it into a line break),
    // cutting its row in two; it is kept as an empty column instead, so that a blank cell in a
    // table ("3K3\t" beside no evidence) stays on its row.
    out.resize(cell_start);
    if (cell_start > 0) {
      out.back() = before_cell;
    }
    out += '\t';
  } else if (cell) {
    // A cell's last paragraph ends the cell, not the line.
    if (!out.empty() && out.back() == '\n') {
      out.back() = '\t';
    } else {
      out += '\t';
    }
    // Its other paragraphs and line breaks separate lines of the cell, not rows of the table: they
    // become U+2028 LINE SEPARATOR, so that a row stays one line ("2K2\tE1 a.pdf\u2028E2 b.txt\t").
    // Empty paragraphs (spacing) add nothing: only a break between two lines with text is kept.
    if (out.find('\n', cell_start) != std::string::npos) {
      std::string inside = out.substr(cell_start);
      out.resize(cell_start);
      bool pending = false;
      for (char c : inside) {
        if (c == '\n') {
          pending = out.size() > cell_start;
        } else {
          if (pending && c != '\t') {
            out += k_line_separator;
          }
          pending = false;
          out += c;
        }
      }
    }
  } else if (contains(rules.line_after, name)) {
    if (!out.empty() && out.back() == '\t') {
      out.back() = '\n';
    } else {
      out += '\n';
    }
  }
}

int digits(std::string_view s, std::size_t pos, std::size_t count) {
  if (pos + count > s.size()) {
    return -1;
  }
  int v = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
      return -1;
    }
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

ZipPackage::ZipPackage(const std::filesystem::path& file, ExtractContext& ctx, Extraction& out,
                       std::string_view label,
                       const std::function<bool(std::string_view)>& is_child) {
  if (is_encrypted_ooxml(file)) {
    throw ItemError(ctx.item_path, "encrypted Office document: password required");
  }
  ArchivePtr a(archive_read_new());
  if (!a) {
    throw ItemError(ctx.item_path, "out of memory: cannot create a zip reader");
  }
  archive_read_support_format_zip(a.get());
  if (archive_read_open_filename(a.get(), file.c_str(), 64 * 1024) != ARCHIVE_OK) {
    throw ItemError(ctx.item_path, "corrupt " + std::string(label) + ": not a zip package (" +
                                       archive_error(a.get()) + ")");
  }
  std::uint64_t kept = 0;
  // A document lists what it embeds: objects past a budget are listed with the reason.
  ChildWriter children(ctx, out, "embedded file", ChildWriter::WhenRefused::record);
  archive_entry* entry = nullptr;
  for (;;) {
    int r = archive_read_next_header(a.get(), &entry);
    if (r == ARCHIVE_EOF) {
      break;
    }
    if (r < ARCHIVE_WARN) {
      if (m_names.empty()) {
        throw ItemError(ctx.item_path,
                        "corrupt " + std::string(label) + ": " + archive_error(a.get()));
      }
      out.warnings.push_back("corrupt " + std::string(label) + ": package cut short after " +
                             std::to_string(m_names.size()) + " parts (" + archive_error(a.get()) +
                             ")");
      break;
    }
    const char* raw = archive_entry_pathname_utf8(entry);
    if (!raw) {
      raw = archive_entry_pathname(entry);
    }
    if (!raw || archive_entry_filetype(entry) == AE_IFDIR) {
      continue;
    }
    std::string name(raw);
    while (!name.empty() && name.front() == '/') {
      name.erase(0, 1);
    }
    m_names.push_back(name);
    if (archive_entry_is_encrypted(entry)) {
      out.warnings.push_back("encrypted part skipped: " + sanitize_utf8(name));
      continue;
    }
    if (is_child(name)) {
      children.add(safe_child_name(name, "embedded"), [&](const ChunkSink& sink) {
        char buf[64 * 1024];
        for (;;) {
          la_ssize_t n = archive_read_data(a.get(), buf, sizeof buf);
          if (n < 0) {
            return "corrupt embedded file: " + archive_error(a.get());
          }
          if (n == 0 || !sink(std::string_view(buf, static_cast<std::size_t>(n)))) {
            return std::string();
          }
        }
      });
      continue;
    }
    if (!is_xml_part(name)) {
      continue;
    }
    std::string bytes;
    bool too_big = false;
    bool failed = false;
    char buf[64 * 1024];
    for (;;) {
      la_ssize_t n = archive_read_data(a.get(), buf, sizeof buf);
      if (n < 0) {
        failed = true;
        break;
      }
      if (n == 0) {
        break;
      }
      if (bytes.size() + static_cast<std::size_t>(n) > kMaxXmlPartBytes ||
          kept + bytes.size() + static_cast<std::size_t>(n) > kMaxPackageXmlBytes) {
        too_big = true;
        break;
      }
      bytes.append(buf, static_cast<std::size_t>(n));
    }
    if (too_big) {
      out.warnings.push_back("limit exceeded: part " + sanitize_utf8(name) + " is larger than " +
                             std::to_string(kMaxXmlPartBytes >> 20) + " MiB and was skipped");
      continue;
    }
    if (failed) {
      out.warnings.push_back("corrupt part " + sanitize_utf8(name) + ": " + archive_error(a.get()));
      continue;
    }
    kept += bytes.size();
    m_parts[ascii_lower(name)] = std::move(bytes);
  }
}

const std::string* ZipPackage::part(std::string_view name) const {
  while (!name.empty() && name.front() == '/') {
    name.remove_prefix(1);
  }
  auto it = m_parts.find(ascii_lower(name));
  return it == m_parts.end() ? nullptr : &it->second;
}

XmlDocPtr parse_xml(std::string_view bytes) {
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX)) {
    return nullptr;
  }
  return XmlDocPtr(
      xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA));
}

std::string_view local_name(const xmlNode* node) {
  return node && node->name ? std::string_view(reinterpret_cast<const char*>(node->name)) : "";
}

bool is_element(const xmlNode* node, std::string_view local) {
  return node && node->type == XML_ELEMENT_NODE && local_name(node) == local;
}

xmlNode* child_element(const xmlNode* node, std::string_view local) {
  for (xmlNode* c = node ? node->children : nullptr; c; c = c->next) {
    if (is_element(c, local)) {
      return c;
    }
  }
  return nullptr;
}

std::string attribute(const xmlNode* node, std::string_view local) {
  if (!node || node->type != XML_ELEMENT_NODE) {
    return {};
  }
  for (const xmlAttr* a = node->properties; a; a = a->next) {
    if (a->name && std::string_view(reinterpret_cast<const char*>(a->name)) == local) {
      std::string value;
      for (const xmlNode* c = a->children; c; c = c->next) {
        if (c->content) {
          value += reinterpret_cast<const char*>(c->content);
        }
      }
      return value;
    }
  }
  return {};
}

std::string node_text(const xmlNode* node) {
  if (!node) {
    return {};
  }
  std::unique_ptr<xmlChar, CFree<free_xml>> text(xmlNodeGetContent(node));
  return text ? std::string(reinterpret_cast<const char*>(text.get())) : std::string();
}

void append_text(const xmlNode* node, const TextRules& rules, std::string& out) {
  if (node) {
    walk_node(node, rules, out, rules.text_elements.empty(), 0);
  }
}

std::string normalise_date(std::string_view value) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) {
    value.remove_prefix(1);
  }
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
    value.remove_suffix(1);
  }
  int year = digits(value, 0, 4);
  int month = digits(value, 5, 2);
  int day = digits(value, 8, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > 31 || value[4] != '-' ||
      value[7] != '-') {
    return {};
  }
  char buf[32];
  if (value.size() == 10) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
  }
  if (value[10] != 'T' && value[10] != ' ') {
    return {};
  }
  int hour = digits(value, 11, 2);
  int minute = digits(value, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || value.size() < 16 || value[13] != ':') {
    return {};
  }
  int second = 0;
  std::size_t pos = 16;
  if (pos < value.size() && value[pos] == ':') {
    second = digits(value, pos + 1, 2);
    if (second < 0 || second > 60) {
      return {};
    }
    pos += 3;
  }
  if (pos < value.size() && (value[pos] == '.' || value[pos] == ',')) {
    ++pos;
    while (pos < value.size() && std::isdigit(static_cast<unsigned char>(value[pos]))) {
      ++pos;
    }
  }
  long offset = 0;
  if (pos < value.size() && (value[pos] == '+' || value[pos] == '-')) {
    int oh = digits(value, pos + 1, 2);
    int om = 0;
    if (pos + 3 < value.size()) {
      om = digits(value, pos + (value[pos + 3] == ':' ? 4 : 3), 2);
    }
    if (oh < 0 || om < 0) {
      return {};
    }
    offset = (value[pos] == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::time_t t = timegm(&tm) - offset;
  std::tm utc{};
  if (!gmtime_r(&t, &utc)) {
    return {};
  }
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

std::string finish_text(std::string text, std::uint64_t max_bytes,
                        std::vector<std::string>& warnings) {
  std::size_t end = text.find_last_not_of(" \t\r\n");
  text.erase(end == std::string::npos ? 0 : end + 1);
  std::size_t begin = text.find_first_not_of("\r\n");
  text.erase(0, begin == std::string::npos ? text.size() : begin);
  if (text.size() > max_bytes) {
    std::size_t cut = static_cast<std::size_t>(max_bytes);
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
      --cut;
    }
    text.resize(cut);
    warnings.push_back("limit exceeded: text cut to " + std::to_string(max_bytes) + " bytes");
  }
  return sanitize_utf8(text);
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool natural_less(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    bool da = std::isdigit(static_cast<unsigned char>(a[i]));
    bool db = std::isdigit(static_cast<unsigned char>(b[j]));
    if (da && db) {
      std::size_t ie = i;
      std::size_t je = j;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) {
        ++ie;
      }
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) {
        ++je;
      }
      std::string_view na = a.substr(i, ie - i);
      std::string_view nb = b.substr(j, je - j);
      while (na.size() > 1 && na.front() == '0') {
        na.remove_prefix(1);
      }
      while (nb.size() > 1 && nb.front() == '0') {
        nb.remove_prefix(1);
      }
      if (na.size() != nb.size()) {
        return na.size() < nb.size();
      }
      if (na != nb) {
        return na < nb;
      }
      i = ie;
      j = je;
      continue;
    }
    if (a[i] != b[j]) {
      return a[i] < b[j];
    }
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

bool is_encrypted_ooxml(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  // The directory of a small OLE2 file sits in its first sectors; 256 KiB covers the ones Office
  // writes for a password-protected document of any realistic size.
  std::string head(256 * 1024, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  static constexpr char kOle2[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  if (head.size() < 512 || head.compare(0, 8, kOle2, 8) != 0) {
    return false;
  }
  static const std::string kName = [] {
    std::string s;
    for (char c : std::string_view("EncryptedPackage")) {
      s += c;
      s += '\0';
    }
    return s;
  }();
  return head.find(kName) != std::string::npos;
}

void read_document_properties(const xmlNode* parent, Extraction& out) {
  for (xmlNode* n = parent ? parent->children : nullptr; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) {
      continue;
    }
    std::string_view name = local_name(n);
    std::string value = sanitize_utf8(node_text(n));
    if (value.empty()) {
      continue;
    }
    if (name == "title" || name == "subject") {
      out.meta[std::string(name)] = value;
    } else if (name == "initial-creator") {
      out.meta["author"] = value;
    } else if (name == "creator") {
      out.meta.emplace("author", value);
    } else if (name == "created" || name == "creation-date" || name == "modified" || name == "date") {
      if (std::string date = normalise_date(value); !date.empty()) {
        out.meta[name == "created" || name == "creation-date" ? "created" : "modified"] = date;
      }
    }
  }
}

}  // namespace evidex::indexer
