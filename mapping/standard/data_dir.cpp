#include "mapping/standard/data_dir.hpp"

#include "indexer/util/errors.hpp"

#include <system_error>

namespace evidex::mapping {

std::filesystem::path shipped_data_candidate() {
  // /proc/self/exe, not argv[0]: it is the real file whatever the PATH or the symlinks that led to
  // it, so /usr/local/bin/evidex -> /opt/evidex/bin/evidex finds /opt/evidex/share/evidex.
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    throw InputError("cannot find the evidex binary's own location (/proc/self/exe: " + ec.message() +
                     "), where its shipped standards are looked for: give --standards DIR or set EVIDEX_STANDARDS");
  }
  return (exe.parent_path().parent_path() / "share" / "evidex").lexically_normal();
}

std::filesystem::path shipped_data_dir() {
  auto dir = shipped_data_candidate();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir / "standards", ec)) {
    throw InputError("no shipped standards in " + (dir / "standards").string() +
                     " (evidex looks in ../share/evidex beside its binary): reinstall evidex, or give "
                     "--standards DIR or set EVIDEX_STANDARDS");
  }
  return dir;
}

}  // namespace evidex::mapping
