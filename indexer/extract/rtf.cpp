/** @file
 * @brief RTF to text. No packaged library reads RTF text well, so this is a small decoder of our own:
 * one pass over the bytes, no recursion, a cap on group depth and on output, code pages per font.
 */
#include "indexer/extract/handlers.hpp"
#include "indexer/extract/rtf_text.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/file_io.hpp"
#include "indexer/util/text_encoding.hpp"

#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::indexer {
namespace {

// Where the text of the current group goes.
enum class Dest {
  Text,       // the document body
  Skip,       // a destination we do not want (pictures, style sheet, field instructions...)
  FontTable,  // font numbers and their charsets, no text
  Info,       // document properties: only their sub-groups carry text
  Title,
  Author,
  Subject,
  Created,
  Modified,
};

struct GroupState {
  Dest dest = Dest::Text;
  int uc = 1;           // fallback characters that follow each \uN
  unsigned cp = 0;      // code page of \'hh bytes; 0 = the document default
  bool star = false;    // "\*" seen: an unknown destination that follows is skipped
  bool first_word = true;
};

// Word's \fcharset numbers to Windows code pages.
unsigned charset_to_codepage(long charset) {
  switch (charset) {
    case 77: return 10000;
    case 128: return 932;
    case 129: return 949;
    case 130: return 1361;
    case 134: return 936;
    case 136: return 950;
    case 161: return 1253;
    case 162: return 1254;
    case 163: return 1258;
    case 177: return 1255;
    case 178: return 1256;
    case 186: return 1257;
    case 204: return 1251;
    case 222: return 874;
    case 238: return 1250;
    case 254: return 437;
    case 255: return 850;
    default: return 0;  // ANSI, default, symbol: the document's \ansicpg
  }
}

std::string iconv_name(unsigned cp) {
  switch (cp) {
    case 10000: return "MACINTOSH";
    case 1361: return "JOHAB";
    default: return "CP" + std::to_string(cp);
  }
}

bool is_multibyte(unsigned cp) { return cp == 932 || cp == 936 || cp == 949 || cp == 950 || cp == 1361; }

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    cp = 0xFFFD;
  }
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Destinations whose content is never document text.
bool is_skipped_destination(std::string_view word) {
  static constexpr std::string_view skipped[] = {
      "colortbl", "stylesheet", "pict", "objdata", "objclass", "objname", "datastore", "themedata",
      "colorschememapping", "latentstyles", "listtable", "listoverridetable", "rsidtbl", "generator",
      "xmlnstbl", "mmathPr", "filetbl", "revtbl", "pgdsctbl", "fldinst", "bkmkstart", "bkmkend",
      "nonshppict", "shpinst", "sp", "template", "userprops", "docvar", "ftnsep", "ftnsepc",
      "aftnsep", "aftnsepc", "falt", "panose", "fontemb", "fontfile", "pgptbl", "protusertbl",
      "xe", "tc", "wgrffmtfilter", "passwordhash", "operator", "company", "category", "comment",
      "doccomm", "hlinkbase", "keywords", "manager", "private", "printim", "buptim", "listtext",
      "pntext"};
  for (auto s : skipped) {
    if (word == s) {
      return true;
    }
  }
  return false;
}

class RtfDecoder {
public:
  RtfDecoder(std::string_view in, std::uint64_t max_text) : m_in(in), m_max_text(max_text) {}

  void run() {
    m_stack.push_back(GroupState{});
    while (m_pos < m_in.size() && !m_full) {
      char c = m_in[m_pos];
      if (c == '{') {
        ++m_pos;
        open_group();
      } else if (c == '}') {
        ++m_pos;
        close_group();
      } else if (c == '\\') {
        ++m_pos;
        control();
      } else if (c == '\r' || c == '\n') {
        ++m_pos;
      } else {
        ++m_pos;
        if (consume_fallback()) {
          continue;
        }
        top().first_word = false;
        byte(static_cast<unsigned char>(c));
      }
    }
    flush();
    finish_surrogate();
  }

  void finish_meta() {
    for (auto& [key, value] : m_meta_raw) {
      std::string v = sanitize_utf8(value);
      auto b = v.find_first_not_of(" \t\r\n");
      auto e = v.find_last_not_of(" \t\r\n");
      if (b != std::string::npos) {
        m_meta[key] = v.substr(b, e - b + 1);
      }
    }
  }

