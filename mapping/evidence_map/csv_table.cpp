#include "mapping/evidence_map/csv_table.hpp"

#include <algorithm>
#include <map>

namespace evidex::mapping {
namespace {

/// Records read to guess the delimiter: enough to get past a title row or two.
constexpr std::size_t k_sniff_records = 50;

std::string trimmed(std::string s) {
  const char* space = " \t\r\n";
  std::size_t end = s.find_last_not_of(space);
  s.erase(end == std::string::npos ? 0 : end + 1);
  s.erase(0, std::min(s.size(), s.find_first_not_of(space)));
  return s;
}

/// Records with their field counts, empty lines included (as one empty field).
class CsvReader {
public:
  CsvReader(std::string_view text, char delimiter) : m_text(text), m_delimiter(delimiter) {
    if (m_text.substr(0, 3) == "\xEF\xBB\xBF") {
      m_text.remove_prefix(3);
    }
  }

  bool next(std::vector<std::string>& fields) {
    fields.clear();
    if (m_pos >= m_text.size()) {
      return false;
    }
    std::string field;
    bool in_quotes = false;
    bool quoted = false;  // the field began with a quote: spaces around it are not its text
    while (m_pos < m_text.size()) {
      char c = m_text[m_pos++];
      if (in_quotes) {
        if (c != '"') {
          field += c;
        } else if (m_pos < m_text.size() && m_text[m_pos] == '"') {
          field += '"';
          ++m_pos;
        } else {
          in_quotes = false;
        }
      } else if (c == '"' && !quoted && field.find_first_not_of(' ') == std::string::npos) {
        field.clear();
        in_quotes = quoted = true;
      } else if (c == m_delimiter) {
        fields.push_back(std::move(field));
        field.clear();
        quoted = false;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && m_pos < m_text.size() && m_text[m_pos] == '\n') {
          ++m_pos;
        }
        break;
      } else {
        field += c;  // a quote inside an unquoted field is just a character
      }
    }
    fields.push_back(std::move(field));
    return true;
  }

private:
  std::string_view m_text;
  char m_delimiter;
  std::size_t m_pos = 0;
};

}  // namespace

std::vector<char> csv_delimiters(std::string_view text) {
  std::vector<std::pair<std::size_t, char>> scored;  // records in the commonest field count, delimiter
  for (char delimiter : {',', ';', '\t'}) {
    CsvReader reader(text, delimiter);
    std::map<std::size_t, std::size_t> records_by_width;
    std::vector<std::string> fields;
    for (std::size_t i = 0; i < k_sniff_records && reader.next(fields); ++i) {
      if (fields.size() > 1) {
        ++records_by_width[fields.size()];
      }
    }
    std::size_t best = 0;
    for (const auto& [width, count] : records_by_width) {
      best = std::max(best, count);
    }
    scored.emplace_back(best, delimiter);
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<char> out;
  for (const auto& s : scored) {
    out.push_back(s.second);
  }
  return out;
}

Table parse_csv(std::string_view text, char delimiter, std::size_t max_records) {
  Table table;
  CsvReader reader(text, delimiter);
  std::vector<std::string> fields;
  for (std::size_t number = 1; number <= max_records && reader.next(fields); ++number) {
    TableRow row{number, {}};
    for (auto& f : fields) {
      row.cells.push_back(trimmed(std::move(f)));
    }
    if (std::any_of(row.cells.begin(), row.cells.end(), [](const std::string& c) { return !c.empty(); })) {
      table.rows.push_back(std::move(row));
    }
  }
  return table;
}

}  // namespace evidex::mapping
