/** @file
 * @brief E-mail (.eml, message/rfc822) and mbox, with GMime 3: decoded headers and text body as
 * the item's text, every attachment and forwarded message as a child.
 */
#include "indexer/extract/handlers.hpp"
#include "indexer/extract/html_text.hpp"
#include "indexer/extract/mail_parts.hpp"
#include "indexer/util/c_handle.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/text_encoding.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <fcntl.h>
#include <mutex>

namespace evidex::indexer {
namespace {


template <class T>
using GPtr = std::unique_ptr<T, CFree<g_object_unref>>;
using GCharPtr = std::unique_ptr<char, CFree<g_free>>;
using ParserOptionsPtr = std::unique_ptr<GMimeParserOptions, CFree<g_mime_parser_options_free>>;
using DateTimePtr = std::unique_ptr<GDateTime, CFree<g_date_time_unref>>;

/// MIME nesting below this is skipped with a warning. Real mail nests a handful of levels
/// (signed > mixed > related > alternative); GMime itself stops at 1024.
constexpr int max_mime_depth = 32;
constexpr std::size_t read_chunk = 64 * 1024;

void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

std::string lower(std::string_view s) {
  std::string out;
  for (char c : s) {
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string str(const char* s) { return s ? std::string(s) : std::string(); }

ParserOptionsPtr make_parser_options() {
  ParserOptionsPtr options{g_mime_parser_options_new()};
  g_mime_parser_options_set_rfc2047_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_parameter_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_address_compliance_mode(options.get(), GMIME_RFC_COMPLIANCE_LOOSE);
  // Raw 8-bit headers: RFC 6532 UTF-8 first, then what Western mail clients wrote before it.
  const char* fallback[] = {"UTF-8", "windows-1252", nullptr};
  g_mime_parser_options_set_fallback_charsets(options.get(), fallback);
  return options;
}

GPtr<GMimeStream> open_stream(const std::filesystem::path& file, const std::string& item_path) {
  UniqueFd fd{::open(file.c_str(), O_RDONLY | O_CLOEXEC)};
  if (!fd) {
    throw ItemError(item_path, "unreadable: cannot open the e-mail file");
  }
  // The stream owns the descriptor from here on; GMime reads parts lazily from it.
  return GPtr<GMimeStream>{g_mime_stream_fs_new(fd.release())};
}

std::string addresses(InternetAddressList* list) {
  if (!list || internet_address_list_length(list) == 0) {
    return {};
  }
  GCharPtr text{internet_address_list_to_string(list, nullptr, FALSE)};
  return sanitize_utf8(str(text.get()));
}

std::string iso_date(GDateTime* date) {
  if (!date) {
    return {};
  }
  DateTimePtr utc{g_date_time_to_utc(date)};
  if (!utc) {
    return {};
  }
  GCharPtr text{g_date_time_format(utc.get(), "%Y-%m-%dT%H:%M:%SZ")};
  return str(text.get());
}

bool is_type(GMimeObject* object, const char* type, const char* subtype) {
  GMimeContentType* ct = g_mime_object_get_content_type(object);
  return ct && g_mime_content_type_is_type(ct, type, subtype);
}

std::string mime_type_of(GMimeObject* object) {
  GMimeContentType* ct = g_mime_object_get_content_type(object);
  if (!ct) {
    return "application/octet-stream";
  }
  GCharPtr type{g_mime_content_type_get_mime_type(ct)};
  return lower(str(type.get()));
}

// The transfer encoding of a part, also for the misspellings real mailers write
// ("quoted printable", "Base 64") that GMime treats as unencoded.
GMimeContentEncoding transfer_encoding(GMimePart* part, GMimeDataWrapper* content) {
  GMimeContentEncoding encoding = g_mime_data_wrapper_get_encoding(content);
  if (encoding != GMIME_CONTENT_ENCODING_DEFAULT) {
    return encoding;
  }
  std::string raw = lower(str(g_mime_object_get_header(GMIME_OBJECT(part), "Content-Transfer-Encoding")));
  raw.erase(std::remove_if(raw.begin(), raw.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }),
            raw.end());
  if (raw == "quotedprintable" || raw == "qp") {
    return GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
  }
  if (raw == "base64") {
    return GMIME_CONTENT_ENCODING_BASE64;
  }
  if (raw.find("uuencode") != std::string::npos || raw == "uue") {
    return GMIME_CONTENT_ENCODING_UUENCODE;
  }
  return encoding;
}

// Streams the decoded bytes of a leaf part to sink until it returns false.
void decode_part(GMimePart* part, const ChunkSink& sink) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) {
    return;
  }
  GMimeStream* raw = g_mime_data_wrapper_get_stream(content);
  if (!raw) {
    return;
  }
  GMimeContentEncoding encoding = transfer_encoding(part, content);
  g_mime_stream_reset(raw);
  GPtr<GMimeStream> filtered{g_mime_stream_filter_new(raw)};
  switch (encoding) {
    case GMIME_CONTENT_ENCODING_BASE64:
    case GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE:
    case GMIME_CONTENT_ENCODING_UUENCODE: {
      GPtr<GMimeFilter> decoder{g_mime_filter_basic_new(encoding, FALSE)};
      g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered.get()), decoder.get());
      break;
    }
    default:
      break;
  }
  std::string buffer(read_chunk, '\0');
  for (;;) {
    ssize_t n = g_mime_stream_read(filtered.get(), buffer.data(), buffer.size());
    if (n <= 0 || !sink(std::string_view(buffer.data(), static_cast<std::size_t>(n)))) {
      break;
    }
  }
}

