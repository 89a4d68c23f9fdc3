/** @file
 * @brief What a visitor may not know about other apprentices, taken out of a result before it is
 * shown: a finding that an item copies another apprentice's evidence names that apprentice and
 * their file, which only someone who may read their evidence (IQA, an admin, their own assessor)
 * is told.
 */
#pragma once

#include "query/access/accounts.hpp"
#include "query/check/check.hpp"

namespace evidex::web {

/// Rewrites the check's cross-apprentice duplicate findings that name an apprentice `user` may not
/// read, keeping the item, the kind and the similarity.
void redact_other_apprentices(query::CheckResult& check, const query::access::User& user);

}  // namespace evidex::web
