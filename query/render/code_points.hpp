/** @file
 * @brief Reading UTF-8 one code point at a time, and the code points that reorder text on screen.
 * Shared by the HTML and terminal escapers so that both see the same characters in hostile names.
 */
#pragma once

#include <cstddef>
#include <string_view>

namespace evidex::query {

/// Length of the valid UTF-8 sequence at s[i] and its code point in cp, or 0 when it is not valid
/// (overlong forms, surrogates and values past U+10FFFF included).
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp);

/// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make
/// "txt.exe" read as "exe.txt".
bool is_bidi_control(char32_t cp);

}  // namespace evidex::query
