#include "cli/progress_line.hpp"

#include "query/render/terminal_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <iostream>
#include <unistd.h>

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

void ProgressLine::write_line(const std::string& phase, std::size_t done) {
  if (m_fd < 0) {
    return;
  }
  std::string line = nlohmann::json{{"phase", phase}, {"done", done}, {"found", m_total}}.dump() + "\n";
  for (std::size_t at = 0; at < line.size();) {
    ssize_t n = ::write(m_fd, line.data() + at, line.size() - at);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      m_fd = -1;  // the reader went away: the ingest goes on without telling anyone
      return;
    }
    at += static_cast<std::size_t>(n);
  }
}

void ProgressLine::extracting(std::size_t done, std::size_t found, const std::string& path) {
  m_total = std::max({m_total, found, done});
  write_line("extracting", done);
  if (!m_enabled) {
    return;
  }
  std::cerr << "\r\033[Kextracting [" << done << "/" << m_total << " found so far] "
            << shorten(query::terminal_text(path), 50) << std::flush;
  m_shown = true;
}

void ProgressLine::phase(const std::string& name) {
  write_line(name, m_total);
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
