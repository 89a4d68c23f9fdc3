// What an item is for the checks, from its type (and, for content libmagic could not place, its name).
#include "query/listing/item_kind.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
using query::ItemKind;

namespace {

indexer::ItemRecord item(const std::string& type, const std::string& name_mime = "") {
  indexer::ItemRecord r;
  r.path = "Showcase/x";
  r.type = type;
  r.name_mime = name_mime;
  return r;
}

}  // namespace

TEST_CASE("item kinds: containers, recordings, mail and documents", "[recordings]") {
  for (const char* type : {"zip", "tar", "gzip", "7z", "rar", "iso"}) {
    CHECK(query::item_kind(item(type)) == ItemKind::container);
  }
  CHECK(query::item_kind(item("audio")) == ItemKind::recording);
  CHECK(query::item_kind(item("video")) == ItemKind::recording);
  CHECK(query::item_kind(item("unknown", "audio/x-wav")) == ItemKind::recording);  // damaged, named .wav
  CHECK(query::item_kind(item("empty", "video/mp4")) == ItemKind::recording);
  CHECK(query::item_kind(item("unknown", "application/pdf")) == ItemKind::document);
  CHECK(query::item_kind(item("eml")) == ItemKind::mail);
  CHECK(query::item_kind(item("msg")) == ItemKind::mail);
  for (const char* type : {"pdf", "docx", "png", "text", "csv"}) {
    CHECK(query::item_kind(item(type)) == ItemKind::document);
  }
  CHECK(query::item_kind_name(ItemKind::recording) == "recording");
}