// Walks the MIME tree of one message: text parts into the body, everything else into children.
class MessageWalker {
public:
  MessageWalker(ExtractContext& ctx, Extraction& out) : m_ctx(ctx), m_out(out), m_children(ctx, out, "attachment") {}

  std::string body;

  void walk(GMimeObject* object, int depth, bool want_text) {
    if (!object) {
      return;
    }
    if (depth > max_mime_depth) {
      if (!m_depth_warned) {
        m_depth_warned = true;
        m_out.warnings.push_back("limit exceeded: MIME parts nested deeper than " +
                                 std::to_string(max_mime_depth) + " levels were skipped");
      }
      return;
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
      add_message_child(g_mime_message_part_get_message(GMIME_MESSAGE_PART(object)));
    } else if (GMIME_IS_MULTIPART(object)) {
      walk_multipart(GMIME_MULTIPART(object), depth, want_text);
    } else if (GMIME_IS_PART(object)) {
      walk_leaf(GMIME_PART(object), want_text);
    }
  }

private:
  void walk_multipart(GMimeMultipart* multipart, int depth, bool want_text) {
    int count = g_mime_multipart_get_count(multipart);
    int chosen = -1;
    if (want_text && is_type(GMIME_OBJECT(multipart), "multipart", "alternative")) {
      // Prefer the plain text a sender wrote; fall back to the richest (last) alternative.
      for (int i = 0; i < count && chosen < 0; ++i) {
        GMimeObject* part = g_mime_multipart_get_part(multipart, i);
        if (GMIME_IS_PART(part) && is_type(part, "text", "plain") && !is_attachment(GMIME_PART(part))) {
          chosen = i;
        }
      }
      if (chosen < 0) {
        chosen = count - 1;
      }
    }
    for (int i = 0; i < count; ++i) {
      walk(g_mime_multipart_get_part(multipart, i), depth + 1, want_text && (chosen < 0 || chosen == i));
    }
  }

  static bool is_attachment(GMimePart* part) {
    if (g_mime_part_get_filename(part)) {
      return true;
    }
    GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(GMIME_OBJECT(part));
    if (disposition && g_mime_content_disposition_is_attachment(disposition)) {
      return true;
    }
    GMimeObject* object = GMIME_OBJECT(part);
    return !(is_type(object, "text", "*") || is_type(object, "message", "delivery-status") ||
             is_type(object, "message", "disposition-notification"));
  }

