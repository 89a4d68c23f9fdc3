/** @file
 * @brief Word, Excel and PowerPoint 97-2003 binary files (.doc, .xls, .ppt) through the catdoc
 * tools, run as child processes: they are old C parsers of a hostile format, so they get their
 * own address space on top of the worker's.
 */
#include "indexer/extract/handlers.hpp"
#include "indexer/extract/office_common.hpp"
#include "indexer/extract/ole_file.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/run_program.hpp"
#include "indexer/util/text_encoding.hpp"

#include <gsf/gsf-infile.h>
#include <gsf/gsf-input.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace evidex::indexer {
namespace {

struct Tool {
  std::string label;  // "Word 97-2003 document"
  std::string program;
  std::vector<std::string> options;
};

Tool tool_for(std::string_view mime) {
  if (mime == "application/vnd.ms-excel") {
    // -q 0: no quoting; cells separated by tabs, sheets by form feeds.
    return {"Excel 97-2003 workbook", "xls2csv", {"-d", "utf-8", "-q", "0", "-c", "\t"}};
  }
  if (mime == "application/vnd.ms-powerpoint") {
    return {"PowerPoint 97-2003 presentation", "catppt", {"-d", "utf-8"}};
  }
  // -w: one line per paragraph instead of wrapping at 72 columns.
  return {"Word 97-2003 document", "catdoc", {"-d", "utf-8", "-w"}};
}

std::string first_line(std::string_view s) {
  s = s.substr(0, s.find('\n'));
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
    s.remove_suffix(1);
  }
  return sanitize_utf8(s.substr(0, 300));
}

bool mentions(std::string_view haystack, std::string_view needle) {
  auto it =
      std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                  [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it != haystack.end();
}

/// Reads little-endian integers from a record stream.
std::uint32_t le(const std::string& s, std::size_t pos, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) {
    v = (v << 8) | static_cast<unsigned char>(s[pos + static_cast<std::size_t>(i)]);
  }
  return v;
}

/// The text atoms of a PowerPoint 97-2003 "PowerPoint Document" stream, in stream order.
///
/// catppt reads only the slide list's placeholder text, so it finds nothing in files whose text
/// sits in the slides' own drawings, which is how LibreOffice (and PowerPoint, for free text boxes)
/// write it. Containers (version 0xF) are entered, not recursed into, so nesting costs nothing;
/// masters and handouts are skipped because their text is "Click to edit the title style".
std::string ppt_text_atoms(const std::filesystem::path& file, std::uint64_t max_bytes) {
  OleFile ole = open_ole_file(file);
  if (!ole.root) {
    return {};
  }
  GObjectPtr<GsfInput> stream(gsf_infile_child_by_name(ole.root.get(), "PowerPoint Document"));
  if (!stream) {
    return {};
  }
  // The stream is read whole; PowerPoint files with embedded media are tens of MB at most.
  constexpr gsf_off_t kMaxStreamBytes = 256ll << 20;
  gsf_off_t size = gsf_input_size(stream.get());
  if (size <= 0 || size > kMaxStreamBytes) {
    return {};
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!gsf_input_read(stream.get(), bytes.size(), reinterpret_cast<guint8*>(bytes.data()))) {
    return {};
  }
  constexpr std::uint32_t kMainMaster = 0x03F8;
  constexpr std::uint32_t kHandout = 0x0FC9;
  constexpr std::uint32_t kSlideListWithText = 0x0FF0;
  constexpr std::uint32_t kTextCharsAtom = 0x0FA0;
  constexpr std::uint32_t kTextBytesAtom = 0x0FA8;
  std::string text;
  std::size_t pos = 0;
  while (pos + 8 <= bytes.size() && text.size() < max_bytes) {
    std::uint32_t ver_instance = le(bytes, pos, 2);
    std::uint32_t type = le(bytes, pos + 2, 2);
    std::uint64_t length = le(bytes, pos + 4, 4);
    std::size_t body = pos + 8;
    if (length > bytes.size() - body) {
      break;
    }
    bool container = (ver_instance & 0xF) == 0xF;
    bool master_list = type == kSlideListWithText && (ver_instance >> 4) == 1;
    if (container && type != kMainMaster && type != kHandout && !master_list) {
      pos = body;
      continue;
    }
    std::string_view payload(bytes.data() + body, static_cast<std::size_t>(length));
    if (type == kTextCharsAtom) {
      text += convert_to_utf8(payload, "UTF-16LE").value_or("");
      text += '\n';
    } else if (type == kTextBytesAtom) {
      text += convert_to_utf8(payload, "ISO-8859-1").value_or("");
      text += '\n';
    }
    pos = body + static_cast<std::size_t>(length);
  }
  // PowerPoint ends paragraphs inside a text atom with CR.
  std::replace(text.begin(), text.end(), '\r', '\n');
  return text;
}

