#include "indexer/extract/mail_parts.hpp"

#include "indexer/util/text_encoding.hpp"

#include <algorithm>
#include <cctype>

namespace evidex::indexer::mail {
namespace {

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) {
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool has_8bit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::size_t replacement_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t at = s.find("\xEF\xBF\xBD"); at != std::string_view::npos;
       at = s.find("\xEF\xBF\xBD", at + 3)) {
    ++n;
  }
  return n;
}

// The iconv name for a charset label found in mail. Outlook and old webmail label text with names
// iconv does not know, or with a subset of what they actually wrote (ISO-8859-1 for
// windows-1252, EUC-KR for CP949).
std::string iconv_name(std::string_view declared) {
  std::string c = lower(declared);
  c.erase(std::remove_if(c.begin(), c.end(), [](char ch) { return ch == '"' || ch == '\'' || ch == ' '; }),
          c.end());
  if (c.starts_with("ks_c_5601") || c == "ksc5601" || c == "euc-kr" || c == "euckr" || c == "korean") {
    return "CP949";
  }
  if (c == "shift_jis" || c == "shift-jis" || c == "x-sjis" || c == "sjis" || c == "windows-31j" ||
      c == "ms_kanji" || c == "cp932") {
    return "CP932";
  }
  if (c == "iso-2022-jp" || c == "csiso2022jp") {
    // A superset: mails labelled ISO-2022-JP often carry JIS X 0212 or half-width kana escapes.
    return "ISO-2022-JP-2";
  }
  if (c == "iso-8859-1" || c == "latin1" || c == "latin-1" || c == "iso8859-1" || c == "us-ascii" ||
      c == "ascii" || c == "ansi_x3.4-1968") {
    return "windows-1252";
  }
  if (c == "gb2312" || c == "gbk" || c == "x-gbk" || c == "cp936" || c == "euc-cn") {
    return "GB18030";
  }
  if (c == "utf8") {
    return "UTF-8";
  }
  return c;
}

}  // namespace

std::string text_to_utf8(std::string_view bytes, std::string_view declared_charset) {
  if (!has_8bit(bytes) && declared_charset.empty()) {
    return sanitize_utf8(bytes);
  }
  std::string charset = iconv_name(declared_charset);
  bool wide = charset.starts_with("utf-16") || charset.starts_with("utf-32") || charset.starts_with("ucs");
  // 8-bit text that is valid UTF-8 is UTF-8 whatever the label says: legacy text almost never is.
  if (!wide && !charset.starts_with("iso-2022") && has_8bit(bytes) && is_valid_utf8(bytes)) {
    return std::string(bytes);
  }
  std::optional<std::string> converted;
  if (!charset.empty() && charset != "unknown-8bit" && charset != "x-unknown") {
    converted = convert_to_utf8(bytes, charset);
  }
  if (converted && replacement_count(*converted) == replacement_count(bytes)) {
    return *converted;
  }
  // Unknown or wrong label: let the detector decide, and keep whichever loses less.
  std::optional<std::string> guessed = convert_to_utf8(bytes, guess_charset(bytes));
  if (!guessed) {
    return converted ? *converted : sanitize_utf8(bytes);
  }
  if (converted && replacement_count(*converted) <= replacement_count(*guessed)) {
    return *converted;
  }
  return *guessed;
}

std::string truncate_utf8(std::string s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) {
    return s;
  }
  std::size_t keep = max_bytes;
  while (keep > 0 && (static_cast<unsigned char>(s[keep]) & 0xC0) == 0x80) {
    --keep;
  }
  s.resize(keep);
  return s;
}

std::string extension_for(std::string_view mime_type) {
  static constexpr std::pair<std::string_view, std::string_view> known[] = {
      {"application/pdf", ".pdf"},
      {"application/msword", ".doc"},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
      {"application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx"},
      {"application/vnd.ms-excel", ".xls"},
      {"application/vnd.ms-powerpoint", ".ppt"},
      {"application/vnd.oasis.opendocument.text", ".odt"},
      {"application/zip", ".zip"},
      {"application/rtf", ".rtf"},
      {"application/pkcs7-signature", ".p7s"},
      {"application/x-pkcs7-signature", ".p7s"},
      {"application/pgp-signature", ".asc"},
      {"application/ms-tnef", ".dat"},
      {"application/vnd.ms-tnef", ".dat"},
      {"message/rfc822", ".eml"},
      {"message/delivery-status", ".txt"},
      {"text/plain", ".txt"},
      {"text/html", ".html"},
      {"text/csv", ".csv"},
      {"text/calendar", ".ics"},
      {"text/rtf", ".rtf"},
      {"text/xml", ".xml"},
      {"image/png", ".png"},
      {"image/jpeg", ".jpg"},
      {"image/jpg", ".jpg"},
      {"image/gif", ".gif"},
      {"image/tiff", ".tif"},
      {"image/bmp", ".bmp"},
      {"audio/mpeg", ".mp3"},
      {"video/mp4", ".mp4"},
  };
  std::string type = lower(mime_type);
  for (const auto& [mime, ext] : known) {
    if (type == mime) {
      return std::string(ext);
    }
  }
  if (type.starts_with("text/")) {
    return ".txt";
  }
  return ".bin";
}

namespace {

void append_header_line(std::string& text, std::string_view label, std::string_view value) {
  if (value.empty()) {
    return;
  }
  text += label;
  text += ": ";
  // Folded or hostile header values must not break the one-line-per-header layout.
  for (char c : sanitize_utf8(value)) {
    text += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
  }
  text += '\n';
}

}  // namespace

std::string header_block(const Headers& h) {
  std::string text;
  append_header_line(text, "From", h.from);
  append_header_line(text, "To", h.to);
  append_header_line(text, "Cc", h.cc);
  append_header_line(text, "Subject", h.subject);
  append_header_line(text, "Date", h.date);
  return text;
}

}  // namespace evidex::indexer::mail
