/** @file
 * @brief What the e-mail handlers (eml.cpp, mbox.cpp, msg.cpp) share: turning a declared charset
 * into UTF-8 the way mail clients do, naming unnamed attachments and laying out headers. Attachments
 * are named and written with children.hpp, like every other child.
 */
#pragma once

#include "indexer/extract/children.hpp"

#include <string>
#include <string_view>

namespace evidex::indexer::mail {

/// Text of a part declared as charset (may be empty) in valid UTF-8. Knows the aliases mail
/// clients use (ks_c_5601-1987, x-sjis, ...), prefers UTF-8 when 8-bit bytes labelled as a legacy
/// charset are valid UTF-8, and falls back to guess_charset when the label is unknown or the bytes
/// do not convert.
std::string text_to_utf8(std::string_view bytes, std::string_view declared_charset);

/// An attachment's file name made safe as a child name: safe_child_name in its file-name style
/// (last component only, no control characters, never "", "." or "..", at most 200 bytes). Empty
/// when nothing usable is left, so that the caller can try the next name a message offers.
inline std::string safe_file_name(std::string_view name) {
  return safe_child_name(name, {}, NameStyle::file_name);
}

/// s cut to at most max_bytes, never inside a UTF-8 sequence.
std::string truncate_utf8(std::string s, std::size_t max_bytes);

/// A file name extension (with the dot) for an unnamed attachment of this MIME type; ".bin" when
/// the type says nothing.
std::string extension_for(std::string_view mime_type);

/// What every mail handler shows of a message's headers, before the body.
struct Headers {
  std::string from, to, cc, subject, date;
};

/// "From: ...\nTo: ...\nCc: ...\nSubject: ...\nDate: ...\n" for the non-empty values, each on one line.
std::string header_block(const Headers& headers);

}  // namespace evidex::indexer::mail
