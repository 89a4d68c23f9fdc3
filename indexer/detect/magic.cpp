#include "indexer/detect/detect.hpp"

#include "indexer/util/c_handle.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/text_encoding.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <magic.h>

#include <cctype>
#include <fstream>
#include <set>

namespace evidex::indexer {
namespace {

using MagicPtr = std::unique_ptr<std::remove_pointer_t<magic_t>, CFree<magic_close>>;
using ArchivePtr = std::unique_ptr<archive, CFree<archive_read_free>>;

MagicPtr open_magic(int flags) {
  MagicPtr m{magic_open(flags | MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR)};
  if (!m) {
    throw Error("libmagic: cannot open a handle");
  }
  if (magic_load(m.get(), nullptr) != 0) {
    throw Error(std::string("libmagic: cannot load the magic database: ") + magic_error(m.get()));
  }
  return m;
}

std::string read_head(const std::filesystem::path& file, std::size_t n) {
  std::ifstream in(file, std::ios::binary);
  std::string head(n, '\0');
  in.read(head.data(), static_cast<std::streamsize>(n));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

// Names of the first entries of a zip, and the contents of the small ones we need to tell OOXML and
// ODF packages apart. Header-only reads, capped: this runs inside the extraction worker.
struct ZipPeek {
  std::set<std::string> names;
  std::string mimetype;       // ODF's "mimetype" member
  std::string content_types;  // OOXML's "[Content_Types].xml"
  bool readable = false;
};

ZipPeek peek_zip(const std::filesystem::path& file) {
  ZipPeek peek;
  ArchivePtr a{archive_read_new()};
  archive_read_support_format_zip(a.get());
  if (archive_read_open_filename(a.get(), file.c_str(), 64 * 1024) != ARCHIVE_OK) {
    return peek;
  }
  archive_entry* entry = nullptr;
  for (int i = 0; i < 4000 && archive_read_next_header(a.get(), &entry) == ARCHIVE_OK; ++i) {
    peek.readable = true;
    const char* name = archive_entry_pathname(entry);
    if (!name) {
      continue;
    }
    std::string n = name;
    peek.names.insert(n);
    std::string* target = n == "mimetype" ? &peek.mimetype
                          : n == "[Content_Types].xml" ? &peek.content_types
                                                       : nullptr;
    if (target) {
      char buffer[8192];
      la_ssize_t got = archive_read_data(a.get(), buffer, sizeof buffer);
      if (got > 0) {
        target->assign(buffer, static_cast<std::size_t>(got));
      }
    }
  }
  return peek;
}

// An Office or OpenDocument package type: a zip whose parts the document handlers read.
bool is_office_package(std::string_view mime) {
  for (std::string_view family : {"application/vnd.openxmlformats-officedocument.", "application/vnd.ms-excel.sheet.",
                                   "application/vnd.oasis.opendocument."}) {
    if (mime.substr(0, family.size()) == family) {
      return true;
    }
  }
  return false;
}

// name_mime is what the file's extension claims. A damaged document (a download cut short before its
// main part) keeps the package's own parts but loses the one that names its kind; read as a plain zip,
// its XML parts would become items and the damage would go unsaid. When the name claims a document and
// the bytes are a package, the document handler reads it and says what is wrong. A zip without package
// parts is a zip, whatever its name says.
std::string refine_zip(const std::filesystem::path& file, const std::string& mime, const std::string& name_mime) {
  ZipPeek peek = peek_zip(file);
  if (!peek.readable) {
    return mime;
  }
  if (!peek.mimetype.empty()) {
    std::string m = peek.mimetype.substr(0, peek.mimetype.find_first_of("\r\n "));
    if (m.rfind("application/vnd.oasis.opendocument.", 0) == 0 || m.rfind("application/vnd.sun.xml.", 0) == 0) {
      return m;
    }
  }
  auto has = [&](const char* n) { return peek.names.count(n) > 0; };
  if (has("[Content_Types].xml") || has("_rels/.rels")) {
    if (has("xl/workbook.bin")) {
      return "application/vnd.ms-excel.sheet.binary.macroEnabled.12";
    }
    if (has("xl/workbook.xml")) {
      return peek.content_types.find("sheet.macroEnabled") != std::string::npos
                 ? "application/vnd.ms-excel.sheet.macroEnabled.12"
                 : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    if (has("word/document.xml")) {
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    }
    if (has("ppt/presentation.xml")) {
      return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    }
  }
  bool package = has("[Content_Types].xml") || has("_rels/.rels") || has("mimetype");
  if (package && is_office_package(name_mime)) {
    return name_mime;
  }
  return "application/zip";
}

// An unknown binary may still be an archive libarchive can read (a self-extracting zip, a tar
// without magic).
std::string archive_mime_by_reading(const std::filesystem::path& file) {
  ArchivePtr a{archive_read_new()};
  archive_read_support_filter_all(a.get());
  archive_read_support_format_zip_seekable(a.get());
  archive_read_support_format_7zip(a.get());
  archive_read_support_format_rar(a.get());
  archive_read_support_format_rar5(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_cab(a.get());
  if (archive_read_open_filename(a.get(), file.c_str(), 64 * 1024) != ARCHIVE_OK) {
    return {};
  }
  archive_entry* entry = nullptr;
  if (archive_read_next_header(a.get(), &entry) != ARCHIVE_OK) {
    return {};
  }
  switch (archive_format(a.get()) & ARCHIVE_FORMAT_BASE_MASK) {
    case ARCHIVE_FORMAT_ZIP: return "application/zip";
    case ARCHIVE_FORMAT_7ZIP: return "application/x-7z-compressed";
    case ARCHIVE_FORMAT_RAR:
    case ARCHIVE_FORMAT_RAR_V5: return "application/vnd.rar";
    case ARCHIVE_FORMAT_TAR: return "application/x-tar";
    case ARCHIVE_FORMAT_CAB: return "application/vnd.ms-cab-compressed";
    default: return {};
  }
}

// Header lines ("Name: value") from the first line on, among them one only mail has.
bool looks_like_email(const std::string& head) {
  std::size_t colon = head.find(':');
  std::size_t eol = head.find('\n');
  if (colon == std::string::npos || colon == 0 || colon > eol) {
    return false;
  }
  for (std::size_t i = 0; i < colon; ++i) {
    char c = head[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) {
      return false;
    }
  }
  for (const char* h : {"\nFrom:", "\nSubject:", "\nReceived:", "\nMessage-ID:", "\nMIME-Version:"}) {
    if (head.find(h) != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool looks_like_mbox(const std::string& head) {
  return head.rfind("From ", 0) == 0 &&
         (head.find("\nFrom:") != std::string::npos || head.find("\nSubject:") != std::string::npos ||
          head.find("\nReturn-Path:") != std::string::npos);
}

// Kinds of file that extensions commonly swap between without anything being wrong.
bool same_kind(const std::string& a, const std::string& b) {
  if (a == b || short_type(a) == short_type(b)) {
    return true;
  }
  static const std::set<std::string> texty{"text", "csv", "xml", "html"};
  return texty.count(short_type(a)) && texty.count(short_type(b)) &&
         (short_type(a) == "text" || short_type(b) == "text");
}

// Bytes of a file's head the text fast path looks at.
constexpr std::size_t k_text_head = 64 * 1024;

// Plain text, as far as `head` goes: UTF-8 (a sequence cut by the end of the head is fine) with no
// control character but whitespace. A BOM is allowed; UTF-16 is not (it has NULs).
bool is_plain_text(std::string_view head) {
  for (std::size_t i = 0; i < head.size();) {
    auto c = static_cast<unsigned char>(head[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') {
        return false;
      }
      if (c == 0x7F) {
        return false;
      }
      ++i;
      continue;
    }
    std::size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    if (len == 0) {
      return false;
    }
    for (std::size_t k = 1; k < len; ++k) {
      if (i + k >= head.size()) {
        return true;  // cut by the end of the head
      }
      if ((static_cast<unsigned char>(head[i + k]) & 0xC0) != 0x80) {
        return false;
      }
    }
    i += len;
  }
  return true;
}

// The first character after a BOM and white space: where libmagic's text formats (XML, SVG, RTF,
// PostScript, scripts, JSON, troff, mail, vCard ...) show their signature.
char first_visible(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") {
    head.remove_prefix(3);
  }
  auto at = head.find_first_not_of(" \t\r\n\f\v");
  return at == std::string_view::npos ? '\0' : head[at];
}

// A file whose name says plain text or HTML and whose head is plain text with no format signature at
// its start is text whatever libmagic's signatures would add: its thousands of soft-magic tests, which
// cost a millisecond a file and are all tried before "text" is the answer, are skipped. It still
// names the encoding and line ends ("Unicode text, UTF-8 text"). Anything else takes the full path.
bool takes_text_fast_path(const std::string& name_mime, std::string_view head) {
  if (head.empty() || !is_plain_text(head)) {
    return false;
  }
  char first = first_visible(head);
  if (name_mime == "text/plain") {
    // '<' markup, '{' '[' JSON or RTF, '%' PostScript or PDF, '#' scripts, '.' '\\' troff, '@' and
    // letters followed by ':' (mail headers, vCard) are left to libmagic and to the mail checks.
    if (std::string_view("<{[%#.\\@!").find(first) != std::string_view::npos || first == '\0') {
      return false;
    }
    // Markup anywhere near the start ("<html", "<p>", "<!DOCTYPE") is libmagic's to judge.
    std::string_view start = head.substr(0, 4096);
    for (auto lt = start.find('<'); lt != std::string_view::npos; lt = start.find('<', lt + 1)) {
      if (lt + 1 < start.size() && (std::isalpha(static_cast<unsigned char>(start[lt + 1])) ||
                                    start[lt + 1] == '!' || start[lt + 1] == '?' || start[lt + 1] == '/')) {
        return false;
      }
    }
    auto eol = head.find('\n');
    auto colon = head.find(':');
    return colon == std::string_view::npos || (eol != std::string_view::npos && colon > eol) ||
           head.substr(0, colon).find(' ') != std::string_view::npos;
  }
  if (name_mime == "text/html") {
    return first == '<' && head.find("<?xml") == std::string_view::npos;
  }
  return false;
}

}  // namespace

struct Detector::Handles {
  MagicPtr mime = open_magic(MAGIC_MIME_TYPE);
  MagicPtr description = open_magic(MAGIC_NONE);
  MagicPtr encoding = open_magic(MAGIC_MIME_ENCODING);
  // Without the signature tests: the text checks alone.
  MagicPtr text_mime = open_magic(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_SOFT);
  MagicPtr text_description = open_magic(MAGIC_NONE | MAGIC_NO_CHECK_SOFT);
};

Detector::Detector() : m_handles(std::make_unique<Handles>()) {}
Detector::~Detector() = default;

Detected Detector::detect(const std::filesystem::path& file, std::string_view name) const {
  return detect_with(file, name, true);
}

Detected Detector::detect_by_signatures(const std::filesystem::path& file, std::string_view name) const {
  return detect_with(file, name, false);
}

Detected Detector::detect_with(const std::filesystem::path& file, std::string_view name, bool fast_path) const {
  Detected d;
  d.name_mime = mime_for_name(name);
  bool text = false;
  if (fast_path && (d.name_mime == "text/plain" || d.name_mime == "text/html")) {
    std::string head = read_head(file, k_text_head);
    if (takes_text_fast_path(d.name_mime, head)) {
      const char* m = magic_buffer(m_handles->text_mime.get(), head.data(), head.size());
      const char* desc = magic_buffer(m_handles->text_description.get(), head.data(), head.size());
      d.mime = m ? m : "";
      d.description = desc ? sanitize_utf8(desc) : "";
      // The text checks alone may see more than text (CSV): then the signatures decide.
      text = d.mime == "text/plain";
      d.by_signatures = !text;
    }
  }
  if (!text) {
    const char* m = magic_file(m_handles->mime.get(), file.c_str());
    const char* desc = magic_file(m_handles->description.get(), file.c_str());
    d.mime = m ? m : "application/octet-stream";
    d.description = desc ? sanitize_utf8(desc) : "";
  }

  if (d.mime == "application/octet-stream") {
    std::string head = read_head(file, 4096);
    std::string charset = guess_charset(head);
    if (charset.rfind("UTF-16", 0) == 0 || charset.rfind("UTF-32", 0) == 0) {
      std::string text = decode_unlabelled(head);
      bool html = d.name_mime == "text/html" || text.find("<html") != std::string::npos ||
                  text.find("<HTML") != std::string::npos;
      d.mime = html ? "text/html" : "text/plain";
    } else if (std::string a = archive_mime_by_reading(file); !a.empty()) {
      d.mime = a;
    }
  }
  if (d.mime == "application/zip" || d.mime.rfind("application/vnd.openxmlformats", 0) == 0) {
    d.mime = refine_zip(file, d.mime, d.name_mime);
  } else if (d.mime == "application/x-rar") {
    d.mime = "application/vnd.rar";
  } else if (d.mime == "application/encrypted" || d.description.find("CDFV2 Encrypted") != std::string::npos) {
    d.mime = "application/x-encrypted-office";
  } else if ((d.mime == "text/plain" || d.mime == "text/html") &&
             (d.name_mime == "message/rfc822" || d.name_mime.empty()) && looks_like_email(read_head(file, 8192))) {
    // libmagic takes a mail with an HTML body, or with unusual first headers, for HTML or text.
    d.mime = "message/rfc822";
  } else if (d.mime == "text/plain") {
    std::string head = read_head(file, 4096);
    if (d.name_mime != "message/rfc822" &&
        (looks_like_mbox(head) || (d.name_mime == "application/mbox" && head.rfind("From ", 0) == 0))) {
      d.mime = "application/mbox";
    } else if (d.name_mime == "text/csv" || d.name_mime == "text/rtf" || d.name_mime == "text/html" ||
               d.name_mime == "message/rfc822") {
      // libmagic says "text" for many texty formats it cannot prove; the name decides among them.
      d.mime = d.name_mime;
    }
  } else if (d.mime == "application/CDFV2" || d.mime == "application/x-ole-storage") {
    // An OLE2 container libmagic could not name: the extension is the best hint we have.
    if (d.name_mime == "application/msword" || d.name_mime == "application/vnd.ms-excel" ||
        d.name_mime == "application/vnd.ms-powerpoint" || d.name_mime == "application/vnd.ms-outlook") {
      d.mime = d.name_mime;
    }
  } else if (d.mime.rfind("text/", 0) != 0 && d.mime.rfind("application/", 0) == 0) {
    // Subtitles, JSON, scripts: libmagic gives them application/ types, but they are text.
    const char* encoding = magic_file(m_handles->encoding.get(), file.c_str());
    std::string e = encoding ? encoding : "binary";
    if (e != "binary" && e != "unknown-8bit") {
      d.text_fallback = true;
    }
  }
  d.mismatch = !d.name_mime.empty() && !same_kind(d.name_mime, d.mime) && d.mime != "inode/x-empty";
  return d;
}

}  // namespace evidex::indexer
