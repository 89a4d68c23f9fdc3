/** @file
 * @brief Writing the files embedded in a document (PDF attachments, OLE objects in a docx) as
 * children, within the bundle's budgets.
 */
#pragma once

#include "indexer/extract/extractor.hpp"

#include <string>
#include <string_view>

namespace evidex::indexer {

/// raw as a Child::name: '\' becomes '/', empty, "." and ".." components and leading '/' are
/// dropped, invalid UTF-8 is replaced. fallback when nothing is left.
std::string safe_child_name(std::string_view raw, std::string_view fallback);

/// One child being written in pieces. Checks ctx.budget_entries when constructed and
/// ctx.budget_bytes / ctx.limits.max_item_bytes on every write; when a budget is exhausted the
/// child is recorded with a "limit exceeded" error instead of a file. Nothing is recorded until
/// finish().
class ChildSink {
public:
  ChildSink(ExtractContext& ctx, Extraction& out, std::string name);
  ChildSink(const ChildSink&) = delete;
  ChildSink& operator=(const ChildSink&) = delete;
  ~ChildSink();

  /// False once the child has failed (a budget, or a write error); later writes are ignored.
  bool write(const void* data, std::size_t size);
  /// The child could not be read from its container: recorded with this reason.
  void fail(std::string reason);
  /// Records the child (with its file, or with the error that stopped it).
  void finish();

private:
  ExtractContext& m_ctx;
  Extraction& m_out;
  std::string m_name;
  std::filesystem::path m_file;
  std::FILE* m_stream = nullptr;
  std::uint64_t m_written = 0;
  std::string m_error;
  bool m_finished = false;
};

/// A whole in-memory child: ChildSink + write + finish.
void add_child(ExtractContext& ctx, Extraction& out, std::string name, std::string_view bytes);

}  // namespace evidex::indexer
