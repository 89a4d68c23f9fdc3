/** @file
 * @brief `evidex template list`: the shared forms and templates whose text duplicate detection
 * discounts, built-in ones first.
 */
#pragma once

#include "indexer/store/templates.hpp"
#include "query/render/render.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace evidex::query {

/// {"templates": [{"id": 3 | null, "key": "witness-statement" | null, "name", "builtin", "words",
/// "sha256", "added_at": "…" | null}]}
nlohmann::json templates_json(const std::vector<indexer::TemplateRecord>& templates);
using TemplateList = std::vector<indexer::TemplateRecord>;

/// The templates in each medium (query/render/render.hpp): render(result, format, colour).
template <>
struct Media<TemplateList> {
  static nlohmann::json json_value(const TemplateList& result);  // templates_json
  static std::string csv(const TemplateList& result);
  static std::string text(const TemplateList& result, bool colour);
};

}  // namespace evidex::query
