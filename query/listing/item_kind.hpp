/** @file
 * @brief What an item is for the checks, as a type: the item's `type` ("pdf", "zip", "audio", ...)
 * sorted once into the few kinds the checks treat differently, instead of sets of type names
 * compared in each check.
 */
#pragma once

#include "indexer/store/store.hpp"

#include <string>

namespace evidex::query {

enum class ItemKind {
  document,   // anything read for its text: documents, sheets, pictures, plain text
  container,  // an archive that carries other files (zip, tar, 7z, ...)
  recording,  // audio or video, also one libmagic could not place but whose name says so
  mail,       // an e-mail message (eml, msg): its attachments belong to it
};

ItemKind item_kind(const indexer::ItemRecord& item);

/// "document", "container", "recording", "mail".
std::string item_kind_name(ItemKind kind);

}  // namespace evidex::query
