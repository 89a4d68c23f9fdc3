#include "query/access/password_hash.hpp"

#include "indexer/util/errors.hpp"
#include "query/access/secrets.hpp"

#include <argon2.h>

namespace evidex::query::access {

void check_password_policy(std::string_view password) {
  // Characters as a person counts them: UTF-8 continuation bytes are not counted.
  std::size_t characters = 0;
  for (unsigned char c : password) {
    characters += (c & 0xC0) != 0x80;
  }
  if (characters < k_min_password_length) {
    throw UsageError("the password is too short: it needs at least " + std::to_string(k_min_password_length) +
                     " characters (a few unrelated words make a good one)");
  }
  if (password.size() > k_max_password_length) {
    throw UsageError("the password is too long: at most " + std::to_string(k_max_password_length) + " bytes");
  }
}

std::string hash_password(std::string_view password) {
  const std::string salt = random_bytes(k_argon2_salt_bytes);
  std::string encoded(argon2_encodedlen(k_argon2_passes, k_argon2_memory_kib, k_argon2_lanes,
                                        k_argon2_salt_bytes, k_argon2_hash_bytes, Argon2_id),
                      '\0');
  int rc = argon2id_hash_encoded(k_argon2_passes, k_argon2_memory_kib, k_argon2_lanes, password.data(),
                                 password.size(), salt.data(), salt.size(), k_argon2_hash_bytes, encoded.data(),
                                 encoded.size());
  if (rc != ARGON2_OK) {
    throw Error(std::string("argon2id: ") + argon2_error_message(rc));
  }
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool verify_password(const std::string& encoded, std::string_view password) {
  return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

const std::string& dummy_hash() {
  static const std::string hash = hash_password(random_secret());
  return hash;
}

}  // namespace evidex::query::access
