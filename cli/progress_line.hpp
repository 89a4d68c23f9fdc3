/** @file
 * @brief The progress line of `evidex ingest` on a terminal (stderr): one line rewritten in place,
 * naming the phase ("extracting", "tagging", "signatures", "index"). While extracting, the total is
 * what has been found so far: an archive inside the upload adds its entries when it is opened, so
 * the total may grow (it never shrinks) and says so.
 */
#pragma once

#include <cstddef>
#include <string>

namespace evidex::cli {

class ProgressLine {
public:
  /// Disabled, it prints nothing (--quiet, or stderr is not a terminal).
  explicit ProgressLine(bool enabled) : m_enabled(enabled) {}
  /// Also writes each step as a JSON line ({"phase", "done", "found"}) to this descriptor: how
  /// `evidex serve` follows the ingest child it started (--progress-fd).
  void also_to_fd(int fd) { m_fd = fd; }
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  void extracting(std::size_t done, std::size_t found, const std::string& path);
  /// A phase without a count of its own.
  void phase(const std::string& name);
  /// Removes the line, before the summary is printed.
  void clear();

private:
  void write_line(const std::string& phase, std::size_t done);

  bool m_enabled;
  int m_fd = -1;
  bool m_shown = false;
  std::size_t m_total = 0;
};

}  // namespace evidex::cli
