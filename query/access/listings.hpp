/** @file
 * @brief `evidex user list`, `token list` and `audit` in each format. No listing ever holds a
 * password hash or a token's secret: Accounts does not return them.
 */
#pragma once

#include "query/access/accounts.hpp"
#include "query/render/output.hpp"

#include <string>
#include <vector>

namespace evidex::query::access {

std::string render_users(const std::vector<User>& users, Format format);
std::string render_tokens(const std::vector<Token>& tokens, Format format);
std::string render_audit(const std::vector<AuditEntry>& entries, Format format);

}  // namespace evidex::query::access
