/** @file
 * @brief A copy of UTF-8 text reduced to one upper-case ASCII byte per character, for scanners that
 * look for short codes (criteria references) however they were typed, and the map from each byte
 * of the copy back to the original bytes.
 *
 * What the copy does to the text: ASCII letters become upper case; Cyrillic and Greek letters that
 * look like Latin ones become those ("К" -> 'K', "В" -> 'B', "Ѕ" -> 'S', Greek "Κ" -> 'K');
 * characters whose compatibility decomposition (NFKC) is plain ASCII become it (full-width "２Ｋ１",
 * the Kelvin sign, ligatures); every dash and the minus sign become '-'; every space becomes ' '
 * and line or paragraph separators '\n'; invisible format characters (zero-width space, soft
 * hyphen, byte order mark) are dropped. Superscripts, subscripts, fractions and circled numbers
 * are *not* folded to digits: "2K1¹" is a footnote mark after 2K1, not "2K11".
 */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::mapping {

/// Stands for a letter, digit or mark with no ASCII equivalent ("é", "ж", a combining accent):
/// scanners treat it as part of a word, so "é2K1" is one word.
inline constexpr char k_other_letter = '\x01';
/// Stands for any other character with no ASCII equivalent (symbols, "•", "¹", invalid UTF-8).
inline constexpr char k_other_symbol = '\x02';

class NormalisedText {
public:
  /// Keeps a view of `original`, which must outlive this object.
  explicit NormalisedText(std::string_view original);

  /// Upper-case ASCII, whitespace, k_other_letter and k_other_symbol.
  const std::string& text() const { return m_text; }
  std::size_t size() const { return m_text.size(); }

  /// Byte offset in the original of the character that produced normalised byte `i`
  /// (`i == size()` gives the original's size).
  std::size_t original_offset(std::size_t i) const { return m_origin[i]; }

  /// The original bytes behind normalised bytes [begin, end), whole characters only: a span that
  /// ends inside a character's expansion ("ﬁ" -> "FI") takes the whole character.
  std::string_view original_span(std::size_t begin, std::size_t end) const;

private:
  void append(char32_t code_point, std::size_t offset);

  std::string_view m_original;
  std::string m_text;
  std::vector<std::size_t> m_origin;  // one per byte of m_text, plus the original's size
};

/// The ASCII letter a Cyrillic or Greek letter is written to look like (upper case), or 0.
char latin_look_alike(char32_t code_point);

}  // namespace evidex::mapping
