/** @file
 * @brief Making untrusted text safe to print on a terminal. A file name or a snippet from a bundle
 * can hold escape sequences (clear the screen, set the window title), carriage returns and newlines
 * (overwrite or forge a line of evidex's own output) or bidirectional overrides (make "txt.exe" read
 * as "exe.txt"). Every text-format printer passes such text through terminal_text(); JSON and CSV
 * keep the exact value.
 */
#pragma once

#include <string>
#include <string_view>

namespace evidex::query {

/// The text with everything a terminal would obey instead of show made visible:
/// "\n", "\r", "\t" for those; "\x1b" for other C0 controls and DEL; "<U+0085>" for C1 controls;
/// "<U+202E>" for bidirectional controls (U+202A–U+202E, U+2066–U+2069); "\xff" for each byte that
/// is not valid UTF-8. Everything else, including any other non-ASCII letter, is kept as it is.
std::string terminal_text(std::string_view text);

}  // namespace evidex::query
