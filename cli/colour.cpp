#include "cli/commands.hpp"

#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace evidex::cli {

bool colour_wanted(const Globals& globals) {
  if (globals.colour == "always") {
    return true;
  }
  if (globals.colour == "never") {
    return false;
  }
  // https://no-color.org: present and not empty, whatever its value.
  if (const char* no_color = std::getenv("NO_COLOR"); no_color && *no_color) {
    return false;
  }
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) && !(term && std::strcmp(term, "dumb") == 0);
}

}  // namespace evidex::cli
