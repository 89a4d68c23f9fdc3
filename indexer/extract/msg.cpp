/** @file
 * @brief Outlook .msg (an OLE2 compound file of MAPI property streams, [MS-OXMSG]) with libgsf:
 * header lines and body as text, attachments as children.
 */
#include "indexer/extract/handlers.hpp"
#include "indexer/extract/html_text.hpp"
#include "indexer/extract/mail_parts.hpp"
#include "indexer/extract/ole_file.hpp"
#include "indexer/util/c_handle.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/text_encoding.hpp"

#include <gsf/gsf-infile.h>
#include <gsf/gsf-input.h>
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-stdio.h>
#include <gsf/gsf-output.h>
#include <gsf/gsf-utils.h>

#include <cstdio>
#include <ctime>
#include <map>
#include <optional>

namespace evidex::indexer {
namespace {

using InputPtr = GObjectPtr<GsfInput>;
using InfilePtr = GObjectPtr<GsfInfile>;
using OutputPtr = GObjectPtr<GsfOutput>;
using ErrorPtr = std::unique_ptr<GError, CFree<g_error_free>>;

/// A single MAPI string or body stream larger than this is cut: 64 MiB of body is far beyond any
/// real e-mail, and the text cap (Limits::max_text_bytes) applies after decoding anyway.
constexpr std::uint64_t max_property_bytes = 64ull << 20;
constexpr std::size_t read_chunk = 64 * 1024;

// MAPI property ids ([MS-OXPROPS]) and types.
constexpr unsigned pid_subject = 0x0037;
constexpr unsigned pid_client_submit_time = 0x0039;
constexpr unsigned pid_sender_name = 0x0C1A;
constexpr unsigned pid_sender_email = 0x0C1F;
constexpr unsigned pid_display_cc = 0x0E03;
constexpr unsigned pid_display_to = 0x0E04;
constexpr unsigned pid_delivery_time = 0x0E06;
constexpr unsigned pid_body = 0x1000;
constexpr unsigned pid_html = 0x1013;
constexpr unsigned pid_rtf_compressed = 0x1009;
constexpr unsigned pid_display_name = 0x3001;
constexpr unsigned pid_attach_data = 0x3701;
constexpr unsigned pid_attach_filename = 0x3704;
constexpr unsigned pid_attach_method = 0x3705;
constexpr unsigned pid_attach_long_filename = 0x3707;
constexpr unsigned pid_attach_mime_tag = 0x370E;
constexpr unsigned pid_internet_codepage = 0x3FDE;
constexpr unsigned pid_message_codepage = 0x3FFD;
constexpr unsigned type_long = 0x0003;
constexpr unsigned type_time = 0x0040;
constexpr unsigned attach_embedded_message = 5;

// libgsf hands out storages and streams as the same GsfInfileMSOle type; only a storage has
// children.
bool is_storage(GsfInput* input) {
  return input && GSF_IS_INFILE(input) && gsf_infile_num_children(GSF_INFILE(input)) >= 0;
}

std::string substg_name(unsigned id, unsigned type) {
  char name[32];
  std::snprintf(name, sizeof name, "__substg1.0_%04X%04X", id, type);
  return name;
}

// Whole stream (up to cap bytes); nullopt when the storage has no such stream.
std::optional<std::string> read_stream(GsfInfile* dir, const std::string& name, std::uint64_t cap) {
  InputPtr input{gsf_infile_child_by_name(dir, name.c_str())};
  if (!input || is_storage(input.get())) {
    return std::nullopt;
  }
  auto size = static_cast<std::uint64_t>(gsf_input_size(input.get()));
  std::string bytes(static_cast<std::size_t>(std::min(size, cap)), '\0');
  if (!bytes.empty() && !gsf_input_read(input.get(), bytes.size(), reinterpret_cast<guint8*>(bytes.data()))) {
    return std::nullopt;
  }
  return bytes;
}

std::string codepage_charset(std::uint32_t codepage) {
  switch (codepage) {
    case 0:
      return "windows-1252";
    case 1200:
      return "UTF-16LE";
    case 20127:
      return "US-ASCII";
    case 20866:
      return "KOI8-R";
    case 50220:
    case 50221:
    case 50222:
      return "ISO-2022-JP";
    case 51932:
      return "EUC-JP";
    case 51949:
      return "CP949";
    case 65001:
      return "UTF-8";
    default:
      break;
  }
  if (codepage >= 28591 && codepage <= 28605) {
    return "ISO-8859-" + std::to_string(codepage - 28590);
  }
  return "CP" + std::to_string(codepage);
}

// The fixed-size properties of one storage ([MS-OXMSG] 2.4): a header, then 16-byte entries of
// tag, flags and an 8-byte value.
std::map<std::uint32_t, std::uint64_t> fixed_properties(GsfInfile* dir, std::size_t header_size) {
  std::map<std::uint32_t, std::uint64_t> props;
  auto stream = read_stream(dir, "__properties_version1.0", 1u << 20);
  if (!stream || stream->size() < header_size) {
    return props;
  }
  auto le = [&](std::size_t at, int bytes) {
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) {
      v = (v << 8) | static_cast<unsigned char>((*stream)[at + static_cast<std::size_t>(i)]);
    }
    return v;
  };
  for (std::size_t at = header_size; at + 16 <= stream->size(); at += 16) {
    props[static_cast<std::uint32_t>(le(at, 4))] = le(at + 8, 8);
  }
  return props;
}

std::optional<std::uint64_t> property(const std::map<std::uint32_t, std::uint64_t>& props, unsigned id, unsigned type) {
  if (auto it = props.find((id << 16) | type); it != props.end()) {
    return it->second;
  }
  return std::nullopt;
}

std::string filetime_iso(std::uint64_t filetime) {
  constexpr std::uint64_t epoch_offset = 116444736000000000ull;  // 1601-01-01 to 1970-01-01 in 100 ns
  if (filetime <= epoch_offset) {
    return {};
  }
  auto seconds = static_cast<std::time_t>((filetime - epoch_offset) / 10000000ull);
  std::tm tm{};
  if (!gmtime_r(&seconds, &tm)) {
    return {};
  }
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// One MAPI storage (the message, an attachment, an embedded message) and how to read its strings.
class PropertyStorage {
public:
  /// charset8: the code page of 8-bit strings when the storage does not name one (attachments
  /// inherit their message's).
  PropertyStorage(GsfInfile* dir, std::size_t header_size, std::string charset8 = "windows-1252")
      : m_dir(dir), m_props(fixed_properties(dir, header_size)), m_charset8(std::move(charset8)) {
    if (auto codepage = property(m_props, pid_message_codepage, type_long)) {
      m_charset8 = codepage_charset(static_cast<std::uint32_t>(*codepage));
    }
  }

  const std::string& charset8() const { return m_charset8; }

  /// A string property: PT_UNICODE (UTF-16LE) first, then PT_STRING8 in the message code page.
  std::string string(unsigned id) const {
    if (auto wide = read_stream(m_dir, substg_name(id, 0x001F), max_property_bytes)) {
      auto text = convert_to_utf8(*wide, "UTF-16LE");
      return trim_nul(text ? *text : std::string());
    }
    if (auto narrow = read_stream(m_dir, substg_name(id, 0x001E), max_property_bytes)) {
      return trim_nul(mail::text_to_utf8(trim_nul(*narrow), m_charset8));
    }
    return {};
  }

  std::optional<std::string> binary(unsigned id, std::uint64_t cap = max_property_bytes) const {
    return read_stream(m_dir, substg_name(id, 0x0102), cap);
  }

  std::optional<std::uint64_t> fixed(unsigned id, unsigned type) const { return property(m_props, id, type); }

  GsfInfile* dir() const { return m_dir; }

private:
  static std::string trim_nul(std::string s) {
    while (!s.empty() && s.back() == '\0') {
      s.pop_back();
    }
    return s;
  }

  GsfInfile* m_dir;
  std::map<std::uint32_t, std::uint64_t> m_props;
  std::string m_charset8;
};

std::string html_body_text(const PropertyStorage& message) {
  std::optional<std::string> html = message.binary(pid_html);
  std::string text;
  if (html) {
    auto cpid = message.fixed(pid_internet_codepage, type_long);
    text = mail::text_to_utf8(*html, cpid ? codepage_charset(static_cast<std::uint32_t>(*cpid)) : "");
  } else {
    text = message.string(pid_html);
  }
  return text.empty() ? text : html_to_text(text).text;
}

// Decompresses PidTagRtfCompressed ([MS-OXRTFCP] 2.2.3: LZ77 over a 4 KiB ring buffer primed with
// a fixed RTF prefix). nullopt when the stream is not compressed RTF.
std::optional<std::string> decompress_rtf(std::string_view in, std::uint64_t cap) {
  auto le32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) {
      v = (v << 8) | static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)]);
    }
    return v;
  };
  if (in.size() < 16) {
    return std::nullopt;
  }
  std::uint32_t raw_size = le32(4);
  std::uint32_t type = le32(8);
  constexpr std::uint32_t uncompressed = 0x414C454D;  // "MELA"
  constexpr std::uint32_t compressed = 0x75465A4C;    // "LZFu"
  std::uint64_t limit = std::min<std::uint64_t>(raw_size, cap);
  if (type == uncompressed) {
    return std::string(in.substr(16, static_cast<std::size_t>(std::min<std::uint64_t>(limit, in.size() - 16))));
  }
  if (type != compressed) {
    return std::nullopt;
  }
  static constexpr std::string_view prefix =
      "{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript "
      "\\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par "
      "\\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";
  std::string ring(4096, '\0');
  std::copy(prefix.begin(), prefix.end(), ring.begin());
  std::size_t write_at = prefix.size();
  std::string out;
  std::size_t at = 16;
  while (at < in.size() && out.size() < limit) {
    auto control = static_cast<unsigned char>(in[at++]);
    for (int bit = 0; bit < 8 && at < in.size() && out.size() < limit; ++bit) {
      if (!(control & (1u << bit))) {
        out += in[at];
        ring[write_at] = in[at++];
        write_at = (write_at + 1) % ring.size();
        continue;
      }
      if (at + 2 > in.size()) {
        return out;
      }
      unsigned word = (static_cast<unsigned char>(in[at]) << 8) | static_cast<unsigned char>(in[at + 1]);
      at += 2;
      std::size_t offset = word >> 4;
      std::size_t length = (word & 0xF) + 2;
      if (offset == write_at) {
        return out;
      }
      for (std::size_t i = 0; i < length && out.size() < limit; ++i) {
        char c = ring[(offset + i) % ring.size()];
        out += c;
        ring[write_at] = c;
        write_at = (write_at + 1) % ring.size();
      }
    }
  }
  return out;
}

