#include "query/render/output.hpp"

#include "indexer/util/errors.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace evidex::query {

Format parse_format(std::string_view name) {
  if (name == "text") {
    return Format::text;
  }
  if (name == "json") {
    return Format::json;
  }
  if (name == "csv") {
    return Format::csv;
  }
  throw UsageError("--format: '" + std::string(name) + "' is not one of text, json, csv");
}

namespace {

// "-3" or "+1.5" is a number, not a formula; "-1+2" is not a number.
bool is_plain_number(const std::string& s) {
  std::size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0;
  bool digits = false;
  bool point = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      digits = true;
    } else if (s[i] == '.' && !point) {
      point = true;
    } else {
      return false;
    }
  }
  return digits;
}

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection"), and
// file names come from uploads: "=HYPERLINK(...)" must open as the text it is.
std::string neutralised(const std::string& f) {
  if (f.empty() || std::string_view("=+-@\t\r").find(f[0]) == std::string_view::npos || is_plain_number(f)) {
    return f;
  }
  return "'" + f;
}

}  // namespace

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) {
      out += ',';
    }
    const std::string f = neutralised(fields[i]);
    if (f.find_first_of(",\"\r\n") == std::string::npos) {
      out += f;
      continue;
    }
    out += '"';
    for (char c : f) {
      if (c == '"') {
        out += '"';
      }
      out += c;
    }
    out += '"';
  }
  return out + "\r\n";
}

std::string human_bytes(std::uint64_t bytes) {
  if (bytes < 1000) {
    return std::to_string(bytes) + " B";
  }
  static constexpr const char* units[] = {"KB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes);
  int unit = -1;
  while (v >= 1000 && unit < 3) {
    v /= 1000;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, v < 10 ? "%.1f %s" : "%.0f %s", v, units[unit]);
  return buffer;
}

namespace {

// Display width of UTF-8 text, counting code points (good enough for names in a terminal).
std::size_t display_width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

std::string format_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (std::size_t i = 0; i + 1 < row.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += row[i];
      if (i + 1 < row.size()) {
        out.append(widths[i] - display_width(row[i]) + 2, ' ');
      }
    }
    out += '\n';
  }
  return out;
}

std::string json_text(const nlohmann::json& value) {
  return value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace evidex::query
