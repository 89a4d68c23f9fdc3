/** @file
 * @brief Where a tag comes from, as a type: the store and the contract spell it "explicit", "map",
 * "manual" or "inferred"; the code beneath compares the enum.
 */
#pragma once

#include <string>
#include <string_view>

namespace evidex::query {

enum class TagSource {
  explicit_ref,  // "explicit": the item names the criterion
  map,           // the evidence map links the item to it
  manual,        // a person confirmed or added it (evidex tag)
  inferred,      // suggested from the content; never covers until confirmed
};

/// The contract's spelling: "explicit", "map", "manual", "inferred".
std::string tag_source_name(TagSource source);

/// The inverse of tag_source_name; InputError naming the word for any other.
TagSource parse_tag_source(std::string_view name);

}  // namespace evidex::query
