/** @file
 * @brief Factories of the format handlers, each defined in the file named after its format.
 */
#pragma once

#include "indexer/extract/extractor.hpp"

namespace evidex::indexer {

std::shared_ptr<const Extractor> make_text_extractor();  // text.cpp: plain text, CSV, any encoding

}  // namespace evidex::indexer
