/** @file
 * @brief What the e-mail handlers (eml.cpp, mbox.cpp, msg.cpp) share: turning a declared charset
 * into UTF-8 the way mail clients do, naming attachments safely, and writing children within the
 * bundle's budgets.
 */
#pragma once

#include "indexer/extract/extractor.hpp"

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>

namespace evidex::indexer::mail {

/// Text of a part declared as charset (may be empty) in valid UTF-8. Knows the aliases mail
/// clients use (ks_c_5601-1987, x-sjis, ...), prefers UTF-8 when 8-bit bytes labelled as a legacy
/// charset are valid UTF-8, and falls back to guess_charset when the label is unknown or the bytes
/// do not convert.
std::string text_to_utf8(std::string_view bytes, std::string_view declared_charset);

/// An attachment's file name made safe as a child name: last path component only, no control
/// characters, never "", "." or "..", at most ~200 bytes. Empty when nothing usable is left.
std::string safe_file_name(std::string_view name);

/// s cut to at most max_bytes, never inside a UTF-8 sequence.
std::string truncate_utf8(std::string s, std::size_t max_bytes);

/// A file name extension (with the dot) for an unnamed attachment of this MIME type; ".bin" when
/// the type says nothing.
std::string extension_for(std::string_view mime_type);

/// The header block every mail handler puts before the body: "From: ...\nTo: ...\n" for the
/// non-empty values.
void append_header_line(std::string& text, std::string_view label, std::string_view value);

/// Receives a child's bytes chunk by chunk; returns false once the child is over its limit, after
/// which the producer should stop.
using ChildSink = std::function<bool(std::string_view chunk)>;

/// Writes attachments as children of one item, keeping to ctx.budget_entries, ctx.budget_bytes and
/// ctx.limits.max_item_bytes, and keeping child names unique.
class ChildWriter {
public:
  ChildWriter(ExtractContext& ctx, Extraction& out);

  /// False once the entry or byte budget is used up; the first refusal adds a warning.
  bool accepting();
  /// One child whose bytes produce() passes to the sink. A child over a limit is recorded with a
  /// "limit exceeded" error instead of its bytes.
  void add(std::string_view name, const std::function<void(const ChildSink&)>& produce);
  /// One child written by a library straight to file (returns false on a write error); its size
  /// is checked against the limits afterwards. Only for children no larger than the item itself.
  void add_written(std::string_view name, const std::function<bool(const std::filesystem::path&)>& write);
  /// A child that could not be extracted.
  void add_error(std::string_view name, std::string reason);

private:
  std::string unique_name(std::string_view name);

  ExtractContext& m_ctx;
  Extraction& m_out;
  std::uint64_t m_entries = 0;
  std::uint64_t m_bytes = 0;
  bool m_warned = false;
  std::set<std::string, std::less<>> m_names;
};

}  // namespace evidex::indexer::mail
