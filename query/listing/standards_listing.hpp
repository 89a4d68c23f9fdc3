/** @file
 * @brief `evidex standards` and `evidex standards show`: the standards evidex knows, and one
 * standard's criteria, grouped by module, with their methods and grading rules.
 */
#pragma once

#include "mapping/standard/standard.hpp"
#include "query/render/output.hpp"

#include <string>

namespace evidex::query {

std::string render_standards(const mapping::StandardLibrary& library, Format format);

/// `method` is a method id or "all"; throws UsageError for a method the standard lacks.
std::string render_standard(const mapping::Standard& standard, const std::string& method, Format format,
                            bool colour);

}  // namespace evidex::query
