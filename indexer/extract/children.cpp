#include "indexer/extract/children.hpp"

#include "indexer/util/c_handle.hpp"
#include "indexer/util/text_encoding.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <system_error>
#include <vector>

namespace evidex::indexer {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_ellipsis = "\xE2\x80\xA6";

bool is_control(char c) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7F;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

/// s cut to at most max_bytes from its start, never inside a UTF-8 sequence.
std::string_view head_utf8(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) {
    return s;
  }
  std::size_t keep = max_bytes;
  while (keep > 0 && is_continuation(s[keep])) {
    --keep;
  }
  return s.substr(0, keep);
}

/// s cut to at most max_bytes from its end, never inside a UTF-8 sequence.
std::string_view tail_utf8(std::string_view s, std::size_t max_bytes) {
  std::size_t cut = s.size() - std::min(s.size(), max_bytes);
  while (cut < s.size() && is_continuation(s[cut])) {
    ++cut;
  }
  return s.substr(cut);
}

/// A path's last components, as many as fit in k_max_child_path_bytes, after an ellipsis when some
/// were dropped: in a deep path, the file name is what identifies the item.
std::string join_tail(const std::vector<std::string_view>& parts) {
  std::size_t first = parts.size();
  std::size_t bytes = 0;
  while (first > 0 && bytes + parts[first - 1].size() + 1 <= k_max_child_path_bytes) {
    bytes += parts[first - 1].size() + 1;
    --first;
  }
  std::string out;
  if (first > 0) {
    out = k_ellipsis;
  }
  for (std::size_t i = first; i < parts.size(); ++i) {
    if (!out.empty()) {
      out += '/';
    }
    out += parts[i];
  }
  if (first > 0 && first == parts.size()) {
    // A single component longer than the cap: keep its tail.
    out += '/';
    out += tail_utf8(parts.back(), k_max_child_path_bytes);
  }
  return out;
}

/// The last component as a file name: a sender's name for an attachment, not a place to write.
std::string file_name_of(std::string_view last) {
  std::string out;
  for (char c : last) {
    // ':' would name an NTFS stream or a drive when the file is saved on Windows.
    if (!is_control(c) && c != ':') {
      out += c;
    }
  }
  if (out.find_first_not_of(" .") == std::string::npos) {
    return {};
  }
  out.erase(0, out.find_first_not_of(' '));
  out.erase(out.find_last_not_of(' ') + 1);
  if (out.size() > k_max_child_file_name_bytes) {
    // The extension says what the file is: it survives the cut.
    std::string ext;
    if (auto dot = out.rfind('.'); dot != std::string::npos && out.size() - dot <= 16) {
      ext = out.substr(dot);
    }
    out = std::string(head_utf8(out, k_max_child_file_name_bytes - ext.size())) + ext;
  }
  return out;
}

}  // namespace

std::string printable_utf8(std::string_view raw) {
  std::string valid = sanitize_utf8(raw);
  if (std::none_of(valid.begin(), valid.end(), is_control)) {
    return valid;
  }
  std::string out;
  out.reserve(valid.size());
  for (char c : valid) {
    if (is_control(c)) {
      out += "\xEF\xBF\xBD";
    } else {
      out += c;
    }
  }
  return out;
}

std::string quoted_name(std::string_view name) {
  constexpr std::size_t k_max = 200;
  std::string out = "'";
  out += head_utf8(name, k_max);
  if (name.size() > k_max) {
    out += k_ellipsis;
  }
  out += "'";
  return out;
}

std::string human_bytes(std::uint64_t n) {
  char buf[32];
  if (n >= (1ull << 30)) {
    std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(n) / (1ull << 30));
  } else if (n >= (1ull << 20)) {
    std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(n) / (1ull << 20));
  } else if (n >= 1024) {
    std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(n) / 1024);
  } else {
    std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(n));
  }
  return buf;
}

SafeName clean_child_name(std::string_view raw, NameStyle style) {
  // A file name drops its control characters below, with ':'; a path marks them.
  std::string p = style == NameStyle::path ? printable_utf8(raw) : sanitize_utf8(raw);
  std::replace(p.begin(), p.end(), '\\', '/');
  SafeName out;
  out.absolute = !p.empty() && p.front() == '/';
  // In a file name, "X:" is more likely a subject's "Re:" cut short than a drive; ':' goes below.
  if (style == NameStyle::path && p.size() >= 2 && p[1] == ':' && std::isalpha(static_cast<unsigned char>(p[0]))) {
    out.absolute = true;
    p.erase(0, 2);
  }
  std::vector<std::string_view> parts;
  std::string_view rest = p;
  while (!rest.empty()) {
    auto slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (part.empty() || part == ".") {
      continue;
    }
    if (part == "..") {
      out.climbed = true;
      continue;
    }
    parts.push_back(part);
  }
  if (style == NameStyle::file_name) {
    out.name = parts.empty() ? std::string() : file_name_of(parts.back());
  } else {
    out.name = join_tail(parts);
  }
  return out;
}

std::string safe_child_name(std::string_view raw, std::string_view fallback, NameStyle style) {
  std::string name = clean_child_name(raw, style).name;
  return name.empty() ? sanitize_utf8(fallback) : name;
}

ChildWriter::ChildWriter(ExtractContext& ctx, Extraction& out, std::string noun, WhenRefused when_refused)
    : m_ctx(ctx), m_out(out), m_noun(std::move(noun)), m_when_refused(when_refused) {}

