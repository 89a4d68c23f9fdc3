#include "indexer/util/text_encoding.hpp"

#include "indexer/util/c_handle.hpp"

#include <uchardet/uchardet.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <iconv.h>
#include <memory>

namespace evidex {
namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is invalid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) {
    return 1;
  }
  std::size_t len = 0;
  std::uint32_t cp = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  static constexpr std::uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

// iconv_t is a pointer type: own it like any other C handle.
using IconvPtr = std::unique_ptr<std::remove_pointer_t<iconv_t>, CFree<iconv_close>>;

// The 7-bit ISO-2022 encodings are valid ASCII, so they must be recognised by their escapes
// before the UTF-8 check claims them.
const char* iso2022_charset(std::string_view bytes) {
  std::string_view head = bytes.substr(0, 65536);
  if (head.find('\x1B') == std::string_view::npos) {
    return nullptr;
  }
  for (unsigned char c : head) {
    if (c >= 0x80) {
      return nullptr;
    }
  }
  if (head.find("\x1B$)C") != std::string_view::npos) {
    return "ISO-2022-KR";
  }
  if (head.find("\x1B$)A") != std::string_view::npos || head.find("\x1B$)G") != std::string_view::npos) {
    return "ISO-2022-CN";
  }
  if (head.find("\x1B$B") != std::string_view::npos || head.find("\x1B$@") != std::string_view::npos ||
      head.find("\x1B(J") != std::string_view::npos || head.find("\x1B$(D") != std::string_view::npos) {
    return "ISO-2022-JP-2";
  }
  return nullptr;
}

bool is_multibyte_charset(std::string_view cs) {
  static constexpr std::string_view multi[] = {"SHIFT_JIS", "CP932", "EUC-JP", "EUC-KR", "CP949", "UHC",
                                               "GB18030",   "GB2312", "GBK",  "BIG5",   "CP950", "EUC-TW",
                                               "ISO-2022",  "UTF-",   "HZ-GB-2312", "JOHAB"};
  return std::any_of(std::begin(multi), std::end(multi),
                      [&](std::string_view m) { return cs.substr(0, m.size()) == m; });
}

}  // namespace

std::string preferred_charset(std::string_view label) {
  std::string l;
  for (char c : label) {
    if (c != '"' && c != '\'' && !std::isspace(static_cast<unsigned char>(c))) {
      l += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  static constexpr std::pair<std::string_view, std::string_view> aliases[] = {
      {"ISO-8859-1", "WINDOWS-1252"}, {"ISO8859-1", "WINDOWS-1252"}, {"LATIN1", "WINDOWS-1252"},
      {"L1", "WINDOWS-1252"},         {"US-ASCII", "WINDOWS-1252"},  {"ASCII", "WINDOWS-1252"},
      {"ISO-8859-9", "WINDOWS-1254"}, {"LATIN5", "WINDOWS-1254"},    {"ISO-8859-11", "CP874"},
      {"TIS-620", "CP874"},           {"WINDOWS-874", "CP874"},      {"GB2312", "GB18030"},
      {"GBK", "GB18030"},             {"X-GBK", "GB18030"},          {"CP936", "GB18030"},
      {"EUC-KR", "CP949"},            {"KS_C_5601-1987", "CP949"},   {"KS_C_5601", "CP949"},
      {"UHC", "CP949"},               {"SHIFT_JIS", "CP932"},        {"SHIFT-JIS", "CP932"},
      {"X-SJIS", "CP932"},            {"SJIS", "CP932"},             {"MS_KANJI", "CP932"},
      {"WINDOWS-31J", "CP932"},       {"BIG5", "CP950"},             {"X-X-BIG5", "CP950"},
      {"UNICODE", "UTF-16LE"},        {"UCS-2", "UTF-16LE"},         {"UTF-16", "UTF-16LE"},
      {"UTF8", "UTF-8"},              {"ISO-2022-JP", "ISO-2022-JP-2"}, {"X-MAC-ROMAN", "MACINTOSH"},
      {"X-MAC-CYRILLIC", "MAC-CYRILLIC"}, {"X-CP1250", "WINDOWS-1250"}, {"X-CP1251", "WINDOWS-1251"}};
  for (auto [from, to] : aliases) {
    if (l == from) {
      return std::string(to);
    }
  }
  return l;
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      if (!(len == 1 && s[i] == '\0')) {
        out.append(s, i, len);
      }
      i += len;
    }
  }
  return out;
}

