/** @file
 * @brief Where the data shipped with evidex lives (standards/, bank-holidays.json): found from the
 * running binary's own location, so that an installed, packaged or moved tree works wherever it is.
 */
#pragma once

#include <filesystem>

namespace evidex::mapping {

/// `<folder of the running binary>/../share/evidex`, where it looks for the shipped data. The build
/// tree mirrors the install layout (build/cli/evidex, build/share/evidex), so both find it the same way.
std::filesystem::path shipped_data_candidate();

/// The folder of shipped data: shipped_data_candidate() when it holds `standards/`. Throws
/// InputError naming the folder it looked in, and what to do instead, when it does not.
std::filesystem::path shipped_data_dir();

}  // namespace evidex::mapping
