#include "cli/numeric_options.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

namespace evidex::cli {

CLI::Validator whole_number(std::uint64_t min, std::uint64_t max) {
  const std::string range = std::to_string(min) + " to " + std::to_string(max);
  return CLI::Validator(
      [min, max, range](std::string& text) -> std::string {
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
          return "'" + text + "' is not a whole number (" + range + ")";
        }
        errno = 0;
        std::uint64_t value = std::strtoull(text.c_str(), nullptr, 10);
        if (errno == ERANGE || value > max) {
          return "'" + text + "' is too large (" + range + ")";
        }
        if (value < min) {
          return "'" + text + "' is too small (" + range + ")";
        }
        return {};
      },
      "N");
}

CLI::Validator share(bool zero_allowed) {
  const std::string range = zero_allowed ? "between 0 and 1" : "above 0 and at most 1";
  return CLI::Validator(
      [zero_allowed, range](std::string& text) -> std::string {
        char* end = nullptr;
        errno = 0;
        double value = text.empty() ? NAN : std::strtod(text.c_str(), &end);
        bool whole_text = end != nullptr && *end == '\0';
        if (!whole_text || errno == ERANGE || !std::isfinite(value) || value > 1 || value < 0 ||
            (value == 0 && !zero_allowed)) {
          return text + " is not " + range;
        }
        return {};
      },
      "X");
}

}  // namespace evidex::cli
