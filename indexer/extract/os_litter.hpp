/** @file
 * @brief Files an operating system adds to an upload that are not evidence: the same rule for
 * archive members and for the files of a folder upload.
 */
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace evidex::indexer {

/// Whether a path ('/' or '\' separated) names a file the operating system added, not something the
/// apprentice chose: macOS's Finder zips AppleDouble copies ("__MACOSX/x/._name", also "._name"
/// beside the file in a tar) and folder settings (".DS_Store", "Icon\r"); Windows leaves thumbnail
/// caches and folder settings ("Thumbs.db", "desktop.ini"). Kept as items they would be unreadable
/// items that block `check` and spoil duplicate detection.
bool is_os_litter(std::string_view path);

/// The one bundle warning that says how many such files were skipped, naming the first (quoted).
std::string os_litter_warning(std::uint64_t skipped, const std::string& first_quoted);

}  // namespace evidex::indexer