bool ChildWriter::accepting(std::string_view next_name) {
  if (!m_refused && m_ctx.budget_entries == 0) {
    refuse(next_name, "limit exceeded: entry count (the bundle may hold no more items)");
  }
  if (!m_refused) {
    return true;
  }
  if (m_when_refused == WhenRefused::record) {
    record(unique_name(next_name), {}, m_refusal, 0);
  }
  return false;
}

bool ChildWriter::refuse(std::string_view name, std::string reason) {
  m_refused = true;
  m_refusal = std::move(reason);
  m_out.warnings.push_back(m_refusal + "; " + quoted_name(name) + " and what follows it were not extracted");
  return false;
}

std::string numbered_name(std::string_view name, unsigned n) {
  std::string candidate{name};
  auto dot = candidate.rfind('.');
  // A dot in a directory or at the start of the file name does not start an extension.
  if (dot != std::string::npos && (dot == 0 || candidate[dot - 1] == '/' ||
                                   candidate.find('/', dot) != std::string::npos)) {
    dot = std::string::npos;
  }
  std::string stem = dot == std::string::npos ? candidate : candidate.substr(0, dot);
  std::string ext = dot == std::string::npos ? "" : candidate.substr(dot);
  return stem + " (" + std::to_string(n) + ")" + ext;
}

std::string ChildWriter::unique_name(std::string_view name) {
  std::string candidate{name};
  for (unsigned n = 2; m_names.contains(candidate); ++n) {
    candidate = numbered_name(name, n);
  }
  if (candidate != name) {
    m_out.warnings.push_back(quoted_name(name) + " appears more than once; this one is stored as " +
                             quoted_name(candidate));
  }
  m_names.insert(candidate);
  return candidate;
}

std::string ChildWriter::limit_error(std::string_view name, std::uint64_t child_bytes) {
  if (child_bytes > m_ctx.limits.max_item_bytes) {
    return "limit exceeded: " + m_noun + " larger than the per-item limit of " +
           human_bytes(m_ctx.limits.max_item_bytes);
  }
  if (child_bytes > m_ctx.budget_bytes) {
    std::string error = "limit exceeded: the bundle's size budget (" + human_bytes(m_ctx.budget_bytes) +
                        " left) ran out while writing this " + m_noun;
    refuse(name, error);
    // Children after this one are refused with a shorter reason: they were never started.
    m_refusal = "limit exceeded: the bundle's size budget is used up";
    return error;
  }
  return {};
}

void ChildWriter::record(std::string name, fs::path file, std::string error, std::uint64_t bytes) {
  if (m_ctx.budget_entries > 0) {
    --m_ctx.budget_entries;
  }
  m_ctx.budget_bytes -= bytes;
  m_out.expanded_bytes += bytes;
  m_out.children.push_back(Child{std::move(name), std::move(file), std::move(error)});
}

bool ChildWriter::add(std::string_view name, const ChildProducer& produce) {
  if (!accepting(name)) {
    return false;
  }
  std::string child_name = unique_name(name);
  fs::path path = m_ctx.next_child_file();
  // "x": a child file never replaces anything, even if next_child_file() were wrong.
  FilePtr file{std::fopen(path.c_str(), "wbx")};
  if (!file) {
    throw std::system_error(errno, std::generic_category(), "cannot create " + path.string());
  }
  auto discard = [&] {
    file.reset();
    std::error_code ignored;
    fs::remove(path, ignored);
  };
  std::uint64_t written = 0;
  std::string error;
  ChunkSink sink = [&](std::string_view chunk) {
    if (!error.empty()) {
      return false;
    }
    // Checked before the bytes are written: a bomb never reaches the disk.
    error = limit_error(child_name, written + chunk.size());
    if (!error.empty()) {
      return false;
    }
    if (!chunk.empty() && std::fwrite(chunk.data(), 1, chunk.size(), file.get()) != chunk.size()) {
      int err = errno;
      discard();
      throw std::system_error(err, std::generic_category(), "cannot write " + path.string());
    }
    written += chunk.size();
    if (m_write_check) {
      error = m_write_check(written);
    }
    return error.empty();
  };
  std::string read_error = produce(sink);
  if (error.empty()) {
    error = std::move(read_error);
  }
  if (!error.empty()) {
    discard();
    record(std::move(child_name), {}, std::move(error), 0);
    return !m_refused;
  }
  if (std::fclose(file.release()) != 0) {
    int err = errno;
    discard();
    throw std::system_error(err, std::generic_category(), "cannot write " + path.string());
  }
  record(std::move(child_name), std::move(path), {}, written);
  return true;
}

bool ChildWriter::add(std::string_view name, std::string_view bytes) {
  return add(name, [&](const ChunkSink& sink) {
    sink(bytes);
    return std::string();
  });
}

bool ChildWriter::add_written(std::string_view name, const std::function<bool(const fs::path&)>& write) {
  if (!accepting(name)) {
    return false;
  }
  std::string child_name = unique_name(name);
  fs::path path = m_ctx.next_child_file();
  bool ok = write(path);
  std::error_code ec;
  std::uint64_t size = ok ? fs::file_size(path, ec) : 0;
  std::string error;
  if (!ok || ec) {
    error = "unreadable: cannot write to the scratch directory";
  } else {
    error = limit_error(child_name, size);
    if (error.empty() && m_write_check) {
      error = m_write_check(size);
    }
  }
  if (!error.empty()) {
    fs::remove(path, ec);
    record(std::move(child_name), {}, std::move(error), 0);
    return !m_refused;
  }
  record(std::move(child_name), std::move(path), {}, size);
  return true;
}

bool ChildWriter::add_error(std::string_view name, std::string reason) {
  if (!accepting(name)) {
    return false;
  }
  record(unique_name(name), {}, std::move(reason), 0);
  return true;
}

}  // namespace evidex::indexer
