/** @file
 * @brief Reading an evidence map's criteria cell: the references it names (find_references), the
 * reference-like tokens the standard does not define ("12S9", "19K1"), and whether it says there
 * are none ("n/a", "none", "-").
 */
#pragma once

#include "mapping/standard/standard.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace evidex::mapping {

struct CriteriaCell {
  std::vector<std::string> refs;     // canonical, each once, in order of appearance
  std::vector<std::string> unknown;  // as written, each once: "12S9", "K1" (no module in ST0072)
  bool says_none = false;            // "n/a", "N/A", "none", "nil", "not applicable", "-", "—"
};

CriteriaCell read_criteria_cell(std::string_view cell, const Standard& standard);

}  // namespace evidex::mapping
