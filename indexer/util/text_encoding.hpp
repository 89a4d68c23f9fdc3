/** @file
 * @brief Bytes in some encoding to valid UTF-8. Shared by every handler, so that everything that
 * reaches the store and the index is valid UTF-8.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace evidex {

/// True when s is entirely valid UTF-8.
bool is_valid_utf8(std::string_view s);

/// s with every invalid UTF-8 sequence replaced by U+FFFD; NUL bytes dropped.
std::string sanitize_utf8(std::string_view s);

/// Converts bytes from charset (any name iconv knows: "windows-1252", "ISO-2022-JP", "UTF-16LE")
/// to UTF-8. Unconvertible sequences become U+FFFD. nullopt when iconv does not know the charset.
std::optional<std::string> convert_to_utf8(std::string_view bytes, std::string_view charset);

/// The iconv name to decode a declared or detected charset label with. Labels are mapped to the
/// superset browsers use (ISO-8859-1 and US-ASCII -> windows-1252, GB2312 -> GB18030, EUC-KR -> CP949,
/// Shift_JIS -> CP932, Big5 -> CP950, "unicode" -> UTF-16LE), because pages labelled with the
/// subset routinely contain the superset's characters. Surrounding quotes and spaces are ignored.
std::string preferred_charset(std::string_view label);

/// Best guess of the charset of unlabelled bytes: BOM first, then UTF-16 without BOM (NUL pattern),
/// then ISO-2022 escapes, then valid UTF-8, then uchardet. Single-byte text whose only high bytes are
/// 0x80-0x9F (smart quotes, dashes, which every windows-125x code page places alike) is
/// windows-1252. Never empty: falls back to "windows-1252".
std::string guess_charset(std::string_view bytes);

/// Decodes unlabelled text: guess_charset + convert_to_utf8, BOM removed.
std::string decode_unlabelled(std::string_view bytes);

}  // namespace evidex
