#include "tests/bench/peer_table.hpp"

#include <algorithm>
#include <cmath>

namespace evidex::bench {

std::string figure(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::fabs(value));
  std::string digits = buffer;
  std::size_t whole = std::min(digits.find('.'), digits.size());
  std::string out = value < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i < whole && (whole - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  return out;
}

std::string times(double ratio) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, ratio < 10 ? "%.2f×" : "%.0f×", ratio);
  return buffer;
}

void PeerTable::add(const std::string& work, std::optional<double> evidex, std::optional<double> omindex,
                    std::optional<double> recoll, Better better, int decimals, const std::string& empty_cell) {
  auto cell = [&](std::optional<double> v) { return v ? figure(*v, decimals) : empty_cell; };
  std::optional<double> best;
  for (auto peer : {omindex, recoll}) {
    if (peer && (!best || (better == Better::lower ? *peer < *best : *peer > *best))) {
      best = peer;
    }
  }
  std::string comparison;
  if (evidex && best && *best > 0) {
    comparison = times(*evidex / *best);
  }
  m_rows.push_back({work, cell(evidex), cell(omindex), cell(recoll), comparison});
}

void PeerTable::add_text(const std::string& work, const std::vector<std::string>& cells) {
  std::vector<std::string> row{work};
  row.insert(row.end(), cells.begin(), cells.end());
  row.resize(5);
  m_rows.push_back(std::move(row));
}

void PeerTable::print(std::FILE* out) const {
  std::fprintf(out, "| work | evidex | omindex | recoll | evidex ÷ best peer |\n|---|---|---|---|---|\n");
  for (const auto& row : m_rows) {
    std::fprintf(out, "|");
    for (const auto& cell : row) {
      std::fprintf(out, " %s |", cell.c_str());
    }
    std::fprintf(out, "\n");
  }
}

}  // namespace evidex::bench
