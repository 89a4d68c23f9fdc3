#include "indexer/util/library_versions.hpp"

#include <archive.h>
#include <magic.h>
#include <poppler/cpp/poppler-version.h>
#include <sqlite3.h>
#include <xapian.h>

namespace evidex::indexer {

std::vector<std::pair<std::string, std::string>> library_versions() {
  // archive_version_details() names libarchive's own compression libraries too: one line is enough.
  std::string archive = archive_version_string();
  if (archive.rfind("libarchive ", 0) == 0) {
    archive.erase(0, 11);
  }
  const int magic = magic_version();  // 545 for 5.45
  return {{"Xapian", Xapian::version_string()},
          {"SQLite", sqlite3_libversion()},
          {"libarchive", archive},
          {"Poppler", poppler::version_string()},
          {"libmagic", std::to_string(magic / 100) + "." + std::to_string(magic % 100)}};
}

}  // namespace evidex::indexer
