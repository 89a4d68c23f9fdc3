/** @file
 * @brief Making untrusted text safe to put in an HTML page: escaping for text and attribute values,
 * and URLs for local files. Everything that comes from a bundle (paths, names, snippets, form fields)
 * is hostile until it has been through one of these.
 */
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace evidex::query {

/// Text for an HTML element or a quoted attribute value: & < > " ' become character references;
/// invalid UTF-8 and control characters other than tab and newline become U+FFFD; bidirectional
/// controls (U+202A–U+202E, U+2066–U+2069), which can make "txt.exe" read as "exe.txt", are shown
/// as "[U+202E]" instead of being obeyed.
std::string html_escape(std::string_view text);

/// Percent-encodes every byte except A–Z a–z 0–9 - . _ ~ and '/', so that a name can never end the
/// attribute, start a scheme ("javascript:") or a query.
std::string url_encode_path(std::string_view path);

/// "file:///abs/path" for an absolute path, percent-encoded.
std::string file_url(const std::filesystem::path& absolute);

}  // namespace evidex::query
