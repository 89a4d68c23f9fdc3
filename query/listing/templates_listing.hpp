/** @file
 * @brief `evidex template list`: the shared forms and templates whose text duplicate detection
 * discounts, built-in ones first.
 */
#pragma once

#include "indexer/store/templates.hpp"
#include "query/render/output.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace evidex::query {

/// {"templates": [{"id": 3 | null, "key": "witness-statement" | null, "name", "builtin", "words",
/// "sha256", "added_at": "…" | null}]}
nlohmann::json templates_json(const std::vector<indexer::TemplateRecord>& templates);
std::string render_templates(const std::vector<indexer::TemplateRecord>& templates, Format format);

}  // namespace evidex::query
