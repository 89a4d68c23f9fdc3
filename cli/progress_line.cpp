#include "cli/progress_line.hpp"

#include "query/render/terminal_text.hpp"

#include <algorithm>
#include <iostream>

namespace evidex::cli {
namespace {

std::string shorten(const std::string& s, std::size_t width) {
  if (s.size() <= width) {
    return s;
  }
  std::size_t cut = s.size() - (width - 1);
  while (cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) {
    ++cut;
  }
  return "…" + s.substr(cut);
}

}  // namespace

ProgressLine::~ProgressLine() { clear(); }

void ProgressLine::extracting(std::size_t done, std::size_t found, const std::string& path) {
  if (!m_enabled) {
    return;
  }
  m_total = std::max({m_total, found, done});
  std::cerr << "\r\033[Kextracting [" << done << "/" << m_total << " found so far] "
            << shorten(query::terminal_text(path), 50) << std::flush;
  m_shown = true;
}

void ProgressLine::phase(const std::string& name) {
  if (!m_enabled) {
    return;
  }
  std::cerr << "\r\033[K" << name << std::flush;
  m_shown = true;
}

void ProgressLine::clear() {
  if (m_shown) {
    std::cerr << "\r\033[K" << std::flush;
    m_shown = false;
  }
}

}  // namespace evidex::cli
