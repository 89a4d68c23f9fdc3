#include "indexer/detect/detect.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace evidex::indexer {
namespace {

struct TypeName {
  std::string_view extension;
  std::string_view mime;
  std::string_view short_name;
};

// The first row for a MIME type gives its short name.
constexpr std::array k_types{
    TypeName{"pdf", "application/pdf", "pdf"},
    TypeName{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
    TypeName{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
    TypeName{"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"},
    TypeName{"xlsm", "application/vnd.ms-excel.sheet.macroEnabled.12", "xlsm"},
    TypeName{"xlsb", "application/vnd.ms-excel.sheet.binary.macroEnabled.12", "xlsb"},
    TypeName{"odt", "application/vnd.oasis.opendocument.text", "odt"},
    TypeName{"ods", "application/vnd.oasis.opendocument.spreadsheet", "ods"},
    TypeName{"odp", "application/vnd.oasis.opendocument.presentation", "odp"},
    TypeName{"", "application/vnd.oasis.opendocument.text-web", "odt"},  // LibreOffice: a page saved as ODT
    TypeName{"odm", "application/vnd.oasis.opendocument.text-master", "odt"},
    TypeName{"ott", "application/vnd.oasis.opendocument.text-template", "odt"},
    TypeName{"ots", "application/vnd.oasis.opendocument.spreadsheet-template", "ods"},
    TypeName{"otp", "application/vnd.oasis.opendocument.presentation-template", "odp"},
    TypeName{"sxw", "application/vnd.sun.xml.writer", "sxw"},
    TypeName{"sxc", "application/vnd.sun.xml.calc", "sxc"},
    TypeName{"sxi", "application/vnd.sun.xml.impress", "sxi"},
    TypeName{"doc", "application/msword", "doc"},
    TypeName{"xls", "application/vnd.ms-excel", "xls"},
    TypeName{"ppt", "application/vnd.ms-powerpoint", "ppt"},
    TypeName{"msg", "application/vnd.ms-outlook", "msg"},
    TypeName{"", "application/x-encrypted-office", "office-encrypted"},
    TypeName{"eml", "message/rfc822", "eml"},
    TypeName{"mbox", "application/mbox", "mbox"},
    TypeName{"html", "text/html", "html"},
    TypeName{"htm", "text/html", "html"},
    TypeName{"xhtml", "application/xhtml+xml", "html"},
    TypeName{"txt", "text/plain", "text"},
    TypeName{"md", "text/plain", "text"},
    TypeName{"srt", "text/plain", "text"},
    TypeName{"vtt", "text/plain", "text"},
    TypeName{"log", "text/plain", "text"},
    TypeName{"csv", "text/csv", "csv"},
    TypeName{"rtf", "text/rtf", "rtf"},
    TypeName{"xml", "text/xml", "xml"},
    TypeName{"", "application/xml", "xml"},
    TypeName{"zip", "application/zip", "zip"},
    TypeName{"tar", "application/x-tar", "tar"},
    TypeName{"tgz", "application/gzip", "gzip"},
    TypeName{"gz", "application/gzip", "gzip"},
    TypeName{"tbz", "application/x-bzip2", "bzip2"},
    TypeName{"tbz2", "application/x-bzip2", "bzip2"},
    TypeName{"bz2", "application/x-bzip2", "bzip2"},
    TypeName{"taz", "application/x-compress", "compress"},
    TypeName{"z", "application/x-compress", "compress"},
    TypeName{"txz", "application/x-xz", "xz"},
    TypeName{"xz", "application/x-xz", "xz"},
    TypeName{"zst", "application/zstd", "zstd"},
    TypeName{"7z", "application/x-7z-compressed", "7z"},
    TypeName{"rar", "application/vnd.rar", "rar"},
    TypeName{"cab", "application/vnd.ms-cab-compressed", "cab"},
    TypeName{"cpio", "application/x-cpio", "cpio"},
    TypeName{"lzh", "application/x-lzh-compressed", "lzh"},
    TypeName{"iso", "application/x-iso9660-image", "iso"},
    TypeName{"png", "image/png", "image"},
    TypeName{"jpg", "image/jpeg", "image"},
    TypeName{"jpeg", "image/jpeg", "image"},
    TypeName{"gif", "image/gif", "image"},
    TypeName{"heic", "image/heic", "image"},
    TypeName{"webp", "image/webp", "image"},
    TypeName{"tif", "image/tiff", "image"},
    TypeName{"tiff", "image/tiff", "image"},
    TypeName{"bmp", "image/bmp", "image"},
    TypeName{"mp3", "audio/mpeg", "audio"},
    TypeName{"m4a", "audio/mp4", "audio"},
    TypeName{"wav", "audio/x-wav", "audio"},
    TypeName{"ogg", "audio/ogg", "audio"},
    TypeName{"mp4", "video/mp4", "video"},
    TypeName{"mov", "video/quicktime", "video"},
    TypeName{"webm", "video/webm", "video"},
    TypeName{"avi", "video/x-msvideo", "video"},
};

std::string lower(std::string_view s) {
  std::string out{s};
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

std::string mime_for_name(std::string_view name) {
  auto slash = name.find_last_of('/');
  std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  auto dot = base.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) {
    return {};
  }
  std::string ext = lower(base.substr(dot + 1));
  for (const auto& t : k_types) {
    if (!t.extension.empty() && t.extension == ext) {
      return std::string(t.mime);
    }
  }
  return {};
}

std::string short_type(std::string_view mime) {
  for (const auto& t : k_types) {
    if (t.mime == mime) {
      return std::string(t.short_name);
    }
  }
  for (std::string_view family : {"image/", "audio/", "video/"}) {
    if (mime.substr(0, family.size()) == family) {
      return std::string(family.substr(0, family.size() - 1));
    }
  }
  if (mime.substr(0, 5) == "text/") {
    return "text";
  }
  if (mime == "inode/x-empty") {
    return "empty";
  }
  return "unknown";
}

}  // namespace evidex::indexer
