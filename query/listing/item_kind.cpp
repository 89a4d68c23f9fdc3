#include "query/listing/item_kind.hpp"

#include <set>

namespace evidex::query {

namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

ItemKind item_kind(const indexer::ItemRecord& item) {
  static const std::set<std::string> k_container_types{"zip", "tar", "gzip", "bzip2", "xz",  "zstd",
                                                       "7z",  "rar", "cab",  "cpio",  "lzh", "iso"};
  if (k_container_types.count(item.type)) {
    return ItemKind::container;
  }
  if (item.type == "audio" || item.type == "video") {
    return ItemKind::recording;
  }
  // Content that libmagic could not place (a damaged or unusual recording) goes by its name.
  if ((item.type == "unknown" || item.type == "empty") &&
      (starts_with(item.name_mime, "audio/") || starts_with(item.name_mime, "video/"))) {
    return ItemKind::recording;
  }
  if (item.type == "eml" || item.type == "msg") {
    return ItemKind::mail;
  }
  return ItemKind::document;
}

std::string item_kind_name(ItemKind kind) {
  switch (kind) {
    case ItemKind::document: return "document";
    case ItemKind::container: return "container";
    case ItemKind::recording: return "recording";
    case ItemKind::mail: return "mail";
  }
  return "document";
}

}  // namespace evidex::query
