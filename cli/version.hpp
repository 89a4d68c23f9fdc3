/** @file
 * @brief `evidex --version`: the project's version; with --verbose what a bug report needs besides
 * (the store schema, the libraries loaded and where the shipped standards were found).
 */
#pragma once

#include <string>

namespace evidex::cli {

/// "evidex 0.1.0\n", and with `verbose` more lines; `extra_standards` is --standards.
std::string version_text(bool verbose, const std::string& extra_standards);

}  // namespace evidex::cli
