#include "query/access/secrets.hpp"

#include "indexer/util/errors.hpp"
#include "indexer/util/sha256.hpp"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <sys/random.h>

namespace evidex::query::access {

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  std::size_t got = 0;
  while (got < n) {
    // Blocks only before the kernel's pool is first initialised, never afterwards.
    ssize_t r = ::getrandom(out.data() + got, n - got, 0);
    if (r < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw Error(std::string("getrandom: ") + std::strerror(errno));
    }
    got += static_cast<std::size_t>(r);
  }
  return out;
}

std::string base64url(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=') {
    out.pop_back();
  }
  for (char& c : out) {
    c = c == '+' ? '-' : c == '/' ? '_' : c;
  }
  return out;
}

std::string random_secret() { return base64url(random_bytes(k_secret_bytes)); }

std::string secret_digest(std::string_view secret) { return sha256_hex(secret); }

}  // namespace evidex::query::access
