/** @file
 * @brief `evidex standards` and `evidex standards show`: the standards evidex knows, and one
 * standard's criteria, grouped by module, with their methods and grading rules.
 */
#pragma once

#include "mapping/standard/standard.hpp"
#include "query/render/render.hpp"

#include <string>
#include <vector>

namespace evidex::query {

/// The standards evidex knows, in each medium (query/render/render.hpp): render(library, format).
template <>
struct Media<mapping::StandardLibrary> {
  static nlohmann::json json_value(const mapping::StandardLibrary& library);
  static std::string csv(const mapping::StandardLibrary& library);
  static std::string text(const mapping::StandardLibrary& library, bool colour);
};

/// One standard's criteria for a method, or for "all".
struct StandardCriteria {
  const mapping::Standard* standard = nullptr;
  std::string method;
  std::vector<const mapping::Method*> methods;  // the methods `method` chooses
};

/// Throws UsageError for a method the standard lacks.
StandardCriteria standard_criteria(const mapping::Standard& standard, const std::string& method);

/// One standard's criteria in each medium: render(standard_criteria(s, method), format, colour).
template <>
struct Media<StandardCriteria> {
  static nlohmann::json json_value(const StandardCriteria& view);
  static std::string csv(const StandardCriteria& view);
  static std::string text(const StandardCriteria& view, bool colour);
};

}  // namespace evidex::query
