/** @file
 * @brief How every handler names and writes its child files (archive members, e-mail attachments,
 * files embedded in PDFs and office documents): one set of naming rules, one writer that keeps to
 * the bundle's budgets.
 *
 * Child names come from the upload and are hostile: they only ever become Child::name, never a
 * path on this machine. Bytes always go to ctx.next_child_file().
 */
#pragma once

#include "indexer/extract/extractor.hpp"

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>

namespace evidex::indexer {

/// Longest child name kept in NameStyle::path; deeper paths keep their last components
/// (node-tar's excessively-deep.tar has thousands of levels).
constexpr std::size_t k_max_child_path_bytes = 1024;
/// Longest child name kept in NameStyle::file_name.
constexpr std::size_t k_max_child_file_name_bytes = 200;

enum class NameStyle {
  /// A path inside the parent (archive member, document part): its directories are kept.
  path,
  /// A file name a sender chose (attachment): only its last component is kept, and characters a
  /// file system would refuse (control characters, ':') are dropped rather than marked.
  file_name,
};

struct SafeName {
  /// '/'-separated, relative, valid UTF-8, without "", "." or ".." components; may be empty.
  std::string name;
  /// The raw name had a ".." component: it tried to leave its parent.
  bool climbed = false;
  /// The raw name started with '/' or a drive letter.
  bool absolute = false;
};

/// Valid UTF-8 with control characters as U+FFFD: they would corrupt what an assessor sees in a
/// listing, but dropping them silently would hide that the name was odd.
std::string printable_utf8(std::string_view raw);

/// A name as it may appear in a message, quoted and capped: a hostile 100 KB name must not swamp
/// the report.
std::string quoted_name(std::string_view name);

/// "62 bytes", "1.5 MiB": limits in messages are read by people.
std::string human_bytes(std::uint64_t n);

/// raw made safe as a Child::name: invalid UTF-8 and control characters replaced, '\' read as
/// '/', a leading '/' or drive letter and "", "." and ".." components dropped, too long a name
/// cut keeping its end (the file name is what identifies the item).
SafeName clean_child_name(std::string_view raw, NameStyle style = NameStyle::path);

/// clean_child_name(raw, style).name, or fallback (made valid UTF-8) when nothing usable is left.
std::string safe_child_name(std::string_view raw, std::string_view fallback = {},
                            NameStyle style = NameStyle::path);

/// Receives a child's bytes chunk by chunk; false once the child was refused, after which the
/// producer should stop.
using ChunkSink = std::function<bool(std::string_view chunk)>;

/// Passes a child's bytes to the sink; returns why they could not all be read ("corrupt embedded
/// file: ..."), empty when they could.
using ChildProducer = std::function<std::string(const ChunkSink& sink)>;

/// Writes the children of one item. Every child recorded costs one of ctx.budget_entries; every
/// byte kept costs one of ctx.budget_bytes and is added to out.expanded_bytes, so several writers
/// in one handler share the bundle's budgets. A child over ctx.limits.max_item_bytes is recorded
/// with a "limit exceeded" error; once a budget refuses, the writer refuses everything after it
/// and says so in one warning. Names are made unique within the item ("a.txt", "a (2).txt").
/// "notes.txt", 2 -> "notes (2).txt": how a second item of the same name is told apart.
std::string numbered_name(std::string_view name, unsigned n);

class ChildWriter {
public:
  /// What becomes of the children a budget refuses.
  enum class WhenRefused {
    /// Dropped: the listing of a long archive or mailbox ends at the budget.
    skip,
    /// Recorded with the "limit exceeded" error: a document lists what it embeds.
    record,
  };

  /// Called after every chunk written with the child's bytes so far; a non-empty result stops the
  /// child with that error. For checks only the producer can make (an archive's expansion ratio).
  using WriteCheck = std::function<std::string(std::uint64_t child_bytes)>;

  /// noun names a child in messages: "member", "attachment", "embedded file".
  ChildWriter(ExtractContext& ctx, Extraction& out, std::string noun, WhenRefused when_refused = WhenRefused::skip);
  ChildWriter(const ChildWriter&) = delete;
  ChildWriter& operator=(const ChildWriter&) = delete;

  void set_write_check(WriteCheck check) { m_write_check = std::move(check); }

  /// Whether a child named next_name may still be added; the first refusal adds the warning.
  bool accepting(std::string_view next_name);
  /// True once a budget has refused a child.
  bool refused() const { return m_refused; }

  /// One child streamed by produce(). Each add_* returns false when a budget refused the child.
  bool add(std::string_view name, const ChildProducer& produce);
  /// One child already in memory.
  bool add(std::string_view name, std::string_view bytes);
  /// One child written by a library straight to its file (write returns false on failure); its
  /// size is checked afterwards, so only for children no larger than the item itself.
  bool add_written(std::string_view name, const std::function<bool(const std::filesystem::path&)>& write);
  /// A child that could not be extracted, recorded with the reason.
  bool add_error(std::string_view name, std::string reason);

private:
  std::string unique_name(std::string_view name);
  /// Why a child of child_bytes may not be kept (the per-item cap, the byte budget or the write
  /// check), empty when it may. A byte budget refusal warns and makes the writer refuse from now on.
  std::string limit_error(std::string_view name, std::uint64_t child_bytes);
  bool refuse(std::string_view name, std::string reason);
  void record(std::string name, std::filesystem::path file, std::string error, std::uint64_t bytes);

  ExtractContext& m_ctx;
  Extraction& m_out;
  std::string m_noun;
  WhenRefused m_when_refused;
  WriteCheck m_write_check;
  bool m_refused = false;
  std::string m_refusal;
  std::set<std::string, std::less<>> m_names;
};

}  // namespace evidex::indexer
