/** @file
 * @brief Who the audit log names for a change made with `evidex user|token ...`: the Unix account
 * that ran it, as "cli:<login>". Whoever can run evidex on the store can already read and write
 * accounts.sqlite, so the command line acts with an admin's rights.
 */
#pragma once

#include "query/access/accounts.hpp"

namespace evidex::query::access {

/// The remote address the audit log gives for a command-line change.
inline constexpr const char* k_command_line_remote = "local";

User command_line_actor();

}  // namespace evidex::query::access
