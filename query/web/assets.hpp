/** @file
 * @brief The web pages' static files (stylesheet, script, icon), compiled into the binary from
 * query/web/assets/ by embed_assets.cmake.
 */
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace evidex::web {

/// File name ("app.css") to its bytes.
const std::map<std::string, std::string_view>& embedded_assets();

/// "text/css; charset=utf-8" and the like, from the name's extension.
std::string_view asset_content_type(std::string_view name);

}  // namespace evidex::web
