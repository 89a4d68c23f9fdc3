/** @file
 * @brief The versions of the libraries this binary runs with (for `evidex --version --verbose`):
 * what was loaded at run time, not what was compiled against, since a bug report needs the former.
 */
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace evidex::indexer {

/// {"Xapian", "1.4.22"}, {"SQLite", "3.40.1"}, ... in a fixed order.
std::vector<std::pair<std::string, std::string>> library_versions();

}  // namespace evidex::indexer
