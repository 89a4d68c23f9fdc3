/** @file
 * @brief The frame of every HTML page of `evidex serve` (head, navigation for the visitor's role,
 * main landmark) and the small pieces pages share. Everything from an upload or a visitor goes
 * through html_escape; there is no inline script or style (the Content-Security-Policy forbids it).
 */
#pragma once

#include <string>
#include <string_view>

namespace evidex::web {

struct Visitor;

/// A whole page. `visitor` null: the login page and errors before login.
std::string page(std::string_view title, const Visitor* visitor, std::string_view body);
std::string error_page(int status, std::string_view message);

/// html_escape, short.
std::string esc(std::string_view text);
/// A value for a URL's query string (every byte but unreserved ones percent-encoded).
std::string url_value(std::string_view text);
/// The hidden input every state-changing form carries.
std::string csrf_field(const Visitor& visitor);

}  // namespace evidex::web
