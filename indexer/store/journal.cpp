#include "indexer/store/journal.hpp"

#include "indexer/util/c_handle.hpp"
#include "indexer/util/errors.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <unistd.h>

namespace evidex::indexer {
namespace fs = std::filesystem;

std::string write_failure(int err) {
  if (err == ENOSPC || err == EDQUOT) {
    return "no space left on device";
  }
  if (err == EFBIG) {
    return "file too large: over the file-size limit this process runs under (ulimit -f) or the file system's";
  }
  return std::strerror(err);
}

void append_journal(const fs::path& journal, const std::vector<std::string>& hashes) {
  std::ofstream out(journal, std::ios::app);
  for (const auto& sha : hashes) {
    out << sha << '\n';
  }
  if (!out.flush()) {
    throw StoreError(journal.string() + ": cannot write: " + write_failure(errno));
  }
}

std::vector<std::string> read_journal(const fs::path& journal) {
  std::vector<std::string> hashes;
  std::ifstream in(journal);
  for (std::string line; std::getline(in, line);) {
    hashes.push_back(line);
  }
  return hashes;
}

void write_marker(const fs::path& marker) {
  UniqueFd file(::open(marker.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
  if (!file || ::fsync(file.get()) != 0) {
    throw StoreError(marker.string() + ": cannot write: " + write_failure(errno));
  }
  // The marker must outlive a power cut, not only a killed process: its directory entry too.
  UniqueFd dir(::open(marker.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir || ::fsync(dir.get()) != 0) {
    throw StoreError(marker.parent_path().string() + ": cannot sync: " + write_failure(errno));
  }
}

}  // namespace evidex::indexer
