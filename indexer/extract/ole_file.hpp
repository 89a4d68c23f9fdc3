/** @file
 * @brief Opening an OLE2 compound file (.msg, .doc, .xls, .ppt, OLE packages) with libgsf, the one
 * way every handler does it.
 */
#pragma once

#include "indexer/util/c_handle.hpp"

#include <gsf/gsf-infile.h>
#include <gsf/gsf-input.h>

#include <filesystem>
#include <memory>
#include <string>

namespace evidex::indexer {

template <class T>
using GObjectPtr = std::unique_ptr<T, CFree<g_object_unref>>;

struct OleFile {
  GObjectPtr<GsfInfile> root;  // null when the file could not be opened as a compound file
  std::string error;           // then: why (libgsf's words)
};

/// Opens `file` as a compound file. A root entry with siblings ([MS-CFB] 2.6.3 requires none) is
/// read as if it had none: libgsf 1.14.50 (bookworm's) skips those siblings anyway, and leaks what it
/// read of them.
OleFile open_ole_file(const std::filesystem::path& file);

}  // namespace evidex::indexer
