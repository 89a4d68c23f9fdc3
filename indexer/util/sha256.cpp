#include "indexer/util/sha256.hpp"

#include "indexer/util/c_handle.hpp"
#include "indexer/util/errors.hpp"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace evidex {

struct Sha256::Impl {
  std::unique_ptr<EVP_MD_CTX, CFree<EVP_MD_CTX_free>> ctx{EVP_MD_CTX_new()};
};

Sha256::Sha256() : m_impl(std::make_unique<Impl>()) {
  if (!m_impl->ctx || EVP_DigestInit_ex(m_impl->ctx.get(), EVP_sha256(), nullptr) != 1) {
    throw Error("OpenSSL: cannot initialise SHA-256");
  }
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
  EVP_DigestUpdate(m_impl->ctx.get(), bytes.data(), bytes.size());
}

std::string Sha256::hex() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(m_impl->ctx.get(), digest, &len);
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out += digits[digest[i] >> 4];
    out += digits[digest[i] & 15];
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 h;
  h.update(bytes);
  return h.hex();
}

std::string sha256_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw Error(file.string() + ": cannot read: " + std::strerror(errno));
  }
  Sha256 h;
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof buffer);
    h.update(std::string_view(buffer, static_cast<std::size_t>(in.gcount())));
  }
  if (in.bad()) {
    throw Error(file.string() + ": read error");
  }
  return h.hex();
}

}  // namespace evidex