// Copies a storage tree into an OLE output, for turning an embedded message into a .msg file.
bool copy_tree(GsfInfile* from, GsfOutfile* to, int depth) {
  if (depth > 32) {
    return false;
  }
  int count = gsf_infile_num_children(from);
  for (int i = 0; i < count; ++i) {
    const char* name = gsf_infile_name_by_index(from, i);
    InputPtr child{gsf_infile_child_by_index(from, i)};
    if (!name || !child) {
      return false;
    }
    bool is_dir = is_storage(child.get());
    OutputPtr out{gsf_outfile_new_child(to, name, is_dir)};
    if (!out) {
      return false;
    }
    bool ok = is_dir ? copy_tree(GSF_INFILE(child.get()), GSF_OUTFILE(out.get()), depth + 1)
                     : gsf_input_copy(child.get(), out.get());
    gsf_output_close(out.get());
    if (!ok) {
      return false;
    }
  }
  return true;
}

// Writes the embedded message storage as a standalone .msg ([MS-OXMSG] 2.2.3: the top-level
// property header has 8 more reserved bytes, and the named-property map lives at the root).
bool write_embedded_msg(GsfInfile* root, GsfInfile* embedded, const std::filesystem::path& file) {
  GError* raw_error = nullptr;
  OutputPtr sink{gsf_output_stdio_new(file.c_str(), &raw_error)};
  ErrorPtr error{raw_error};
  if (!sink) {
    return false;
  }
  OutputPtr ole{GSF_OUTPUT(gsf_outfile_msole_new(sink.get()))};
  if (!ole) {
    return false;
  }
  bool ok = true;
  int count = gsf_infile_num_children(embedded);
  for (int i = 0; i < count && ok; ++i) {
    const char* name = gsf_infile_name_by_index(embedded, i);
    InputPtr child{gsf_infile_child_by_index(embedded, i)};
    if (!name || !child) {
      ok = false;
      break;
    }
    bool is_dir = is_storage(child.get());
    OutputPtr out{gsf_outfile_new_child(GSF_OUTFILE(ole.get()), name, is_dir)};
    if (!out) {
      ok = false;
    } else if (is_dir) {
      ok = copy_tree(GSF_INFILE(child.get()), GSF_OUTFILE(out.get()), 1);
    } else if (std::string_view(name) == "__properties_version1.0") {
      auto size = static_cast<std::size_t>(std::min<gsf_off_t>(gsf_input_size(child.get()), 1 << 20));
      std::string bytes(size, '\0');
      ok = size < 24 || gsf_input_read(child.get(), size, reinterpret_cast<guint8*>(bytes.data()));
      if (ok && size >= 24) {
        bytes.insert(24, 8, '\0');
        ok = gsf_output_write(out.get(), bytes.size(), reinterpret_cast<const guint8*>(bytes.data()));
      }
    } else {
      ok = gsf_input_copy(child.get(), out.get());
    }
    if (out) {
      gsf_output_close(out.get());
    }
  }
  InputPtr nameid{gsf_infile_child_by_name(root, "__nameid_version1.0")};
  if (ok && is_storage(nameid.get())) {
    OutputPtr out{gsf_outfile_new_child(GSF_OUTFILE(ole.get()), "__nameid_version1.0", TRUE)};
    ok = out && copy_tree(GSF_INFILE(nameid.get()), GSF_OUTFILE(out.get()), 1);
    if (out) {
      gsf_output_close(out.get());
    }
  }
  bool closed = gsf_output_close(ole.get());
  gsf_output_close(sink.get());
  return ok && closed;
}