  std::string& text() { return m_text; }
  const std::map<std::string, std::string>& meta() const { return m_meta; }
  bool truncated_groups() const { return !m_closed_root; }
  bool full() const { return m_full; }

private:
  // Nesting past this is not a document; the groups are still counted so braces stay balanced.
  static constexpr std::size_t max_depth = 256;

  GroupState& top() { return m_stack.back(); }

  void open_group() {
    flush();
    finish_surrogate();
    m_skip = 0;
    if (m_stack.size() >= max_depth) {
      ++m_overflow;
      return;
    }
    GroupState next = top();
    next.star = false;
    next.first_word = true;
    m_stack.push_back(next);
  }

  void close_group() {
    flush();
    finish_surrogate();
    m_skip = 0;
    if (m_overflow > 0) {
      --m_overflow;
      return;
    }
    if (m_stack.size() <= 1) {
      m_closed_root = true;  // text after the final brace is ignored, as Word does
      m_pos = m_in.size();
      return;
    }
    GroupState closing = top();
    m_stack.pop_back();
    if (closing.dest == Dest::FontTable && top().dest != Dest::FontTable && m_font >= 0) {
      m_font = -1;
    }
    if (closing.dest == Dest::Created || closing.dest == Dest::Modified) {
      store_date(closing.dest == Dest::Created ? "created" : "modified");
    }
    if (m_stack.size() == 1) {
      m_closed_root = true;
    }
  }

  // A fallback character after \uN is dropped; true when c was one.
  bool consume_fallback() {
    if (m_skip > 0) {
      --m_skip;
      return true;
    }
    return false;
  }

  void control() {
    if (m_pos >= m_in.size()) {
      return;
    }
    char c = m_in[m_pos];
    if (!std::isalpha(static_cast<unsigned char>(c))) {
      ++m_pos;
      control_symbol(c);
      return;
    }
    std::size_t start = m_pos;
    while (m_pos < m_in.size() && m_pos - start < 32 && std::isalpha(static_cast<unsigned char>(m_in[m_pos]))) {
      ++m_pos;
    }
    std::string_view word = m_in.substr(start, m_pos - start);
    bool has_param = false;
    long param = 0;
    bool negative = false;
    if (m_pos < m_in.size() && m_in[m_pos] == '-') {
      negative = true;
      ++m_pos;
    }
    std::size_t digits = 0;
    while (m_pos < m_in.size() && std::isdigit(static_cast<unsigned char>(m_in[m_pos]))) {
      if (digits < 10) {
        param = param * 10 + (m_in[m_pos] - '0');
      }
      ++digits;
      ++m_pos;
    }
    has_param = digits > 0;
    if (negative) {
      param = -param;
    }
    if (m_pos < m_in.size() && m_in[m_pos] == ' ') {
      ++m_pos;
    }
    control_word(word, has_param, param);
  }

