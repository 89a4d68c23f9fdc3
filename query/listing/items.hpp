/** @file
 * @brief The item listing of an apprentice's bundle (`evidex items`), in the contract's shapes.
 */
#pragma once

#include "indexer/store/store.hpp"
#include "query/render/render.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace evidex::query {

/// SPEC `items`: [{"path", "mime", "bytes", "words", "sha256", "tags", "error"}], plus "type",
/// "pages", "created", "modified", "warnings".
/// `tags` are the tags that stand (Store::tags); each item lists its own.
nlohmann::json items_json(const std::vector<indexer::ItemRecord>& items, const std::vector<indexer::TagRecord>& tags);

/// An apprentice's items as `evidex items` lists them.
struct ItemListing {
  std::vector<indexer::ItemRecord> items;
  std::vector<indexer::TagRecord> tags;  // the tags that stand; each item lists its own
  /// About the upload as a whole: they follow the table in the text format; JSON and CSV list items
  /// only, as the contract says.
  std::vector<std::string> bundle_warnings;
};

/// The item listing in each medium (query/render/render.hpp): render(result, format, colour).
template <>
struct Media<ItemListing> {
  static nlohmann::json json_value(const ItemListing& result);  // items_json
  static std::string csv(const ItemListing& result);
  static std::string text(const ItemListing& result, bool colour);
};

/// One tag in the contract's shape: {"ref", "source", "score", "span", "place", "detail"}.
nlohmann::json tag_json(const indexer::TagRecord& tag);

}  // namespace evidex::query
