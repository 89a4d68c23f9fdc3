#include "indexer/extract/extractor.hpp"
#include "indexer/extract/handlers.hpp"

#include <cstdio>

namespace evidex::indexer {

std::filesystem::path ExtractContext::next_child_file() {
  char name[32];
  std::snprintf(name, sizeof name, "c%06u", ++m_next_child);
  return scratch_dir / name;
}

void Registry::add(std::string mime_pattern, std::shared_ptr<const Extractor> extractor) {
  m_by_pattern[std::move(mime_pattern)] = std::move(extractor);
}

const Extractor* Registry::find(std::string_view mime) const {
  if (auto it = m_by_pattern.find(mime); it != m_by_pattern.end()) {
    return it->second.get();
  }
  if (auto slash = mime.find('/'); slash != std::string_view::npos) {
    std::string family{mime.substr(0, slash + 1)};
    family += '*';
    if (auto it = m_by_pattern.find(family); it != m_by_pattern.end()) {
      return it->second.get();
    }
  }
  if (auto it = m_by_pattern.find("*"); it != m_by_pattern.end()) {
    return it->second.get();
  }
  return nullptr;
}

const Registry& default_registry() {
  static const Registry registry = [] {
    Registry r;
    // One line per format, like libarchive's archive_read_support_format_all.c.
    r.add("text/plain", make_text_extractor());
    r.add("message/rfc822", make_eml_extractor());
    r.add("application/mbox", make_mbox_extractor());
    r.add("application/vnd.ms-outlook", make_msg_extractor());
    r.add("text/csv", make_text_extractor());
    r.add("text/html", make_html_extractor());
    r.add("application/xhtml+xml", make_html_extractor());
    r.add("text/rtf", make_rtf_extractor());
    r.add("application/rtf", make_rtf_extractor());
    r.add("text/xml", make_xml_extractor());
    r.add("application/xml", make_xml_extractor());
    r.add("text/*", make_text_extractor());  // source code, logs, subtitles: text is text
    r.add("application/pdf", make_pdf_extractor());
    r.add("application/vnd.openxmlformats-officedocument.wordprocessingml.document", make_ooxml_extractor());
    r.add("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", make_ooxml_extractor());
    r.add("application/vnd.openxmlformats-officedocument.presentationml.presentation", make_ooxml_extractor());
    r.add("application/vnd.ms-excel.sheet.macroEnabled.12", make_ooxml_extractor());
    r.add("application/vnd.ms-excel.sheet.binary.macroEnabled.12", make_ooxml_extractor());
    r.add("application/x-encrypted-office", make_encrypted_office_extractor());
    r.add("application/vnd.oasis.opendocument.text", make_odf_extractor());
    r.add("application/vnd.oasis.opendocument.spreadsheet", make_odf_extractor());
    r.add("application/vnd.oasis.opendocument.presentation", make_odf_extractor());
    // The same content.xml under other mimetypes: what LibreOffice writes when a document began as a web
    // page (an HTML evidence map saved as ODT), master documents, and templates.
    r.add("application/vnd.oasis.opendocument.text-web", make_odf_extractor());
    r.add("application/vnd.oasis.opendocument.text-master", make_odf_extractor());
    r.add("application/vnd.oasis.opendocument.text-template", make_odf_extractor());
    r.add("application/vnd.oasis.opendocument.spreadsheet-template", make_odf_extractor());
    r.add("application/vnd.oasis.opendocument.presentation-template", make_odf_extractor());
    r.add("application/vnd.sun.xml.writer", make_odf_extractor());
    r.add("application/vnd.sun.xml.calc", make_odf_extractor());
    r.add("application/vnd.sun.xml.impress", make_odf_extractor());
    r.add("application/msword", make_legacy_office_extractor());
    r.add("application/vnd.ms-excel", make_legacy_office_extractor());
    r.add("application/vnd.ms-powerpoint", make_legacy_office_extractor());
    r.add("application/zip", make_archive_extractor());
    r.add("application/x-tar", make_archive_extractor());
    r.add("application/gzip", make_archive_extractor());
    r.add("application/x-bzip2", make_archive_extractor());
    r.add("application/x-compress", make_archive_extractor());  // Unix compress, .Z and .taz
    r.add("application/x-xz", make_archive_extractor());
    r.add("application/zstd", make_archive_extractor());
    r.add("application/x-7z-compressed", make_archive_extractor());
    r.add("application/vnd.rar", make_archive_extractor());
    r.add("application/vnd.ms-cab-compressed", make_archive_extractor());
    r.add("application/x-cpio", make_archive_extractor());
    r.add("application/x-lzh-compressed", make_archive_extractor());
    r.add("application/x-iso9660-image", make_archive_extractor());
    r.add("image/*", make_media_extractor());
    r.add("audio/*", make_media_extractor());
    r.add("video/*", make_media_extractor());
    return r;
  }();
  return registry;
}

}  // namespace evidex::indexer
