#include "indexer/extract/ole_file.hpp"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-utils.h>

#include <array>
#include <cstring>
#include <fstream>
#include <mutex>

namespace evidex::indexer {
namespace {

constexpr std::array<unsigned char, 8> k_signature{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
constexpr std::uint32_t k_no_stream = 0xFFFFFFFF;
// [MS-CFB] 2.2 and 2.6.1: header fields, and a directory entry's sibling IDs.
constexpr std::size_t k_sector_shift_at = 0x1E;
constexpr std::size_t k_first_directory_sector_at = 0x30;
constexpr std::size_t k_left_sibling_at = 0x44;
constexpr std::size_t k_right_sibling_at = 0x48;

std::uint32_t le(const unsigned char* p, int bytes) {
  std::uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) {
    v = (v << 8) | p[i];
  }
  return v;
}

// Where the root directory entry starts in the file, when its siblings are not NOSTREAM; 0 else
// (also for anything that is not a plausible compound file: libgsf then says what is wrong).
std::uint64_t root_with_siblings(std::ifstream& in) {
  unsigned char header[512];
  if (!in.read(reinterpret_cast<char*>(header), sizeof header) ||
      std::memcmp(header, k_signature.data(), k_signature.size()) != 0) {
    return 0;
  }
  const std::uint32_t shift = le(header + k_sector_shift_at, 2);
  if (shift != 9 && shift != 12) {
    return 0;
  }
  // Sector n starts at (n + 1) sectors: the header fills sector -1.
  const std::uint64_t at = (static_cast<std::uint64_t>(le(header + k_first_directory_sector_at, 4)) + 1) << shift;
  unsigned char entry[128];
  in.seekg(static_cast<std::streamoff>(at));
  if (!in.read(reinterpret_cast<char*>(entry), sizeof entry)) {
    return 0;
  }
  const bool siblings = le(entry + k_left_sibling_at, 4) != k_no_stream || le(entry + k_right_sibling_at, 4) != k_no_stream;
  return siblings ? at : 0;
}

GsfInput* input_for(const std::filesystem::path& file, GError** error) {
  std::ifstream in(file, std::ios::binary);
  const std::uint64_t root = in ? root_with_siblings(in) : 0;
  if (root == 0) {
    return gsf_input_stdio_new(file.c_str(), error);
  }
  // The whole file in memory with the two sibling IDs set to NOSTREAM (the pipeline's item size
  // limit bounds it); libgsf frees the copy with its input.
  in.clear();
  in.seekg(0, std::ios::end);
  const auto size = static_cast<std::size_t>(in.tellg());
  // g_try_malloc: g_malloc aborts when the worker's memory limit refuses, and the file is then
  // still readable as it is.
  auto* bytes = static_cast<guint8*>(g_try_malloc(size));
  in.seekg(0);
  if (!bytes || !in.read(reinterpret_cast<char*>(bytes), static_cast<std::streamsize>(size))) {
    g_free(bytes);
    return gsf_input_stdio_new(file.c_str(), error);
  }
  std::memset(bytes + root + k_left_sibling_at, 0xFF, 8);
  return gsf_input_memory_new(bytes, static_cast<gsf_off_t>(size), TRUE);
}

}  // namespace

OleFile open_ole_file(const std::filesystem::path& file) {
  static std::once_flag once;
  std::call_once(once, [] { gsf_init(); });
  OleFile out;
  GError* raw_error = nullptr;
  GObjectPtr<GsfInput> input(input_for(file, &raw_error));
  std::unique_ptr<GError, CFree<g_error_free>> error(raw_error);
  if (!input) {
    out.error = error ? error->message : "cannot open the file";
    return out;
  }
  raw_error = nullptr;
  out.root.reset(gsf_infile_msole_new(input.get(), &raw_error));
  error.reset(raw_error);
  if (!out.root) {
    out.error = error ? error->message : "not an OLE2 compound file";
  }
  return out;
}

}  // namespace evidex::indexer