  void walk_leaf(GMimePart* part, bool want_text) {
    if (is_attachment(part)) {
      add_attachment(part);
      return;
    }
    if (!want_text) {
      return;
    }
    std::uint64_t room = m_ctx.limits.max_text_bytes > body.size() ? m_ctx.limits.max_text_bytes - body.size() : 0;
    if (room == 0) {
      note_text_limit();
      return;
    }
    std::string bytes;
    decode_part(part, [&](std::string_view chunk) {
      bytes.append(chunk.substr(0, std::min<std::uint64_t>(chunk.size(), room - bytes.size())));
      return bytes.size() < room;
    });
    GMimeObject* object = GMIME_OBJECT(part);
    std::string charset = str(g_mime_object_get_content_type_parameter(object, "charset"));
    std::string text = mail::text_to_utf8(bytes, charset);
    if (is_type(object, "text", "html")) {
      text = html_to_text(text).text;
    }
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
      return;
    }
    if (!body.empty()) {
      body += "\n\n";
    }
    body += text;
    if (bytes.size() >= room) {
      note_text_limit();
    }
  }

  void note_text_limit() {
    if (!m_text_warned) {
      m_text_warned = true;
      m_out.warnings.push_back("limit exceeded: body text cut at " + std::to_string(m_ctx.limits.max_text_bytes) +
                               " bytes");
    }
  }

  void add_attachment(GMimePart* part) {
    ++m_attachments;
    std::string name = mail::safe_file_name(str(g_mime_part_get_filename(part)));
    if (name.empty()) {
      name = "attachment-" + std::to_string(m_attachments) + mail::extension_for(mime_type_of(GMIME_OBJECT(part)));
    }
    m_children.add(name, [&](const ChunkSink& sink) {
      decode_part(part, sink);
      return std::string();
    });
  }

  void add_message_child(GMimeMessage* message) {
    if (!message) {
      return;
    }
    ++m_messages;
    std::string name = mail::truncate_utf8(mail::safe_file_name(str(g_mime_message_get_subject(message))), 120);
    name = (name.empty() ? "message-" + std::to_string(m_messages) : name) + ".eml";
    m_children.add_written(name, [&](const std::filesystem::path& file) {
      GError* raw_error = nullptr;
      GPtr<GMimeStream> stream{g_mime_stream_fs_open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600,
                                                     &raw_error)};
      if (raw_error) {
        g_error_free(raw_error);
      }
      if (!stream) {
        return false;
      }
      bool ok = g_mime_object_write_to_stream(GMIME_OBJECT(message), nullptr, stream.get()) >= 0;
      return g_mime_stream_flush(stream.get()) == 0 && ok;
    });
  }

  ExtractContext& m_ctx;
  Extraction& m_out;
  ChildWriter m_children;
  unsigned m_attachments = 0;
  unsigned m_messages = 0;
  bool m_depth_warned = false;
  bool m_text_warned = false;
};

class EmlExtractor final : public Extractor {
public:
  std::string_view name() const override { return "eml"; }

  Extraction extract(const std::filesystem::path& file, ExtractContext& ctx) const override {
    init_gmime();
    std::error_code ec;
    if (std::filesystem::file_size(file, ec) == 0 && !ec) {
      throw ItemError(ctx.item_path, "empty: zero-byte e-mail");
    }
    GPtr<GMimeStream> stream = open_stream(file, ctx.item_path);
    GPtr<GMimeParser> parser{g_mime_parser_new_with_stream(stream.get())};
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
    ParserOptionsPtr options = make_parser_options();
    GPtr<GMimeMessage> message{g_mime_parser_construct_message(parser.get(), options.get())};
    if (!message) {
      throw ItemError(ctx.item_path, "corrupt e-mail: no RFC 822 message header found");
    }

    Extraction out;
    std::string from = addresses(g_mime_message_get_from(message.get()));
    std::string to = addresses(g_mime_message_get_to(message.get()));
    std::string cc = addresses(g_mime_message_get_cc(message.get()));
    std::string subject = sanitize_utf8(str(g_mime_message_get_subject(message.get())));
    std::string date_header = sanitize_utf8(str(g_mime_object_get_header(GMIME_OBJECT(message.get()), "Date")));
    std::string date = iso_date(g_mime_message_get_date(message.get()));

    std::string text = mail::header_block({from, to, cc, subject, date_header});

    MessageWalker walker(ctx, out);
    walker.walk(g_mime_message_get_mime_part(message.get()), 0, true);
    if (!walker.body.empty()) {
      text += '\n';
      text += walker.body;
    }
    if (text.empty() && out.children.empty()) {
      throw ItemError(ctx.item_path, "empty: e-mail without headers, text or attachments");
    }
    out.pages.push_back(sanitize_utf8(text));
    for (auto& [key, value] : {std::pair{"subject", subject}, {"from", from}, {"to", to}, {"date", date}}) {
      if (!value.empty()) {
        out.meta[key] = value;
      }
    }
    return out;
  }
};

