/** @file
 * @brief Word, Excel and PowerPoint 97-2003 binary files (.doc, .xls, .ppt) through the catdoc
 * tools, run as child processes: they are old C parsers of a hostile format, so they get their
 * own address space on top of the worker's.
 */
#include "indexer/extract/handlers.hpp"
#include "indexer/extract/office_common.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/run_program.hpp"
#include "indexer/util/text_encoding.hpp"

#include <algorithm>
#include <cctype>

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
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  return it != haystack.end();
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
    args.push_back(file.is_absolute() ? file.string() : (std::filesystem::path(".") / file).string());
    ProgramResult run = run_program(tool.program, args, ctx.limits.max_text_bytes);

    std::string message = tool.program + ": " + (run.err.empty() ? "no message" : first_line(run.err));
    if (!run.spawn_error.empty()) {
      throw ItemError(ctx.item_path, "unsupported format: " + tool.label + " (" + run.spawn_error + ")");
    }
    if (run.timed_out) {
      throw ItemError(ctx.item_path, "timeout: " + tool.program + " did not finish");
    }
    if (mentions(run.err, "encrypt") || mentions(run.err, "password")) {
      throw ItemError(ctx.item_path, "encrypted " + tool.label + ": password required (" + message + ")");
    }
    bool has_text = run.out.find_first_not_of(" \t\r\n\f") != std::string::npos;
    if (run.term_signal != 0 && !run.out_truncated) {
      throw ItemError(ctx.item_path, "corrupt " + tool.label + ": " + tool.program + " crashed (signal " +
                                         std::to_string(run.term_signal) + ")");
    }
    if ((run.exit_code != 0 && !run.out_truncated) || (!has_text && !run.err.empty())) {
      if (mentions(run.err, "not ole") || mentions(run.err, "broken ole") || mentions(run.err, "bbd")) {
        throw ItemError(ctx.item_path, "corrupt " + tool.label + ": not a readable OLE2 file (" + message + ")");
      }
      if (mentions(run.err, "unsupported") || mentions(run.err, "version")) {
        throw ItemError(ctx.item_path, "unsupported format: " + tool.label + " (" + message + ")");
      }
      throw ItemError(ctx.item_path, "corrupt " + tool.label + ": " + message);
    }
    std::error_code ec;
    if (!has_text && std::filesystem::file_size(file, ec) > 0) {
      throw ItemError(ctx.item_path, "empty: " + tool.program + " found no text in the " + tool.label);
    }
    Extraction out;
    if (run.out_truncated) {
      out.warnings.push_back("limit exceeded: text cut to " + std::to_string(ctx.limits.max_text_bytes) + " bytes");
    }
    if (!run.err.empty()) {
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
