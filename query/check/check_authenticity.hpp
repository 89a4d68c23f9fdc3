/** @file
 * @brief The authenticity part of the readiness check: the Declaration of Authenticity and
 * duplicated evidence (query/authenticity/declaration.hpp, query/iqa/duplicates.hpp).
 */
#pragma once

#include "query/check/check.hpp"

namespace evidex::query {

/// Adds the `declaration` and `duplicate` findings; returns the declaration's path ("" if none).
std::string check_authenticity(const ApprenticeSnapshot& snapshot, const CheckOptions& options, CheckResult& result);

}  // namespace evidex::query
