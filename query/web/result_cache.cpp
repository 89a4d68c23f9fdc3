#include "query/web/result_cache.hpp"

#include <sys/stat.h>

namespace evidex::web {
namespace {

std::string stamp(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    return "-";
  }
  return std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + ":" +
         std::to_string(st.st_size) + ":" + std::to_string(st.st_ino);
}

}  // namespace

std::string store_version(const std::filesystem::path& dir) {
  // The index is committed after the records: its version file changes with every commit.
  return stamp(dir / "evidex.sqlite") + "/" + stamp(dir / "evidex.sqlite-wal") + "/" +
         stamp(dir / "xapian" / "iamglass");
}

}  // namespace evidex::web
