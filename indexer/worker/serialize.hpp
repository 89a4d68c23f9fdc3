/** @file
 * @brief How requests and results cross between the parent and a worker process: MessagePack
 * (through nlohmann-json), whose strings are raw bytes with a length, so a document's text is
 * copied rather than escaped and parsed character by character as JSON text would be.
 */
#pragma once

#include "indexer/worker/worker.hpp"

#include <string>

namespace evidex::indexer {

std::string serialise_request(const WorkRequest& request);
/// Throws Error when the bytes are not a WorkRequest.
WorkRequest parse_request(const std::string& bytes);

std::string serialise_result(const WorkResult& result);
/// Throws Error when the bytes are not a WorkResult (a worker that died mid-write).
WorkResult parse_result(const std::string& bytes);

}  // namespace evidex::indexer
