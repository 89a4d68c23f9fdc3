#include "indexer/extract/os_litter.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace evidex::indexer {

bool is_os_litter(std::string_view name) {
  static const std::set<std::string> litter_folders{"__macosx", ".spotlight-v100", ".trashes", ".fseventsd",
                                                    ".temporaryitems"};
  static const std::set<std::string> litter_files{".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini",
                                                  "icon\r"};
  while (!name.empty()) {
    auto cut = name.find_first_of("/\\");
    std::string part{name.substr(0, cut)};
    name = cut == std::string_view::npos ? std::string_view() : name.substr(cut + 1);
    if (part.empty()) {
      continue;
    }
    std::transform(part.begin(), part.end(), part.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!name.empty() && litter_folders.count(part)) {
      return true;
    }
    if (name.empty()) {
      return litter_files.count(part) > 0 || part.rfind("._", 0) == 0;
    }
  }
  return false;
}

std::string os_litter_warning(std::uint64_t skipped, const std::string& first_quoted) {
  return "skipped " + std::to_string(skipped) + " file" + (skipped == 1 ? "" : "s") +
         " that macOS or Windows adds to uploads and that are not evidence (__MACOSX/, ._ copies, .DS_Store, "
         "Thumbs.db, desktop.ini), such as " + first_quoted;
}

}  // namespace evidex::indexer
