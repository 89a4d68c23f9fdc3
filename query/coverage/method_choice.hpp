/** @file
 * @brief Which of a standard's assessment methods a command looks at: one method by its id, or
 * every method for "all". The one place that spells "all" and checks the choice.
 */
#pragma once

#include "mapping/standard/standard.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace evidex::query {

inline constexpr std::string_view k_all_methods = "all";

inline bool is_all_methods(std::string_view method) { return method == k_all_methods; }

/// The methods `method` chooses, in the standard's order. UsageError for a method the standard does
/// not have, naming the ones it has.
std::vector<const mapping::Method*> chosen_methods(const mapping::Standard& standard, std::string_view method);

}  // namespace evidex::query
