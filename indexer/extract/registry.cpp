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
    r.add("application/zip", make_archive_extractor());
    r.add("application/x-tar", make_archive_extractor());
    r.add("application/gzip", make_archive_extractor());
    r.add("application/x-bzip2", make_archive_extractor());
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
