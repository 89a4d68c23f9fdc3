#include "indexer/store/index_swap.hpp"

#include "indexer/util/errors.hpp"

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
