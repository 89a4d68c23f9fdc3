/** @file
 * @brief Renders a local HTML page in headless Chromium (Debian's `chromium`), the way a person's
 * browser would, with no network: every host name resolves to nothing, and the network log says
 * what the page tried to fetch anyway.
 */
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace evidex::test {

/// The chromium binary ($EVIDEX_CHROMIUM, else `chromium` in PATH), or "" when there is none.
std::string chromium_binary();

struct Rendered {
  std::string dom;                 // --dump-dom: the document after parsing and layout
  std::filesystem::path png;       // --screenshot
  std::filesystem::path pdf;       // --print-to-pdf
  /// What the page asked the network for, from Chromium's network log (page_fetches).
  std::vector<std::string> fetched;
};

/// Runs Chromium three times on `page` (dump the DOM, screenshot, print to PDF), each in a fresh
/// profile under `work`, with a time limit. Fails the test (with the reason) when Chromium is not
/// installed or does not finish.
Rendered render_in_chromium(const std::filesystem::path& page, const std::filesystem::path& work,
                            const std::string& window_size = "1280,2000");

/// The URLs of the requests in a Chromium network log (--log-net-log) that a document started (they
/// have an initiating origin), other than file: and data: URLs. Chromium's own background requests
/// (update checks, spelling dictionaries) have none and are left out.
std::vector<std::string> page_fetches(const std::string& net_log);

}  // namespace evidex::test
