#include "indexer/extract/embedded_children.hpp"

#include "indexer/util/text_encoding.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace evidex::indexer {

std::string safe_child_name(std::string_view raw, std::string_view fallback) {
  std::string name = sanitize_utf8(raw);
  std::replace(name.begin(), name.end(), '\\', '/');
  std::string out;
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t slash = name.find('/', start);
    if (slash == std::string::npos) {
      slash = name.size();
    }
    std::string_view part(name.data() + start, slash - start);
    if (!part.empty() && part != "." && part != "..") {
      if (!out.empty()) {
        out += '/';
      }
      out += part;
    }
    start = slash + 1;
  }
  if (out.empty()) {
    out = sanitize_utf8(fallback);
  }
  return out;
}

ChildSink::ChildSink(ExtractContext& ctx, Extraction& out, std::string name)
    : m_ctx(ctx), m_out(out), m_name(std::move(name)) {
  if (m_ctx.budget_entries == 0) {
    m_error = "limit exceeded: the bundle has too many items";
    return;
  }
  --m_ctx.budget_entries;
  m_file = m_ctx.next_child_file();
  m_stream = std::fopen(m_file.c_str(), "wbx");
  if (!m_stream) {
    m_error = std::string("limit exceeded: cannot write the child: ") + std::strerror(errno);
  }
}

ChildSink::~ChildSink() {
  if (!m_finished) {
    fail("corrupt: extraction was interrupted");
    finish();
  }
}

bool ChildSink::write(const void* data, std::size_t size) {
  if (!m_error.empty()) {
    return false;
  }
  std::uint64_t allowed = std::min(m_ctx.limits.max_item_bytes, m_written + m_ctx.budget_bytes);
  if (m_written + size > allowed) {
    fail("limit exceeded: embedded file larger than " + std::to_string(allowed) + " bytes");
    return false;
  }
  if (size > 0 && std::fwrite(data, 1, size, m_stream) != size) {
    fail(std::string("limit exceeded: cannot write the child: ") + std::strerror(errno));
    return false;
  }
  m_written += size;
  m_ctx.budget_bytes -= size;
  return true;
}

void ChildSink::fail(std::string reason) {
  if (m_error.empty()) {
    m_error = std::move(reason);
  }
}

void ChildSink::finish() {
  if (m_finished) {
    return;
  }
  m_finished = true;
  if (m_stream) {
    if (std::fclose(m_stream) != 0 && m_error.empty()) {
      m_error = std::string("limit exceeded: cannot write the child: ") + std::strerror(errno);
    }
    m_stream = nullptr;
  }
  if (!m_error.empty()) {
    // The partial bytes are not an item: give them back to the budget.
    m_ctx.budget_bytes += m_written;
    if (!m_file.empty()) {
      std::error_code ec;
      std::filesystem::remove(m_file, ec);
    }
    m_out.children.push_back(Child{m_name, {}, m_error});
    return;
  }
  m_out.expanded_bytes += m_written;
  m_out.children.push_back(Child{m_name, m_file, ""});
}

void add_child(ExtractContext& ctx, Extraction& out, std::string name, std::string_view bytes) {
  ChildSink sink(ctx, out, std::move(name));
  sink.write(bytes.data(), bytes.size());
  sink.finish();
}

}  // namespace evidex::indexer