class LegacyOfficeExtractor final : public Extractor {
public:
  std::string_view name() const override { return "legacy-office"; }

  Extraction extract(const std::filesystem::path& file, ExtractContext& ctx) const override {
    if (is_encrypted_ooxml(file)) {
      throw ItemError(ctx.item_path, "encrypted Office document: password required");
    }
    Tool tool = tool_for(ctx.mime);
    std::vector<std::string> args = tool.options;
    // A relative name starting with '-' would be read as an option.
    args.push_back(file.is_absolute() ? file.string()
                                      : (std::filesystem::path(".") / file).string());
    ProgramResult run = run_program(tool.program, args, ctx.limits.max_text_bytes);

    std::string message =
        tool.program + ": " + (run.err.empty() ? "no message" : first_line(run.err));
    if (!run.spawn_error.empty()) {
      throw ItemError(ctx.item_path,
                      "unsupported format: " + tool.label + " (" + run.spawn_error + ")");
    }
    if (run.timed_out) {
      throw ItemError(ctx.item_path, "timeout: " + tool.program + " did not finish");
    }
    if (mentions(run.err, "encrypt") || mentions(run.err, "password")) {
      throw ItemError(ctx.item_path,
                      "encrypted " + tool.label + ": password required (" + message + ")");
    }
    bool has_text = run.out.find_first_not_of(" \t\r\n\f") != std::string::npos;
    bool from_atoms = false;
    if (!has_text && ctx.mime == "application/vnd.ms-powerpoint" && run.exit_code == 0) {
      run.out = ppt_text_atoms(file, ctx.limits.max_text_bytes);
      has_text = run.out.find_first_not_of(" \t\r\n\f") != std::string::npos;
      from_atoms = has_text;
    }
    if (run.term_signal != 0 && !run.out_truncated) {
      throw ItemError(ctx.item_path, "corrupt " + tool.label + ": " + tool.program +
                                         " crashed (signal " + std::to_string(run.term_signal) +
                                         ")");
    }
    if ((run.exit_code != 0 && !run.out_truncated) || (!has_text && !run.err.empty())) {
      if (mentions(run.err, "not ole") || mentions(run.err, "broken ole") ||
          mentions(run.err, "bbd")) {
        throw ItemError(ctx.item_path,
                        "corrupt " + tool.label + ": not a readable OLE2 file (" + message + ")");
      }
      if (mentions(run.err, "unsupported") || mentions(run.err, "version")) {
        throw ItemError(ctx.item_path, "unsupported format: " + tool.label + " (" + message + ")");
      }
      throw ItemError(ctx.item_path, "corrupt " + tool.label + ": " + message);
    }
    std::error_code ec;
    if (!has_text && std::filesystem::file_size(file, ec) > 0) {
      throw ItemError(ctx.item_path,
                      "empty: " + tool.program + " found no text in the " + tool.label);
    }
    Extraction out;
    if (run.out_truncated) {
      out.warnings.push_back("limit exceeded: text cut to " +
                             std::to_string(ctx.limits.max_text_bytes) + " bytes");
    }
    if (!run.err.empty() && !from_atoms) {
      out.warnings.push_back(message);
    }
    out.pages.push_back(finish_text(std::move(run.out), ctx.limits.max_text_bytes, out.warnings));
    return out;
  }
};

}  // namespace

std::shared_ptr<const Extractor> make_legacy_office_extractor() {
  return std::make_shared<LegacyOfficeExtractor>();
}

}  // namespace evidex::indexer
