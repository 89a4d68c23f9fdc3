#include "tests/support/test_support.hpp"

#include <utf8proc.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace evidex::test {

std::filesystem::path fixture(std::string_view relative) {
  return std::filesystem::path(EVIDEX_FIXTURES) / relative;
}

std::filesystem::path corpus_dir() {
  return std::filesystem::weakly_canonical(std::filesystem::path(EVIDEX_CORPUS));
}

TempDir::TempDir() {
  static std::atomic<unsigned> counter{0};
  std::random_device rd;
  auto base = std::filesystem::temp_directory_path();
  m_path = base / ("evidex-test-" + std::to_string(::getpid()) + "-" +
                   std::to_string(counter++) + "-" + std::to_string(rd()));
  std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

std::string normalise_for_match(std::string_view text) {
  utf8proc_uint8_t* mapped = nullptr;
  auto len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                          static_cast<utf8proc_ssize_t>(text.size()), &mapped,
                          static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  std::string nfkc = len >= 0 ? std::string(reinterpret_cast<char*>(mapped), len) : std::string(text);
  std::free(mapped);

  std::string out;
  bool in_space = false;
  for (std::size_t i = 0; i < nfkc.size();) {
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(nfkc.data()) + i,
                              static_cast<utf8proc_ssize_t>(nfkc.size() - i), &cp);
    if (n <= 0) {
      ++i;
      continue;
    }
    bool drop = cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
                (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
    bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
                 cp == 0xA0 || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS ||
                 utf8proc_category(cp) == UTF8PROC_CATEGORY_ZL || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZP;
    if (!drop) {
      if (space) {
        if (!in_space && !out.empty()) {
          out += ' ';
        }
        in_space = true;
      } else {
        out.append(nfkc, i, static_cast<std::size_t>(n));
        in_space = false;
      }
    }
    i += static_cast<std::size_t>(n);
  }
  if (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

bool contains_normalised(std::string_view haystack, std::string_view needle) {
  return normalise_for_match(haystack).find(normalise_for_match(needle)) != std::string::npos;
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + file.string());
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_file(const std::filesystem::path& file, std::string_view bytes) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    throw std::runtime_error("cannot write " + file.string());
  }
}

}  // namespace evidex::test
