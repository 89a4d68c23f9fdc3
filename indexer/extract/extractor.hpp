/** @file
 * @brief The contract every format handler implements, and the registry that picks one by MIME type.
 *
 * A handler turns one file into text, metadata and child files (archive members, e-mail
 * attachments). It runs inside an extraction worker (see worker/worker.hpp), so a crash, hang or
 * runaway allocation in the library it wraps costs one item, never the ingest.
 */
#pragma once

#include "indexer/extract/limits.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::indexer {

/// A file found inside another (archive member, e-mail attachment, embedded message).
struct Child {
  /// Path relative to its parent, '/'-separated, valid UTF-8, never absolute, never containing "..".
  std::string name;
  /// Where its bytes were written (inside ExtractContext::scratch_dir); empty when error is set.
  std::filesystem::path file;
  /// Why the child could not be extracted ("encrypted archive entry", "unsafe entry: symlink to
  /// ../etc"); the child is still recorded as an item carrying this error.
  std::string error;
};

struct Extraction {
  /// UTF-8 text; one entry per page for paged formats (PDF), a single entry otherwise.
  std::vector<std::string> pages;
  /// Known keys: title, author, subject, created, modified (ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" or
  /// "YYYY-MM-DD"), from, to, date (e-mail), duration, width, height.
  std::map<std::string, std::string> meta;
  std::vector<Child> children;
  /// Partial success: the item is usable but something in it was skipped.
  std::vector<std::string> warnings;
  /// Bytes written to children files (counts against Limits::max_total_bytes).
  std::uint64_t expanded_bytes = 0;
};

/// What a handler is given besides the file.
struct ExtractContext {
  /// Path of the item inside the bundle, for messages ("a.zip/b/c.pdf").
  std::string item_path;
  /// The MIME type detection found, and libmagic's description ("PNG image data, 640 x 480").
  std::string mime;
  std::string description;
  /// Directory, empty at the start, where children's bytes may be written. Nothing else may be
  /// written anywhere.
  std::filesystem::path scratch_dir;
  Limits limits;
  /// Bytes the bundle may still expand to; a handler that writes children stops at this.
  std::uint64_t budget_bytes = 0;
  /// Children the bundle may still have.
  std::uint64_t budget_entries = 0;

  /// A fresh file name in scratch_dir for the next child ("c000001", "c000002", ...).
  std::filesystem::path next_child_file();

private:
  unsigned m_next_child = 0;
};

class Extractor {
public:
  virtual ~Extractor() = default;
  /// Short name that appears in messages: "pdf", "ooxml", "eml".
  virtual std::string_view name() const = 0;
  /// Throws ItemError (with ctx.item_path) on bad input. Keeps no state between calls.
  virtual Extraction extract(const std::filesystem::path& file, ExtractContext& ctx) const = 0;
};

class Registry {
public:
  /// pattern: an exact MIME type, "type/*" or "*".
  void add(std::string mime_pattern, std::shared_ptr<const Extractor> extractor);
  /// Exact type first, then "type/*", then "*"; null when nothing handles it.
  const Extractor* find(std::string_view mime) const;

private:
  std::map<std::string, std::shared_ptr<const Extractor>, std::less<>> m_by_pattern;
};

/// Every handler evidex ships, one line each (see registry.cpp).
const Registry& default_registry();

}  // namespace evidex::indexer
