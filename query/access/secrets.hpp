/** @file
 * @brief The random secrets of the web application (session IDs, CSRF tokens, bearer tokens) and
 * the digest under which the stored ones are kept.
 */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace evidex::query::access {

/// Bytes of randomness in every secret: 256 bits, beyond guessing however many requests are made.
inline constexpr std::size_t k_secret_bytes = 32;

/// `n` bytes from the kernel's random source (getrandom); throws Error if it cannot be read.
std::string random_bytes(std::size_t n);
/// base64url without padding (RFC 4648 section 5): safe in cookies, headers and URLs.
std::string base64url(std::string_view bytes);
/// k_secret_bytes random bytes, base64url: 43 characters.
std::string random_secret();
/// What is stored instead of a session ID or bearer token: SHA-256, lower-case hex. A stolen
/// accounts.sqlite then opens no session.
std::string secret_digest(std::string_view secret);

}  // namespace evidex::query::access