class MboxExtractor final : public Extractor {
public:
  std::string_view name() const override { return "mbox"; }

  Extraction extract(const std::filesystem::path& file, ExtractContext& ctx) const override {
    init_gmime();
    GPtr<GMimeStream> stream = open_stream(file, ctx.item_path);
    GPtr<GMimeParser> parser{g_mime_parser_new_with_stream(stream.get())};
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MBOX);
    ParserOptionsPtr options = make_parser_options();

    // First the message boundaries, then the copies: a message ends where the next "From " line
    // starts, which is only known once the next one is parsed.
    struct Span {
      gint64 marker;
      gint64 begin;
      std::string subject;
    };
    std::vector<Span> spans;
    Extraction out;
    while (!g_mime_parser_eos(parser.get())) {
      GPtr<GMimeMessage> message{g_mime_parser_construct_message(parser.get(), options.get())};
      if (!message) {
        break;
      }
      if (spans.size() >= ctx.budget_entries) {
        out.warnings.push_back("limit exceeded: more messages than the bundle's entry budget; the rest were skipped");
        break;
      }
      spans.push_back({g_mime_parser_get_mbox_marker_offset(parser.get()), g_mime_parser_get_headers_begin(parser.get()),
                       sanitize_utf8(str(g_mime_message_get_subject(message.get())))});
    }
    if (spans.empty()) {
      throw ItemError(ctx.item_path, "corrupt mbox: no \"From \" separated message found");
    }

    FilePtr in{std::fopen(file.c_str(), "rb")};
    if (!in) {
      throw ItemError(ctx.item_path, "unreadable: cannot open the mbox file");
    }
    std::error_code ec;
    auto file_end = static_cast<gint64>(std::filesystem::file_size(file, ec));
    ChildWriter children(ctx, out, "message");
    std::string listing;
    for (std::size_t i = 0; i < spans.size(); ++i) {
      gint64 begin = spans[i].begin;
      gint64 end = i + 1 < spans.size() ? spans[i + 1].marker : file_end;
      char name[40];  // "message-" + up to 20 digits + ".eml"
      std::snprintf(name, sizeof name, "message-%04zu.eml", i + 1);
      if (listing.size() < ctx.limits.max_text_bytes) {
        listing += std::string(name) + ": " + spans[i].subject + "\n";
      }
      if (begin < 0 || end <= begin || std::fseek(in.get(), static_cast<long>(begin), SEEK_SET) != 0) {
        children.add_error(name, "corrupt mbox: message boundaries not found");
        continue;
      }
      children.add(name, [&](const ChunkSink& sink) {
        std::string buffer(read_chunk, '\0');
        for (gint64 left = end - begin; left > 0;) {
          std::size_t n = std::fread(buffer.data(), 1, std::min<std::size_t>(buffer.size(), left), in.get());
          if (n == 0 || !sink(std::string_view(buffer.data(), n))) {
            break;
          }
          left -= static_cast<gint64>(n);
        }
        return std::string();
      });
    }
    out.pages.push_back(listing);
    return out;
  }
};

}  // namespace

std::shared_ptr<const Extractor> make_eml_extractor() { return std::make_shared<EmlExtractor>(); }
std::shared_ptr<const Extractor> make_mbox_extractor() { return std::make_shared<MboxExtractor>(); }

}  // namespace evidex::indexer
