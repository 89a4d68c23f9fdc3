#include "indexer/extract/ole_package.hpp"

#include "indexer/extract/ole_file.hpp"

#include <gsf/gsf-infile.h>
#include <gsf/gsf-input.h>

#include <memory>
#include <string_view>

namespace evidex::indexer {
namespace {

std::optional<std::string> read_stream(GsfInfile* ole, const char* name, std::uint64_t max_bytes) {
  GObjectPtr<GsfInput> stream(gsf_infile_child_by_name(ole, name));
  if (!stream) {
    return std::nullopt;
  }
  gsf_off_t size = gsf_input_size(stream.get());
  if (size <= 0 || static_cast<std::uint64_t>(size) > max_bytes) {
    return std::nullopt;
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!gsf_input_read(stream.get(), bytes.size(), reinterpret_cast<guint8*>(bytes.data()))) {
    return std::nullopt;
  }
  return bytes;
}

/// Cursor over the Packager's layout (as documented by oletools' OleNativeStream): size, flags,
/// label, source path, 8 unknown bytes, temporary path, data size, data.
class Reader {
public:
  explicit Reader(std::string_view s) : m_s(s) {}
  bool u32(std::uint32_t& v) {
    if (m_pos + 4 > m_s.size()) {
      return false;
    }
    v = 0;
    for (int i = 3; i >= 0; --i) {
      v = (v << 8) | static_cast<unsigned char>(m_s[m_pos + static_cast<std::size_t>(i)]);
    }
    m_pos += 4;
    return true;
  }
  bool skip(std::size_t n) {
    if (m_pos + n > m_s.size()) {
      return false;
    }
    m_pos += n;
    return true;
  }
  bool cstring(std::string& out) {
    auto end = m_s.find('\0', m_pos);
    if (end == std::string_view::npos) {
      return false;
    }
    out = std::string(m_s.substr(m_pos, end - m_pos));
    m_pos = end + 1;
    return true;
  }
  std::string_view rest() const { return m_s.substr(m_pos); }

private:
  std::string_view m_s;
  std::size_t m_pos = 0;
};

std::optional<OlePackagedFile> parse_ole10native(std::string_view s) {
  Reader r(s);
  std::uint32_t total = 0;
  std::uint32_t size = 0;
  OlePackagedFile out;
  std::string source;
  std::string temp;
  if (!r.u32(total) || !r.skip(2) || !r.cstring(out.name) || !r.cstring(source) || !r.skip(8) ||
      !r.cstring(temp) || !r.u32(size) || size > r.rest().size()) {
    return std::nullopt;
  }
  out.bytes = std::string(r.rest().substr(0, size));
  if (out.name.empty()) {
    auto slash = source.find_last_of("\\/");
    out.name = slash == std::string::npos ? source : source.substr(slash + 1);
  }
  return out;
}

}  // namespace

std::optional<OlePackagedFile> unwrap_ole_package(const std::filesystem::path& file,
                                                  std::uint64_t max_bytes) {
  OleFile ole = open_ole_file(file);
  if (!ole.root) {
    return std::nullopt;
  }
  if (auto native = read_stream(ole.root.get(), "\001Ole10Native", max_bytes)) {
    return parse_ole10native(*native);
  }
  for (const char* name : {"CONTENTS", "Package"}) {
    if (auto bytes = read_stream(ole.root.get(), name, max_bytes)) {
      return OlePackagedFile{"", std::move(*bytes)};
    }
  }
  return std::nullopt;
}

}  // namespace evidex::indexer
