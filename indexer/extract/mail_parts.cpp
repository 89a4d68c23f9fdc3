#include "indexer/extract/mail_parts.hpp"

#include "indexer/util/text_encoding.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <system_error>

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

std::string safe_file_name(std::string_view name) {
  std::string valid = sanitize_utf8(name);
  std::string_view base = valid;
  if (auto slash = base.find_last_of("/\\"); slash != std::string_view::npos) {
    base.remove_prefix(slash + 1);
  }
  std::string out;
  for (char c : base) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7F && c != ':') {
      out += c;
    }
  }
  auto first = out.find_first_not_of(" .");
  if (first == std::string::npos) {
    return {};
  }
  out.erase(0, out.find_first_not_of(' '));
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  constexpr std::size_t max_bytes = 200;
  if (out.size() > max_bytes) {
    std::string ext;
    if (auto dot = out.rfind('.'); dot != std::string::npos && out.size() - dot <= 16) {
      ext = out.substr(dot);
    }
    out = truncate_utf8(out, max_bytes - ext.size()) + ext;
  }
  return out;
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

ChildWriter::ChildWriter(ExtractContext& ctx, Extraction& out) : m_ctx(ctx), m_out(out) {}

bool ChildWriter::accepting() {
  if (m_entries < m_ctx.budget_entries && m_bytes < m_ctx.budget_bytes) {
    return true;
  }
  if (!m_warned) {
    m_warned = true;
    m_out.warnings.push_back(m_entries >= m_ctx.budget_entries
                                 ? "limit exceeded: the bundle's entry budget is used up; further "
                                   "attachments were skipped"
                                 : "limit exceeded: the bundle's size budget is used up; further "
                                   "attachments were skipped");
  }
  return false;
}

std::string ChildWriter::unique_name(std::string_view name) {
  std::string candidate{name};
  auto dot = candidate.rfind('.');
  std::string stem = dot == std::string::npos || dot == 0 ? candidate : candidate.substr(0, dot);
  std::string ext = dot == std::string::npos || dot == 0 ? "" : candidate.substr(dot);
  for (unsigned n = 2; m_names.contains(candidate); ++n) {
    candidate = stem + " (" + std::to_string(n) + ")" + ext;
  }
  m_names.insert(candidate);
  return candidate;
}

void ChildWriter::add(std::string_view name, const std::function<void(const ChildSink&)>& produce) {
  if (!accepting()) {
    return;
  }
  std::string child_name = unique_name(name);
  ++m_entries;
  std::filesystem::path file = m_ctx.next_child_file();
  std::ofstream stream(file, std::ios::binary | std::ios::trunc);
  if (!stream) {
    m_out.children.push_back({child_name, {}, "unreadable: cannot write to the scratch directory"});
    return;
  }
  std::uint64_t room = m_ctx.budget_bytes - m_bytes;
  bool over_item = false, over_budget = false;
  std::uint64_t written = 0;
  produce([&](std::string_view chunk) {
    if (over_item || over_budget) {
      return false;
    }
    if (written + chunk.size() > m_ctx.limits.max_item_bytes) {
      over_item = true;
      return false;
    }
    if (written + chunk.size() > room) {
      over_budget = true;
      return false;
    }
    stream.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    written += chunk.size();
    return static_cast<bool>(stream);
  });
  stream.close();
  if (over_item || over_budget || !stream) {
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
    std::string reason = !stream         ? "unreadable: cannot write to the scratch directory"
                         : over_item     ? "limit exceeded: attachment larger than " +
                                           std::to_string(m_ctx.limits.max_item_bytes) + " bytes"
                                         : "limit exceeded: the bundle's size budget is used up";
    m_out.children.push_back({child_name, {}, std::move(reason)});
    if (over_budget) {
      m_bytes = m_ctx.budget_bytes;
    }
    return;
  }
  m_bytes += written;
  m_out.expanded_bytes += written;
  m_out.children.push_back({child_name, file, ""});
}

void ChildWriter::add_written(std::string_view name,
                              const std::function<bool(const std::filesystem::path&)>& write) {
  if (!accepting()) {
    return;
  }
  std::string child_name = unique_name(name);
  ++m_entries;
  std::filesystem::path file = m_ctx.next_child_file();
  bool ok = write(file);
  std::error_code ec;
  std::uint64_t size = ok ? std::filesystem::file_size(file, ec) : 0;
  std::string reason;
  if (!ok || ec) {
    reason = "unreadable: cannot write to the scratch directory";
  } else if (size > m_ctx.limits.max_item_bytes) {
    reason = "limit exceeded: attachment larger than " + std::to_string(m_ctx.limits.max_item_bytes) + " bytes";
  } else if (size > m_ctx.budget_bytes - m_bytes) {
    reason = "limit exceeded: the bundle's size budget is used up";
    m_bytes = m_ctx.budget_bytes;
  }
  if (!reason.empty()) {
    std::filesystem::remove(file, ec);
    m_out.children.push_back({child_name, {}, std::move(reason)});
    return;
  }
  m_bytes += size;
  m_out.expanded_bytes += size;
  m_out.children.push_back({child_name, file, ""});
}

void ChildWriter::add_error(std::string_view name, std::string reason) {
  if (!accepting()) {
    return;
  }
  ++m_entries;
  m_out.children.push_back({unique_name(name), {}, std::move(reason)});
}

}  // namespace evidex::indexer::mail
