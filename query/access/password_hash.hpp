/** @file
 * @brief Passwords: Argon2id (libargon2) encoded strings, and what a password must be.
 *
 * Parameters: OWASP's Password Storage Cheat Sheet's first Argon2id option, m = 19 MiB, t = 2,
 * p = 1. RFC 9106's second recommended option (64 MiB, t = 3, p = 4) costs three times the memory
 * and time per login; a training provider's server is a small machine whose cores also ingest
 * uploads, and every concurrent login holds m of memory. Throttling (accounts.hpp) bounds online
 * guessing; these bound offline guessing of a stolen accounts.sqlite. The encoded string carries its
 * parameters, so raising them later leaves existing hashes verifiable.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace evidex::query::access {

inline constexpr std::uint32_t k_argon2_memory_kib = 19 * 1024;
inline constexpr std::uint32_t k_argon2_passes = 2;
inline constexpr std::uint32_t k_argon2_lanes = 1;
inline constexpr std::size_t k_argon2_salt_bytes = 16;
inline constexpr std::size_t k_argon2_hash_bytes = 32;
/// NIST SP 800-63B asks for at least 8; length is what makes a password strong.
inline constexpr std::size_t k_min_password_length = 10;
/// Long enough for any passphrase, short enough that hashing stays cheap.
inline constexpr std::size_t k_max_password_length = 1024;

/// Throws UsageError with a sentence a person can act on when the password is too short or too long.
void check_password_policy(std::string_view password);
/// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" with a fresh random salt.
std::string hash_password(std::string_view password);
/// Whether `password` matches `encoded`, compared in constant time; false for a malformed string.
bool verify_password(const std::string& encoded, std::string_view password);
/// A hash of no one's password, made once: verifying against it for an unknown name takes as long as
/// for a known one, so timing does not tell which names exist.
const std::string& dummy_hash();

}  // namespace evidex::query::access
