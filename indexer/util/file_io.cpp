#include "indexer/util/file_io.hpp"

#include "indexer/util/errors.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace evidex {

std::string read_file_capped(const std::filesystem::path& file, std::uint64_t max_bytes,
                             const std::string& item_path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  if (ec) {
    throw ItemError(item_path, "unreadable: " + ec.message());
  }
  if (size > max_bytes) {
    throw ItemError(item_path, "limit exceeded: " + std::to_string(size) + " bytes, more than the " +
                                   std::to_string(max_bytes) + " allowed for this format");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw ItemError(item_path, std::string("unreadable: ") + std::strerror(errno));
  }
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

std::string read_file_prefix(const std::filesystem::path& file, std::uint64_t max_bytes,
                             const std::string& item_path, bool* cut) {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  if (ec) {
    throw ItemError(item_path, "unreadable: " + ec.message());
  }
  *cut = size > max_bytes;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw ItemError(item_path, std::string("unreadable: ") + std::strerror(errno));
  }
  std::string bytes(static_cast<std::size_t>(*cut ? max_bytes : size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

}  // namespace evidex
