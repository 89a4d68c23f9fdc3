/** @file
 * @brief Type detection by content. The file name's extension is only a hint: a ".pdf" that is
 * really a DOCX is handled as a DOCX and the mismatch is recorded.
 */
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace evidex::indexer {

struct Detected {
  std::string mime;         // what the content is: "application/pdf"
  std::string description;  // libmagic's words: "PDF document, version 1.7"
  std::string name_mime;    // what the extension claims, empty when it claims nothing we know
  bool mismatch = false;    // the extension claims another kind of file than the content is
  /// libmagic says the bytes are text in some encoding: when no handler is registered for `mime`,
  /// the text handler reads it (subtitles, JSON, shell scripts).
  bool text_fallback = false;
  /// False when the text fast path answered (see Detector::detect_by_signatures); `description`
  /// then has libmagic's words for the text ("ASCII text, with CRLF line terminators") without
  /// the format's ("HTML document, ").
  bool by_signatures = true;
};

/// Owns libmagic handles. A handle can't be shared across threads; each worker process gets
/// its own copy by fork().
class Detector {
public:
  Detector();  // throws Error when the magic database cannot be loaded
  ~Detector();
  Detector(const Detector&) = delete;
  Detector& operator=(const Detector&) = delete;

  Detected detect(const std::filesystem::path& file, std::string_view name) const;
  /// detect() without its text fast path: every libmagic signature is tried. detect() takes the
  /// fast path for a file named as text or HTML whose head is plain text with no signature at its
  /// start, where the signatures cost a millisecond and can only answer "text".
  Detected detect_by_signatures(const std::filesystem::path& file, std::string_view name) const;

private:
  Detected detect_with(const std::filesystem::path& file, std::string_view name, bool fast_path) const;
  struct Handles;
  std::unique_ptr<Handles> m_handles;
};

/// The MIME type an extension suggests ("report.PDF" -> "application/pdf"), empty when unknown.
std::string mime_for_name(std::string_view name);

/// A short type name for people and for the index: "pdf", "docx", "eml", "zip", "image", "unknown".
std::string short_type(std::string_view mime);

}  // namespace evidex::indexer