  void control_symbol(char c) {
    switch (c) {
      case '\'': {
        unsigned value = 0;
        int got = 0;
        while (got < 2 && m_pos < m_in.size() && std::isxdigit(static_cast<unsigned char>(m_in[m_pos]))) {
          char h = m_in[m_pos++];
          value = value * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(h))
                                                         ? h - '0'
                                                         : std::tolower(static_cast<unsigned char>(h)) - 'a' + 10);
          ++got;
        }
        if (consume_fallback()) {
          return;
        }
        top().first_word = false;
        if (got > 0) {
          byte(static_cast<unsigned char>(value));
        }
        return;
      }
      case '*':
        top().star = true;
        return;
      case '\\':
      case '{':
      case '}':
        if (consume_fallback()) {
          return;
        }
        top().first_word = false;
        byte(static_cast<unsigned char>(c));
        return;
      case '~':
        emit_code_point(0xA0);
        return;
      case '_':
        emit_code_point(0x2011);
        return;
      case '-':
        return;  // optional hyphen
      case '\n':
      case '\r':
        emit_code_point('\n');
        return;
      default:
        return;
    }
  }

  void control_word(std::string_view w, bool has_param, long param) {
    GroupState& g = top();
    bool first = g.first_word;
    g.first_word = false;
    if (w == "bin") {
      // Raw binary data follows; never text.
      flush();
      std::size_t n = has_param && param > 0 ? static_cast<std::size_t>(param) : 0;
      m_pos += std::min(n, m_in.size() - m_pos);
      return;
    }
    if (w == "u" && has_param) {
      long v = param;
      if (v < 0) {
        v += 65536;
      }
      if (m_skip > 0) {
        --m_skip;  // a \u inside another's fallback is itself a fallback
        return;
      }
      emit_utf16(static_cast<std::uint32_t>(v & 0xFFFF));
      m_skip = g.uc;
      return;
    }
    if (consume_fallback()) {
      return;
    }
    // Destinations.
    if (g.star && first) {
      g.dest = Dest::Skip;
      return;
    }
    if (w == "fonttbl") {
      g.dest = Dest::FontTable;
      return;
    }
    if (w == "info") {
      g.dest = Dest::Info;
      return;
    }
    if (g.dest == Dest::Info || g.dest == Dest::Text) {
      if (w == "title" || w == "author" || w == "subject" || w == "creatim" || w == "revtim") {
        flush();
        g.dest = w == "title"     ? Dest::Title
                 : w == "author"  ? Dest::Author
                 : w == "subject" ? Dest::Subject
                 : w == "creatim" ? Dest::Created
                                  : Dest::Modified;
        m_date = {};
        return;
      }
    }
    if (is_skipped_destination(w)) {
      if (first || w == "pict" || w == "fldinst") {
        flush();
        g.dest = Dest::Skip;
      }
      return;
    }
    if (g.dest == Dest::Created || g.dest == Dest::Modified) {
      if (w == "yr") m_date[0] = param;
      else if (w == "mo") m_date[1] = param;
      else if (w == "dy") m_date[2] = param;
      else if (w == "hr") m_date[3] = param;
      else if (w == "min") m_date[4] = param;
      return;
    }
    // Code pages.
    if (w == "ansicpg" && has_param && param > 0) {
      m_ansi_cp = static_cast<unsigned>(param);
      return;
    }
    if (w == "mac") {
      m_ansi_cp = 10000;
      return;
    }
    if (w == "pc") {
      m_ansi_cp = 437;
      return;
    }
    if (w == "pca") {
      m_ansi_cp = 850;
      return;
    }
    if (w == "deff" && has_param) {
      m_default_font = param;
      return;
    }
    if (w == "uc" && has_param && param >= 0 && param < 16) {
      g.uc = static_cast<int>(param);
      return;
    }
    if (w == "f" && has_param) {
      if (g.dest == Dest::FontTable) {
        m_font = param;
        m_font_cp[param];  // known, charset still default
      } else {
        flush();
        auto it = m_font_cp.find(param);
        g.cp = it != m_font_cp.end() ? it->second : 0;
      }
      return;
    }
    if (g.dest == Dest::FontTable) {
      if (w == "fcharset" && has_param && m_font >= 0) {
        unsigned cp = charset_to_codepage(param);
        if (cp != 0) {
          m_font_cp[m_font] = cp;
        }
      } else if (w == "cpg" && has_param && m_font >= 0 && param > 0) {
        m_font_cp[m_font] = static_cast<unsigned>(param);
      }
      return;
    }
    if (w == "plain") {
      flush();
      g.cp = 0;
      return;
    }
    // Characters.
    if (w == "par" || w == "line" || w == "sect" || w == "page" || w == "row" || w == "nestrow") {
      emit_code_point('\n');
    } else if (w == "tab" || w == "cell" || w == "nestcell") {
      emit_code_point('\t');
    } else if (w == "emdash") {
      emit_code_point(0x2014);
    } else if (w == "endash") {
      emit_code_point(0x2013);
    } else if (w == "bullet") {
      emit_code_point(0x2022);
    } else if (w == "lquote") {
      emit_code_point(0x2018);
    } else if (w == "rquote") {
      emit_code_point(0x2019);
    } else if (w == "ldblquote") {
      emit_code_point(0x201C);
    } else if (w == "rdblquote") {
      emit_code_point(0x201D);
    } else if (w == "emspace" || w == "enspace" || w == "qmspace") {
      emit_code_point(' ');
    }
  }

  bool wants_text(Dest d) const {
    return d == Dest::Text || d == Dest::Title || d == Dest::Author || d == Dest::Subject;
  }

  std::string* sink(Dest d) {
    switch (d) {
      case Dest::Text: return &m_text;
      case Dest::Title: return &m_meta_raw["title"];
      case Dest::Author: return &m_meta_raw["author"];
      case Dest::Subject: return &m_meta_raw["subject"];
      default: return nullptr;
    }
  }

  unsigned current_cp() {
    unsigned cp = top().cp;
    if (cp == 0) {
      auto it = m_font_cp.find(m_default_font);
      cp = it != m_font_cp.end() && it->second != 0 ? it->second : m_ansi_cp;
    }
    return cp;
  }

  void byte(unsigned char b) {
    if (!wants_text(top().dest)) {
      return;
    }
    finish_surrogate();
    unsigned cp = current_cp();
    if (!m_pending.empty() && (cp != m_pending_cp || top().dest != m_pending_dest)) {
      flush();
    }
    m_pending_cp = cp;
    m_pending_dest = top().dest;
    m_pending += static_cast<char>(b);
  }

  void flush() {
    if (m_pending.empty()) {
      return;
    }
    std::string* out = sink(m_pending_dest);
    bool ascii = true;
    for (char c : m_pending) {
      ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    }
    std::string decoded;
    if (ascii && !is_multibyte(m_pending_cp)) {
      decoded = std::move(m_pending);
    } else if (is_multibyte(m_pending_cp) && m_pending_cp != 932) {
      // Producers that declare a double-byte \ansicpg still write a lone \'a9 for (c): a lead
      // byte without its trail byte is read as windows-1252, not lost.
      std::string run;
      for (std::size_t i = 0; i < m_pending.size(); ++i) {
        auto b = static_cast<unsigned char>(m_pending[i]);
        bool lone_lead = b >= 0x81 && (i + 1 == m_pending.size() ||
                                       static_cast<unsigned char>(m_pending[i + 1]) < 0x40);
        if (lone_lead) {
          decoded += decode(run, m_pending_cp);
          run.clear();
          decoded += decode(m_pending.substr(i, 1), 1252);
        } else {
          run += m_pending[i];
          if (b >= 0x81 && i + 1 < m_pending.size()) {
            run += m_pending[++i];
          }
        }
      }
      decoded += decode(run, m_pending_cp);
    } else {
      decoded = decode(m_pending, m_pending_cp);
    }
    m_pending.clear();
    append(out, decoded);
  }

  static std::string decode(const std::string& bytes, unsigned cp) {
    if (bytes.empty()) {
      return {};
    }
    auto converted = convert_to_utf8(bytes, iconv_name(cp));
    if (!converted) {
      converted = convert_to_utf8(bytes, "CP1252");
    }
    return converted ? std::move(*converted) : sanitize_utf8(bytes);
  }

  void append(std::string* out, std::string_view s) {
    if (!out || m_full) {
      return;
    }
    if (out == &m_text && m_text.size() + s.size() > m_max_text) {
      // Cut between characters: a character cut in two would come back as U+FFFD, past the limit.
      std::size_t keep = m_max_text - m_text.size();
      while (keep > 0 && (static_cast<unsigned char>(s[keep]) & 0xC0) == 0x80) {
        --keep;
      }
      m_text.append(s.substr(0, keep));
      m_full = true;
      return;
    }
    if (out != &m_text && out->size() > 4096) {
      return;  // a property is a line, not a book
    }
    out->append(s);
  }

  void emit_code_point(std::uint32_t cp) {
    if (!wants_text(top().dest)) {
      return;
    }
    flush();
    finish_surrogate();
    std::string s;
    append_utf8(s, cp);
    append(sink(top().dest), s);
  }

  void emit_utf16(std::uint32_t unit) {
    if (!wants_text(top().dest)) {
      return;
    }
    flush();
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      finish_surrogate();
      m_high_surrogate = unit;
      m_surrogate_dest = top().dest;
      return;
    }
    if (unit >= 0xDC00 && unit <= 0xDFFF) {
      if (m_high_surrogate != 0) {
        std::uint32_t cp = 0x10000 + ((m_high_surrogate - 0xD800) << 10) + (unit - 0xDC00);
        m_high_surrogate = 0;
        std::string s;
        append_utf8(s, cp);
        append(sink(m_surrogate_dest), s);
        return;
      }
      unit = 0xFFFD;
    }
    finish_surrogate();
    std::string s;
    append_utf8(s, unit);
    append(sink(top().dest), s);
  }

  // A high surrogate not followed by its low half.
  void finish_surrogate() {
    if (m_high_surrogate != 0) {
      m_high_surrogate = 0;
      std::string s;
      append_utf8(s, 0xFFFD);
      append(sink(m_surrogate_dest), s);
    }
  }

  void store_date(const char* key) {
    long y = m_date[0], mo = m_date[1], d = m_date[2];
    if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31) {
      return;
    }
    char buf[32];
    long h = m_date[3], mi = m_date[4];
    if (h >= 0 && h < 24 && mi >= 0 && mi < 60 && (h != 0 || mi != 0)) {
      std::snprintf(buf, sizeof buf, "%04ld-%02ld-%02ldT%02ld:%02ld:00", y, mo, d, h, mi);
    } else {
      std::snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y, mo, d);
    }
    m_meta[key] = buf;
  }

  std::string_view m_in;
  std::uint64_t m_max_text;
  std::size_t m_pos = 0;
  std::vector<GroupState> m_stack;
  std::size_t m_overflow = 0;
  bool m_closed_root = false;
  bool m_full = false;
  int m_skip = 0;
  unsigned m_ansi_cp = 1252;
  long m_default_font = -1;
  long m_font = -1;
  std::map<long, unsigned> m_font_cp;
  std::string m_pending;
  unsigned m_pending_cp = 1252;
  Dest m_pending_dest = Dest::Text;
  std::uint32_t m_high_surrogate = 0;
  Dest m_surrogate_dest = Dest::Text;
  std::array<long, 5> m_date{};
  std::string m_text;
  std::map<std::string, std::string> m_meta_raw;
  std::map<std::string, std::string> m_meta;
};