std::optional<std::string> convert_to_utf8(std::string_view bytes, std::string_view charset) {
  std::string from{charset};
  iconv_t raw = iconv_open("UTF-8", from.c_str());
  if (raw == reinterpret_cast<iconv_t>(-1)) {
    return std::nullopt;
  }
  IconvPtr cd{raw};
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char buffer[16384];
  while (in_left > 0) {
    char* o = buffer;
    std::size_t o_left = sizeof buffer;
    std::size_t rc = iconv(cd.get(), &in, &in_left, &o, &o_left);
    out.append(buffer, static_cast<std::size_t>(o - buffer));
    if (rc == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) {
        continue;
      }
      // EILSEQ or EINVAL (truncated input): mark it and skip one byte.
      out += "\xEF\xBF\xBD";
      ++in;
      --in_left;
      iconv(cd.get(), nullptr, nullptr, nullptr, nullptr);
    }
  }
  // Flush shift state (ISO-2022-JP).
  char* o = buffer;
  std::size_t o_left = sizeof buffer;
  iconv(cd.get(), nullptr, nullptr, &o, &o_left);
  out.append(buffer, static_cast<std::size_t>(o - buffer));
  return sanitize_utf8(out);
}

std::string guess_charset(std::string_view bytes) {
  auto starts = [&](std::string_view p) { return bytes.substr(0, p.size()) == p; };
  if (starts("\xEF\xBB\xBF")) {
    return "UTF-8";
  }
  if (starts(std::string_view("\xFF\xFE\x00\x00", 4))) {
    return "UTF-32LE";
  }
  if (starts("\xFF\xFE")) {
    return "UTF-16LE";
  }
  if (starts("\xFE\xFF")) {
    return "UTF-16BE";
  }
  // UTF-16 without BOM: mostly-ASCII text has NUL in every other byte.
  std::size_t sample = std::min<std::size_t>(bytes.size(), 4096) & ~std::size_t{1};
  if (sample >= 4) {
    std::size_t even_nul = 0, odd_nul = 0;
    for (std::size_t i = 0; i < sample; i += 2) {
      even_nul += bytes[i] == '\0';
      odd_nul += bytes[i + 1] == '\0';
    }
    std::size_t pairs = sample / 2;
    if (odd_nul * 10 > pairs * 4 && even_nul * 10 < pairs) {
      return "UTF-16LE";
    }
    if (even_nul * 10 > pairs * 4 && odd_nul * 10 < pairs) {
      return "UTF-16BE";
    }
  }
  if (const char* iso2022 = iso2022_charset(bytes)) {
    return iso2022;
  }
  if (is_valid_utf8(bytes)) {
    return "UTF-8";
  }
  // Past here the bytes are not UTF-8: ask uchardet, then overrule it where it is known to guess
  // a exotic single-byte code page for English with a few smart quotes.
  bool only_c1_high = true;
  for (unsigned char c : bytes) {
    if (c >= 0xA0) {
      only_c1_high = false;
      break;
    }
  }
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, CFree<uchardet_delete>> detector{uchardet_new()};
  if (detector && uchardet_handle_data(detector.get(), bytes.data(), bytes.size()) == 0) {
    uchardet_data_end(detector.get());
    std::string found = uchardet_get_charset(detector.get());
    if (!found.empty() && found != "ASCII") {
      if (only_c1_high && !is_multibyte_charset(found)) {
        return "windows-1252";
      }
      return preferred_charset(found);
    }
  }
  return "windows-1252";
}

std::string decode_unlabelled(std::string_view bytes) {
  std::string charset = guess_charset(bytes);
  auto text = convert_to_utf8(bytes, charset);
  if (!text) {
    text = convert_to_utf8(bytes, "windows-1252");
  }
  std::string out = text ? std::move(*text) : sanitize_utf8(bytes);
  if (out.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    out.erase(0, 3);
  }
  return out;
}

}  // namespace evidex
