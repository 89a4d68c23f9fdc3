/** @file
 * @brief The one dispatch from a command's result to a medium. Each result type says once how it
 * is written in each medium, by specialising Media (beside the type, in its folder):
 *
 *     template <> struct Media<Coverage> {
 *       static nlohmann::json json_value(const Coverage&);        // the --format json contract
 *       static std::string csv(const Coverage&);
 *       static std::string text(const Coverage&, bool colour);
 *     };
 *
 * and render(result, format, colour) picks one, so the CLI, the report and the web server share
 * everything but that last step. JSON is built as a value (the web API sends the same value) and
 * printed by json_text().
 */
#pragma once

#include "query/render/output.hpp"

#include <nlohmann/json.hpp>

#include <concepts>
#include <string>

namespace evidex::query {

/// Specialised for each result type; there is no general way to write a result.
template <class Result>
struct Media;

template <class Result>
concept Renderable = requires(const Result& r, bool colour) {
  { Media<Result>::json_value(r) } -> std::convertible_to<nlohmann::json>;
  { Media<Result>::csv(r) } -> std::convertible_to<std::string>;
  { Media<Result>::text(r, colour) } -> std::convertible_to<std::string>;
};

/// The result in the format asked for; colour is for text on a terminal only.
template <Renderable Result>
std::string render(const Result& result, Format format, bool colour = false) {
  switch (format) {
    case Format::json: return json_text(Media<Result>::json_value(result));
    case Format::csv: return Media<Result>::csv(result);
    case Format::text: return Media<Result>::text(result, colour);
  }
  return {};
}

}  // namespace evidex::query