// Text as a reader sees it: no trailing blanks on lines, at most one empty line in a row.
std::string tidy(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != '\n') {
      out += c;
      continue;
    }
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) {
      out.pop_back();
    }
    std::size_t size = out.size();
    bool two_newlines = size >= 2 && out[size - 1] == '\n' && out[size - 2] == '\n';
    if (!out.empty() && !two_newlines) {
      out += '\n';
    }
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\t')) {
    out.pop_back();
  }
  return out;
}

class RtfExtractor final : public Extractor {
public:
  std::string_view name() const override { return "rtf"; }

  Extraction extract(const std::filesystem::path& file, ExtractContext& ctx) const override {
    // RTF carries pictures as hex, so a file is often far bigger than its text; a cap well above
    // the text limit still bounds memory.
    std::string bytes = read_file_capped(file, ctx.limits.max_item_bytes, ctx.item_path);
    if (bytes.empty()) {
      throw ItemError(ctx.item_path, "empty: zero-byte RTF file");
    }
    std::size_t start = bytes.find("{\\rtf");
    if (start == std::string::npos || start > 1024) {
      throw ItemError(ctx.item_path, "corrupt RTF: no {\\rtf header");
    }
    RtfText rtf = rtf_to_text(std::string_view(bytes).substr(start), ctx.limits.max_text_bytes);

    Extraction out;
    if (rtf.truncated) {
      if (rtf.text.find_first_not_of(" \t\n") == std::string::npos) {
        throw ItemError(ctx.item_path, "corrupt RTF: truncated, no text before the end of the file");
      }
      out.warnings.push_back("corrupt RTF: truncated (unclosed groups); text kept up to the cut");
    }
    if (rtf.cut_at_limit) {
      out.warnings.push_back("limit exceeded: text cut at " + std::to_string(ctx.limits.max_text_bytes) +
                             " bytes");
    }
    out.pages.push_back(std::move(rtf.text));
    out.meta = std::move(rtf.meta);
    return out;
  }
};

}  // namespace

RtfText rtf_to_text(std::string_view rtf, std::uint64_t max_text_bytes) {
  RtfDecoder decoder(rtf, max_text_bytes);
  decoder.run();
  decoder.finish_meta();
  RtfText out;
  out.text = tidy(sanitize_utf8(decoder.text()));
  out.meta = decoder.meta();
  out.cut_at_limit = decoder.full();
  out.truncated = decoder.truncated_groups() && !decoder.full();
  return out;
}

std::shared_ptr<const Extractor> make_rtf_extractor() { return std::make_shared<RtfExtractor>(); }

}  // namespace evidex::indexer
