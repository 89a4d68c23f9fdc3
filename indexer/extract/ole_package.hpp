/** @file
 * @brief The file inside an OLE object: Office stores an embedded file (a PDF, a zip, another
 * document) in an OLE2 wrapper (word/embeddings/oleObject1.bin), either as the Packager's
 * "\1Ole10Native" stream or as a "CONTENTS" / "Package" stream. The wrapped file is what a reader
 * of the evidence wants as the child.
 */
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace evidex::indexer {

struct OlePackagedFile {
  std::string name;  // the Packager's label (a file name), empty when the wrapper has none
  std::string bytes;
};

/// The file wrapped in the OLE2 object at `file`; nullopt when it is not an OLE2 file, has none of
/// these streams, or the stream is larger than max_bytes.
std::optional<OlePackagedFile> unwrap_ole_package(const std::filesystem::path& file,
                                                  std::uint64_t max_bytes);

}  // namespace evidex::indexer
