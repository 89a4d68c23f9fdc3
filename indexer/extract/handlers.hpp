/** @file
 * @brief Factories of the format handlers, each defined in the file named after its format.
 */
#pragma once

#include "indexer/extract/extractor.hpp"

namespace evidex::indexer {

std::shared_ptr<const Extractor> make_text_extractor();  // text.cpp: plain text, CSV, any encoding
std::shared_ptr<const Extractor> make_archive_extractor();  // archive.cpp: zip, tar, 7z, rar, ... via libarchive
std::shared_ptr<const Extractor> make_media_extractor();  // media.cpp: image/audio/video, meta only

}  // namespace evidex::indexer
