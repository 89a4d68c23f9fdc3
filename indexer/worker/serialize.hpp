/** @file
 * @brief WorkResult to and from JSON: how a worker process hands its result to the parent.
 */
#pragma once

#include "indexer/worker/worker.hpp"

#include <string>

namespace evidex::indexer {

std::string to_json(const WorkResult& result);
/// Throws Error when the text is not a WorkResult (a worker that died mid-write).
WorkResult work_result_from_json(const std::string& text);

}  // namespace evidex::indexer
