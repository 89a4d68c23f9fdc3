#include "cli/version.hpp"

#include "indexer/store/schema.hpp"
#include "indexer/util/library_versions.hpp"
#include "mapping/standard/standard.hpp"

#include <filesystem>

#ifndef EVIDEX_VERSION
#error "EVIDEX_VERSION comes from the project version in CMakeLists.txt (cli/CMakeLists.txt passes it)"
#endif

namespace evidex::cli {

std::string version_text(bool verbose, const std::string& extra_standards) {
  std::string out = "evidex " EVIDEX_VERSION "\n";
  if (!verbose) {
    return out;
  }
  out += "store schema: " + std::to_string(indexer::k_schema_version) + " (the store version it reads and writes)\n";
  for (const auto& [name, version] : indexer::library_versions()) {
    out += name + ": " + version + "\n";
  }
  // In search order: --standards or $EVIDEX_STANDARDS first, then the shipped ones.
  for (const auto& dir : mapping::standard_dirs(extra_standards)) {
    std::error_code ec;
    out += "standards: " + dir.string() + (std::filesystem::is_directory(dir, ec) ? "" : " (not found)") + "\n";
  }
  return out;
}

}  // namespace evidex::cli
