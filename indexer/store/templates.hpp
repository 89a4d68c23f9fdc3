/** @file
 * @brief Shared forms and templates: text every apprentice may legitimately have, discounted when
 * looking for copied work. Two are built in (the Declaration of Authenticity of the ST0072 EPA
 * toolkit, Appendix 4, and evidex's blank witness statement); more are registered with
 * `evidex template add` and kept in the store's `templates` table. Changing the registered ones
 * forgets every item's signature, and recomputes them.
 */
#pragma once

#include "indexer/store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace evidex::indexer {

struct TemplateRecord {
  std::int64_t id = 0;   // 0 for a built-in template
  std::string key;       // built-in only: "declaration-of-authenticity", "witness-statement"
  std::string name;
  std::string sha256;    // of the normalised text
  std::string text;
  std::string added_at;  // empty for a built-in template
  std::uint64_t words = 0;  // normalised words
  bool builtin() const { return id == 0; }
};

/// The templates evidex knows without being told.
const std::vector<TemplateRecord>& builtin_templates();

/// Built-in templates first, then the registered ones by id.
std::vector<TemplateRecord> templates(Store& store);

/// Fewest words a registered template may have: shorter text discounts nothing useful.
inline constexpr std::size_t k_min_template_words = 10;

struct AddedTemplate {
  TemplateRecord record;
  bool added = false;              // false: the same text was already registered (record is that one)
  std::size_t signatures = 0;      // item signatures recomputed
};

/// Registers a template. Throws InputError (naming `name`) when its text has fewer than
/// k_min_template_words words or is a built-in template's text. Write mode.
AddedTemplate add_template(Store& store, const std::string& name, const std::string& text);

/// Removes a registered template; returns the number of item signatures recomputed, or nullopt when
/// there is no template with that id. Write mode.
std::optional<std::size_t> remove_template(Store& store, std::int64_t id);

}  // namespace evidex::indexer
