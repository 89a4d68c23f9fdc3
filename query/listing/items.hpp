/** @file
 * @brief The item listing of an apprentice's bundle (`evidex items`), in the contract's shapes.
 */
#pragma once

#include "indexer/store/store.hpp"
#include "query/render/output.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace evidex::query {

/// SPEC `items`: [{"path", "mime", "bytes", "words", "sha256", "tags", "error"}], plus "type",
/// "pages", "created", "modified", "warnings".
/// `tags` are the tags that stand (Store::tags); each item lists its own.
nlohmann::json items_json(const std::vector<indexer::ItemRecord>& items, const std::vector<indexer::TagRecord>& tags);

/// bundle_warnings (about the upload as a whole) follow the table in the text format; JSON and CSV
/// list items only, as the contract says.
std::string render_items(const std::vector<indexer::ItemRecord>& items, const std::vector<indexer::TagRecord>& tags,
                         const std::vector<std::string>& bundle_warnings, Format format, bool colour);

/// One tag in the contract's shape: {"ref", "source", "score", "span", "place", "detail"}.
nlohmann::json tag_json(const indexer::TagRecord& tag);

}  // namespace evidex::query
