/** @file
 * @brief The standards shipped in mapping/standards/, loaded once for all tests.
 */
#pragma once

#include "mapping/standard/standard.hpp"

#include <string_view>

namespace evidex::test {

/// The shipped standard with this id (ST0072, ST0071); throws when it is not there.
inline const mapping::Standard& shipped_standard(std::string_view id) {
  static const mapping::StandardLibrary library(mapping::standard_dirs());
  return library.get(id);
}

}  // namespace evidex::test
