/** @file
 * @brief PDF through poppler-cpp: text page by page (in reading order, tables by layout), document info, and embedded
 * files (attachments, portfolio members) as children.
 */
#include "indexer/extract/children.hpp"
#include "indexer/extract/handlers.hpp"
#include "indexer/extract/pdf_layout.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/text_encoding.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-embedded-file.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <ctime>
#include <memory>

namespace evidex::indexer {
namespace {

/// poppler reports every oddity of a damaged file on stderr. The worker is single-threaded, so the
/// messages of the current document are collected here instead and summarised as warnings.
struct PopplerMessages {
  std::vector<std::string> first;
  std::size_t count = 0;
};

/// Messages kept verbatim; the rest are only counted. A broken xref alone produces dozens.
constexpr std::size_t kMaxPopplerMessages = 3;

void collect_message(const std::string& message, void* closure) {
  auto* messages = static_cast<PopplerMessages*>(closure);
  ++messages->count;
  if (messages->first.size() < kMaxPopplerMessages) {
    std::string text = sanitize_utf8(message);
    text.erase(text.find_last_not_of(" \r\n") + 1);
    messages->first.push_back(std::move(text));
  }
}

/// Routes poppler's messages to `messages` for the lifetime of this object.
class PopplerMessageScope {
public:
  explicit PopplerMessageScope(PopplerMessages& messages) {
    poppler::set_debug_error_function(collect_message, &messages);
  }
  ~PopplerMessageScope() { poppler::set_debug_error_function(ignore, nullptr); }
  PopplerMessageScope(const PopplerMessageScope&) = delete;
  PopplerMessageScope& operator=(const PopplerMessageScope&) = delete;

private:
  static void ignore(const std::string&, void*) {}
};

std::string to_utf8(const poppler::ustring& s) {
  poppler::byte_array bytes = s.to_utf8();
  return sanitize_utf8(std::string_view(bytes.data(), bytes.size()));
}

/// File names inside a PDF are UTF-16BE with a BOM or PDFDocEncoding (Latin-1 for names in
/// practice).
std::string pdf_string_to_utf8(const std::string& raw) {
  if (raw.size() >= 2 && static_cast<unsigned char>(raw[0]) == 0xFE &&
      static_cast<unsigned char>(raw[1]) == 0xFF) {
    if (auto utf8 = convert_to_utf8(std::string_view(raw).substr(2), "UTF-16BE")) {
      return *utf8;
    }
  }
  if (is_valid_utf8(raw)) {
    return raw;
  }
  return convert_to_utf8(raw, "ISO-8859-1").value_or(sanitize_utf8(raw));
}

std::string iso_utc(std::time_t t) {
  if (t <= 0) {
    return {};
  }
  std::tm tm{};
  if (!gmtime_r(&t, &tm)) {
    return {};
  }
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// The page's words with their boxes, for layout_lines. Empty when some word is rotated: the
/// visual-line rebuild assumes horizontal text, and poppler's reading order handles the rest.
std::vector<PdfWord> page_words(poppler::page& page) {
  std::vector<PdfWord> words;
  for (const poppler::text_box& box : page.text_list()) {
    if (box.rotation() != 0) {
      return {};
    }
    poppler::rectf r = box.bbox();
    words.push_back({to_utf8(box.text()), r.left(), r.top(), r.right(), r.bottom(), box.has_space_after()});
  }
  return words;
}

/// A page's text: in reading order (pdftotext's default), where the columns of a two-column paper
/// stay apart, unlike the physical layout, and the words of a line stay whole, unlike the raw
/// content order; but a page that holds a table is read by layout (pdf_layout.hpp), a row a line.
std::string page_text(poppler::page& page) {
  std::vector<PdfLine> lines = layout_lines(page_words(page));
  if (is_table_page(lines)) {
    return layout_text(lines);
  }
  std::string text = to_utf8(page.text(poppler::rectf(), poppler::page::non_raw_non_physical_layout));
  // Poppler ends a page with a form feed; pages are joined with one already, and each one more
  // would count as a page of its own.
  while (!text.empty() && text.back() == '\f') {
    text.pop_back();
  }
  return text;
}

void add_meta(Extraction& out, const char* key, std::string value) {
  if (!value.empty()) {
    out.meta[key] = std::move(value);
  }
}

class PdfExtractor final : public Extractor {
public:
  std::string_view name() const override { return "pdf"; }

  Extraction extract(const std::filesystem::path& file, ExtractContext& ctx) const override {
    PopplerMessages messages;
    PopplerMessageScope scope(messages);
    // Owns the pages and embedded files below: declared first, destroyed last.
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(file.string()));
    if (!doc) {
      std::string why = messages.first.empty() ? "poppler cannot open it" : messages.first.front();
      throw ItemError(ctx.item_path, "corrupt PDF: " + why);
    }
    // Loading tried the empty user password already, so files that only restrict permissions open.
    if (doc->is_locked()) {
      throw ItemError(ctx.item_path, "encrypted PDF: password required");
    }

    Extraction out;
    add_meta(out, "title", to_utf8(doc->get_title()));
    add_meta(out, "author", to_utf8(doc->get_author()));
    add_meta(out, "subject", to_utf8(doc->get_subject()));
    add_meta(out, "created", iso_utc(doc->get_creation_date_t()));
    add_meta(out, "modified", iso_utc(doc->get_modification_date_t()));

    std::uint64_t text_bytes = 0;
    bool any_text = false;
    const int pages = doc->pages();
    for (int i = 0; i < pages; ++i) {
      if (text_bytes >= ctx.limits.max_text_bytes) {
        out.warnings.push_back("limit exceeded: text cut after page " + std::to_string(i) + " of " +
                               std::to_string(pages));
        break;
      }
      std::unique_ptr<poppler::page> page(doc->create_page(i));
      std::string text;
      if (page) {
        text = page_text(*page);
      } else {
        out.warnings.push_back("corrupt PDF: page " + std::to_string(i + 1) + " cannot be read");
      }
      if (text.find_first_not_of(" \t\r\n\f") != std::string::npos) {
        any_text = true;
      }
      text_bytes += text.size();
      out.pages.push_back(std::move(text));
    }
    if (pages > 0 && !any_text) {
      out.warnings.push_back("no text layer (scanned?)");
    }

    if (doc->has_embedded_files()) {
      // A PDF lists what it carries: attachments past a budget are listed with the reason.
      ChildWriter children(ctx, out, "embedded file", ChildWriter::WhenRefused::record);
      int index = 0;
      for (poppler::embedded_file* embedded : doc->embedded_files()) {
        ++index;
        std::string fallback = "attachment-" + std::to_string(index);
        if (!embedded || !embedded->is_valid()) {
          children.add_error(fallback, "corrupt PDF attachment");
          continue;
        }
        std::string name = safe_child_name(pdf_string_to_utf8(embedded->name()), fallback);
        // poppler only hands the bytes over whole: a declared size over the limits is refused
        // before they are loaded into memory.
        if (embedded->size() > 0 && static_cast<std::uint64_t>(embedded->size()) >
                                        std::min(ctx.budget_bytes, ctx.limits.max_item_bytes)) {
          children.add_error(name, "limit exceeded: attachment of " + std::to_string(embedded->size()) + " bytes");
          continue;
        }
        poppler::byte_array data = embedded->data();
        children.add(name, std::string_view(data.data(), data.size()));
      }
    }

    if (messages.count > 0) {
      for (const auto& m : messages.first) {
        out.warnings.push_back("pdf: " + m);
      }
      if (messages.count > messages.first.size()) {
        out.warnings.push_back("pdf: " + std::to_string(messages.count - messages.first.size()) +
                               " more messages from poppler");
      }
    }
    return out;
  }
};

}  // namespace

std::shared_ptr<const Extractor> make_pdf_extractor() {
  return std::make_shared<PdfExtractor>();
}

}  // namespace evidex::indexer
