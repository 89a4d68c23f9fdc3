/** @file
 * @brief SHA-256 of files and strings (OpenSSL), as lower-case hex.
 */
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace evidex {

std::string sha256_hex(std::string_view bytes);
/// Throws Error naming the file when it cannot be read.
std::string sha256_file(const std::filesystem::path& file);

/// Incremental hashing, for bundles made of many files.
class Sha256 {
public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view bytes);
  std::string hex();  // finishes; the object is spent

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace evidex
