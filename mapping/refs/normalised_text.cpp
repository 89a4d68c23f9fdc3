#include "mapping/refs/normalised_text.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <utility>

namespace evidex::mapping {
namespace {

// Cyrillic and Greek letters that are drawn like Latin ones, sorted by code point. NFKC keeps them
// apart from Latin, but documents mix them in: the ST0072 specification itself writes "К3" with a
// Cyrillic К, and "13В2" with a Cyrillic В turns up in copied text.
constexpr std::array<std::pair<char32_t, char>, 52> k_look_alikes{{
    {0x0391, 'A'}, {0x0392, 'B'}, {0x0395, 'E'}, {0x0396, 'Z'}, {0x0397, 'H'}, {0x0399, 'I'},
    {0x039A, 'K'}, {0x039C, 'M'}, {0x039D, 'N'}, {0x039F, 'O'}, {0x03A1, 'P'}, {0x03A4, 'T'},
    {0x03A5, 'Y'}, {0x03A7, 'X'}, {0x03B2, 'B'}, {0x03BA, 'K'}, {0x03BF, 'O'}, {0x03F2, 'C'},
    {0x0405, 'S'}, {0x0406, 'I'}, {0x0408, 'J'}, {0x0410, 'A'}, {0x0412, 'B'}, {0x0415, 'E'},
    {0x041A, 'K'}, {0x041C, 'M'}, {0x041D, 'H'}, {0x041E, 'O'}, {0x0420, 'P'}, {0x0421, 'C'},
    {0x0422, 'T'}, {0x0423, 'Y'}, {0x0425, 'X'}, {0x0430, 'A'}, {0x0432, 'B'}, {0x0435, 'E'},
    {0x043A, 'K'}, {0x043C, 'M'}, {0x043D, 'H'}, {0x043E, 'O'}, {0x0440, 'P'}, {0x0441, 'C'},
    {0x0442, 'T'}, {0x0443, 'Y'}, {0x0445, 'X'}, {0x0455, 'S'}, {0x0456, 'I'}, {0x0458, 'J'},
    {0x04AE, 'Y'}, {0x04C0, 'I'}, {0x051A, 'Q'}, {0x051C, 'W'},
}};
static_assert(std::is_sorted(k_look_alikes.begin(), k_look_alikes.end()), "latin_look_alike() searches it");

char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

bool is_dash(char32_t cp, utf8proc_category_t category) {
  return category == UTF8PROC_CATEGORY_PD || cp == 0x2212 /* minus sign */;
}

bool is_letter_digit_or_mark(utf8proc_category_t category) {
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_NO;
}

// Compatibility forms that would turn into digits but mean something else next to a reference:
// footnote marks (¹), subscripts, fractions (½), circled and squared numbers.
bool is_number_decoration(int decomp_type) {
  return decomp_type == UTF8PROC_DECOMP_TYPE_SUPER || decomp_type == UTF8PROC_DECOMP_TYPE_SUB ||
         decomp_type == UTF8PROC_DECOMP_TYPE_FRACTION || decomp_type == UTF8PROC_DECOMP_TYPE_CIRCLE ||
         decomp_type == UTF8PROC_DECOMP_TYPE_SQUARE;
}

// The code point's NFKC decomposition when it is all ASCII ("Ｋ" -> "K", "ﬁ" -> "fi"), else "".
std::string ascii_decomposition(char32_t cp) {
  std::array<utf8proc_int32_t, 8> buffer{};
  int boundclass = 0;
  auto n = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(cp), buffer.data(),
                                   static_cast<utf8proc_ssize_t>(buffer.size()),
                                   static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT), &boundclass);
  if (n <= 0 || n > static_cast<utf8proc_ssize_t>(buffer.size())) {
    return {};
  }
  std::string out;
  for (utf8proc_ssize_t i = 0; i < n; ++i) {
    if (buffer[static_cast<std::size_t>(i)] <= 0 || buffer[static_cast<std::size_t>(i)] >= 0x80) {
      return {};
    }
    out += ascii_upper(static_cast<char>(buffer[static_cast<std::size_t>(i)]));
  }
  return out;
}

}  // namespace

char latin_look_alike(char32_t code_point) {
  auto it = std::lower_bound(k_look_alikes.begin(), k_look_alikes.end(), code_point,
                             [](const auto& entry, char32_t cp) { return entry.first < cp; });
  return it != k_look_alikes.end() && it->first == code_point ? it->second : '\0';
}

NormalisedText::NormalisedText(std::string_view original) : m_original(original) {
  m_text.reserve(original.size());
  m_origin.reserve(original.size() + 1);
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(original.data());
  std::size_t i = 0;
  while (i < original.size()) {
    if (static_cast<unsigned char>(original[i]) < 0x80) {  // the common case, without utf8proc
      m_text += ascii_upper(original[i]);
      m_origin.push_back(i);
      ++i;
      continue;
    }
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(original.size() - i), &cp);
    if (n <= 0) {  // invalid UTF-8: one byte that is nothing in particular
      m_text += k_other_symbol;
      m_origin.push_back(i);
      ++i;
      continue;
    }
    append(static_cast<char32_t>(cp), i);
    i += static_cast<std::size_t>(n);
  }
  m_origin.push_back(original.size());
}

void NormalisedText::append(char32_t cp, std::size_t offset) {
  auto emit = [&](std::string_view chars) {
    for (char c : chars) {
      m_text += c;
      m_origin.push_back(offset);
    }
  };
  if (char latin = latin_look_alike(cp)) {
    emit(std::string_view(&latin, 1));
    return;
  }
  const auto category = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  if (category == UTF8PROC_CATEGORY_CF) {
    return;  // invisible: "2K\u200B1" is 2K1
  }
  if (category == UTF8PROC_CATEGORY_ZS) {
    emit(" ");
    return;
  }
  if (category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP) {
    emit("\n");
    return;
  }
  if (is_dash(cp, category)) {
    emit("-");
    return;
  }
  const auto* property = utf8proc_get_property(static_cast<utf8proc_int32_t>(cp));
  if (!is_number_decoration(property->decomp_type)) {
    if (auto ascii = ascii_decomposition(cp); !ascii.empty()) {
      emit(ascii);
      return;
    }
  }
  const char placeholder = is_letter_digit_or_mark(category) && !is_number_decoration(property->decomp_type)
                               ? k_other_letter
                               : k_other_symbol;
  emit(std::string_view(&placeholder, 1));
}

std::string_view NormalisedText::original_span(std::size_t begin, std::size_t end) const {
  while (end < m_text.size() && end > begin && m_origin[end] == m_origin[end - 1]) {
    ++end;  // do not cut a character's expansion in two
  }
  return m_original.substr(m_origin[begin], m_origin[end] - m_origin[begin]);
}

}  // namespace evidex::mapping