class MsgExtractor final : public Extractor {
public:
  std::string_view name() const override { return "msg"; }

  Extraction extract(const std::filesystem::path& file, ExtractContext& ctx) const override {
    OleFile ole = open_ole_file(file);
    if (!ole.root) {
      throw ItemError(ctx.item_path, "corrupt Outlook message: " + ole.error);
    }
    const InfilePtr& root = ole.root;
    if (!read_stream(root.get(), "__properties_version1.0", 0) && !has_substg(root.get())) {
      throw ItemError(ctx.item_path, "corrupt Outlook message: no MAPI property streams");
    }

    PropertyStorage message(root.get(), 32);
    Extraction out;
    std::string subject = message.string(pid_subject);
    std::string sender_name = message.string(pid_sender_name);
    std::string sender_email = message.string(pid_sender_email);
    std::string from = sender_name;
    if (!sender_email.empty() && sender_email != sender_name) {
      from = from.empty() ? sender_email : from + " <" + sender_email + ">";
    }
    std::string to = message.string(pid_display_to);
    std::string cc = message.string(pid_display_cc);
    auto time = message.fixed(pid_client_submit_time, type_time);
    if (!time) {
      time = message.fixed(pid_delivery_time, type_time);
    }
    std::string date = time ? filetime_iso(*time) : std::string();

    std::string text = mail::header_block({from, to, cc, subject, date});
    std::string body = message.string(pid_body);
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
      body = html_body_text(message);
    }
    std::optional<std::string> rtf;
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) {
      // Only an RTF body: it becomes a child for the RTF handler.
      if (auto packed = message.binary(pid_rtf_compressed)) {
        rtf = decompress_rtf(*packed, ctx.limits.max_item_bytes);
      }
      if (!rtf) {
        out.warnings.push_back("empty: the message has no readable body");
      }
    } else {
      text += '\n';
      text += body;
    }
    if (text.size() > ctx.limits.max_text_bytes) {
      text.resize(ctx.limits.max_text_bytes);
      out.warnings.push_back("limit exceeded: body text cut at " + std::to_string(ctx.limits.max_text_bytes) + " bytes");
    }
    out.pages.push_back(sanitize_utf8(text));
    for (auto& [key, value] : {std::pair{"subject", subject}, {"from", from}, {"to", to}, {"date", date}}) {
      if (!value.empty()) {
        out.meta[key] = sanitize_utf8(value);
      }
    }
    ChildWriter children(ctx, out, "attachment");
    if (rtf) {
      children.add("message-body.rtf", *rtf);
    }
    add_attachments(root.get(), message.charset8(), children);
    return out;
  }

