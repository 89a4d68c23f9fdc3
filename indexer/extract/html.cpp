/** @file
 * @brief HTML and XHTML pages: find the charset the bytes really are in, then html_to_text.
 *
 * Pages lie about their charset (a <meta> copied from a template, a Word export re-saved by an
 * editor), so a declaration is believed only when the bytes agree with it.
 */
#include "indexer/extract/handlers.hpp"
#include "indexer/extract/text_input.hpp"
#include "indexer/extract/html_text.hpp"
#include "indexer/util/text_encoding.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace evidex::indexer {
namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The value after "charset=" (or "encoding=") at pos, without quotes.
std::string value_at(std::string_view s, std::size_t pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) {
    ++pos;
  }
  if (pos < s.size() && (s[pos] == '"' || s[pos] == '\'')) {
    ++pos;
  }
  std::size_t end = pos;
  while (end < s.size() && end - pos < 40 &&
         (std::isalnum(static_cast<unsigned char>(s[end])) || s[end] == '-' || s[end] == '_' ||
          s[end] == ':' || s[end] == '.')) {
    ++end;
  }
  return std::string(s.substr(pos, end - pos));
}

/// The charset the page declares: <meta charset>, <meta http-equiv content="...; charset=">, or the
/// XML declaration's encoding. Browsers look at the first 1024 bytes; Word exports put long style
/// blocks first, so we look further.
std::string declared_charset(std::string_view bytes) {
  std::string head = lower_ascii(bytes.substr(0, 16384));
  if (head.compare(0, 5, "<?xml") == 0) {
    auto end = head.find("?>");
    auto enc = head.find("encoding", 0);
    if (enc != std::string::npos && enc < end) {
      auto eq = head.find('=', enc);
      if (eq != std::string::npos && eq < end) {
        std::string v = value_at(head, eq + 1);
        if (!v.empty()) {
          return v;
        }
      }
    }
  }
  for (std::size_t meta = head.find("<meta"); meta != std::string::npos; meta = head.find("<meta", meta + 5)) {
    std::size_t close = head.find('>', meta);
    std::string_view tag = std::string_view(head).substr(meta, close == std::string::npos ? 512 : close - meta);
    auto cs = tag.find("charset");
    if (cs == std::string_view::npos) {
      continue;
    }
    auto eq = tag.find('=', cs);
    if (eq == std::string_view::npos) {
      continue;
    }
    std::string v = value_at(tag, eq + 1);
    if (!v.empty()) {
      return v;
    }
  }
  return {};
}

bool has_non_ascii(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

/// Whether text decoded with a declared charset is nonsense: replacement characters or C1 controls
/// (what windows-125x bytes become when read as ISO-8859-x) among its non-ASCII characters.
bool looks_misdecoded(std::string_view utf8) {
  std::size_t non_ascii = 0;
  std::size_t bad = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80 || (c & 0xC0) == 0x80) {
      continue;
    }
    ++non_ascii;
    if (utf8.substr(i, 3) == "\xEF\xBF\xBD" || (c == 0xC2 && i + 1 < utf8.size() &&
                                                 static_cast<unsigned char>(utf8[i + 1]) < 0xA0)) {
      ++bad;
    }
  }
  return bad > 0 && bad * 50 > non_ascii;
}

/// Whether the text between the tags is mostly non-ASCII: Cyrillic, Greek, Arabic, CJK... A page
/// labelled Latin-1 (the default of many editors) with such text is not Western European.
bool mostly_non_ascii_text(std::string_view bytes) {
  std::size_t ascii_letters = 0;
  std::size_t high = 0;
  bool in_tag = false;
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '<') {
      in_tag = true;
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      ascii_letters += std::isalpha(c) != 0 && c < 0x80;
      high += c >= 0x80;
    }
  }
  return high > 16 && high > ascii_letters;
}

bool starts_with_bom(std::string_view b) {
  return b.substr(0, 3) == "\xEF\xBB\xBF" || b.substr(0, 2) == "\xFF\xFE" || b.substr(0, 2) == "\xFE\xFF";
}

/// The page as UTF-8, by the order of trust: BOM, UTF-16 pattern, valid non-ASCII UTF-8, the
/// declaration when the bytes agree with it, uchardet.
std::string decode_page(std::string_view bytes) {
  std::string guessed = guess_charset(bytes);
  if (starts_with_bom(bytes) || guessed.rfind("UTF-16", 0) == 0 || guessed.rfind("UTF-32", 0) == 0 ||
      guessed.rfind("ISO-2022", 0) == 0 || (guessed == "UTF-8" && has_non_ascii(bytes))) {
    auto text = convert_to_utf8(bytes, guessed);
    if (text) {
      return std::move(*text);
    }
  }
  std::string declared = preferred_charset(declared_charset(bytes));
  bool usable = !declared.empty() && declared.rfind("UTF-16", 0) != 0 && declared.rfind("UTF-32", 0) != 0 &&
                !(declared == "UTF-8" && !is_valid_utf8(bytes));
  if (usable) {
    auto text = convert_to_utf8(bytes, declared);
    bool latin_label_on_foreign_text = declared == "WINDOWS-1252" && preferred_charset(guessed) != "WINDOWS-1252" &&
                                       mostly_non_ascii_text(bytes);
    if (text && !looks_misdecoded(*text) && !latin_label_on_foreign_text) {
      return std::move(*text);
    }
  }
  return decode_unlabelled(bytes);
}

class HtmlExtractor final : public Extractor {
public:
  std::string_view name() const override { return "html"; }

  Extraction extract(const std::filesystem::path& file, ExtractContext& ctx) const override {
    Extraction out;
    std::string page = decode_page(read_text_input(file, ctx, out));
    if (page.compare(0, 3, "\xEF\xBB\xBF") == 0) {
      page.erase(0, 3);
    }
    HtmlText html = html_to_text(page);
    out.pages.push_back(std::move(html.text));
    if (!html.title.empty()) {
      out.meta["title"] = std::move(html.title);
    }
    return out;
  }
};

}  // namespace

std::shared_ptr<const Extractor> make_html_extractor() { return std::make_shared<HtmlExtractor>(); }

}  // namespace evidex::indexer
