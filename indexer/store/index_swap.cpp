#include "indexer/store/index_swap.hpp"

#include "indexer/util/errors.hpp"
#include "indexer/util/test_hooks.hpp"

#include <xapian.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>

namespace evidex::indexer {
namespace fs = std::filesystem;

void swap_in_index(const fs::path& fresh, const fs::path& live) {
  std::error_code ec;
  if (!fs::exists(live, ec)) {
    fs::rename(fresh, live, ec);
    if (ec) {
      throw StoreError(live.string() + ": cannot put the new index in place: " + ec.message());
    }
    return;
  }
  if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, live.c_str(), RENAME_EXCHANGE) != 0) {
    throw StoreError(live.string() + ": cannot swap in the new index: " + std::strerror(errno));
  }
}

}  // namespace evidex::indexer

namespace evidex::indexer {

void compact_index(const fs::path& dir, const char* swapped_point) {
  if (!fs::exists(dir)) {
    return;
  }
  fs::path fresh = dir.parent_path() / "xapian.compacting";
  std::error_code ec;
  fs::remove_all(fresh, ec);
  try {
    Xapian::Database(dir.string()).compact(fresh.string());
  } catch (const Xapian::Error& e) {
    fs::remove_all(fresh, ec);
    throw StoreError(dir.string() + ": cannot compact the index: " + e.get_description());
  }
  swap_in_index(fresh, dir);
  test_kill_point(swapped_point);
  fs::remove_all(fresh, ec);
  if (fs::exists(fresh, ec)) {
    throw StoreError(fresh.string() + ": the index before the compaction could not be removed");
  }
}

}  // namespace evidex::indexer
