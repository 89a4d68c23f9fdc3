/** @file
 * @brief The peer benchmark's one table (tests/bench/bench_peers.cpp), in Markdown so that it can
 * be pasted into a closing note: a row per figure, a column per tool, and evidex against the best
 * of the peers that have a figure.
 */
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace evidex::bench {

/// Whether a smaller figure is the better one (seconds, bytes) or a larger one (files per second).
enum class Better { lower, higher };

class PeerTable {
public:
  /// A row of figures; an empty optional prints `empty_cell` (e.g. "skips zips"). The last column
  /// is evidex ÷ the best peer figure, when evidex and at least one peer have one.
  void add(const std::string& work, std::optional<double> evidex, std::optional<double> omindex,
           std::optional<double> recoll, Better better, int decimals = 1, const std::string& empty_cell = "");
  /// A row written out by the caller (cells: evidex, omindex, recoll, comparison).
  void add_text(const std::string& work, const std::vector<std::string>& cells);
  void print(std::FILE* out) const;

private:
  std::vector<std::vector<std::string>> m_rows;
};

/// `value` with `decimals` decimals and thousands separators ("1,234.5").
std::string figure(double value, int decimals = 1);

/// "11×" style ratio, two significant digits below 10.
std::string times(double ratio);

}  // namespace evidex::bench