private:
  static bool has_substg(GsfInfile* dir) {
    int count = gsf_infile_num_children(dir);
    for (int i = 0; i < count; ++i) {
      const char* name = gsf_infile_name_by_index(dir, i);
      if (name && std::string_view(name).starts_with("__substg1.0_")) {
        return true;
      }
    }
    return false;
  }

  static void add_attachments(GsfInfile* root, const std::string& charset8, ChildWriter& children) {
    int count = gsf_infile_num_children(root);
    unsigned number = 0;
    for (int i = 0; i < count; ++i) {
      const char* entry = gsf_infile_name_by_index(root, i);
      if (!entry || !std::string_view(entry).starts_with("__attach_version1.0_#")) {
        continue;
      }
      InputPtr child{gsf_infile_child_by_index(root, i)};
      if (!is_storage(child.get())) {
        continue;
      }
      ++number;
      PropertyStorage attachment(GSF_INFILE(child.get()), 8, charset8);
      std::string name = mail::safe_file_name(attachment.string(pid_attach_long_filename));
      if (name.empty()) {
        name = mail::safe_file_name(attachment.string(pid_attach_filename));
      }
      InputPtr object{gsf_infile_child_by_name(GSF_INFILE(child.get()), substg_name(pid_attach_data, 0x000D).c_str())};
      bool embedded = is_storage(object.get());
      auto method = attachment.fixed(pid_attach_method, type_long);
      if (embedded && method && static_cast<std::uint32_t>(*method) == attach_embedded_message) {
        PropertyStorage inner(GSF_INFILE(object.get()), 24, charset8);
        std::string inner_name = mail::safe_file_name(inner.string(pid_subject));
        if (inner_name.empty()) {
          inner_name = mail::safe_file_name(attachment.string(pid_display_name));
        }
        inner_name = (inner_name.empty() ? "message-" + std::to_string(number) : mail::truncate_utf8(inner_name, 120)) + ".msg";
        children.add_written(inner_name, [&](const std::filesystem::path& file) {
          return write_embedded_msg(root, GSF_INFILE(object.get()), file);
        });
        continue;
      }
      if (name.empty()) {
        name = mail::safe_file_name(attachment.string(pid_display_name));
      }
      if (name.empty()) {
        name = "attachment-" + std::to_string(number) + mail::extension_for(attachment.string(pid_attach_mime_tag));
      }
      if (embedded) {
        children.add_error(name, "unsupported format: embedded OLE object in an Outlook message");
        continue;
      }
      InputPtr data{gsf_infile_child_by_name(GSF_INFILE(child.get()), substg_name(pid_attach_data, 0x0102).c_str())};
      if (!data) {
        children.add_error(name, "empty: attachment without data (a link or a reference)");
        continue;
      }
      children.add(name, [&](const ChunkSink& sink) {
        std::string buffer(read_chunk, '\0');
        for (;;) {
          gsf_off_t left = gsf_input_remaining(data.get());
          if (left <= 0) {
            break;
          }
          auto n = static_cast<std::size_t>(std::min<gsf_off_t>(left, static_cast<gsf_off_t>(buffer.size())));
          if (!gsf_input_read(data.get(), n, reinterpret_cast<guint8*>(buffer.data())) ||
              !sink(std::string_view(buffer.data(), n))) {
            break;
          }
        }
        return std::string();
      });
    }
  }
};

}  // namespace

std::shared_ptr<const Extractor> make_msg_extractor() { return std::make_shared<MsgExtractor>(); }

}  // namespace evidex::indexer
