#include "mapping/evidence_map/evidence_index.hpp"

#include "mapping/evidence_map/file_names.hpp"
#include "mapping/evidence_map/map_header.hpp"

#include <optional>

namespace evidex::mapping {

std::map<int, std::string> read_evidence_index(const Table& table) {
  std::map<int, std::string> index;
  for (std::size_t r = 0; r < table.rows.size() && r < k_header_search_rows; ++r) {
    std::optional<std::size_t> number;
    std::optional<std::size_t> name;
    bool criteria = false;
    const auto& cells = table.rows[r].cells;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      switch (classify_header(cells[c])) {
        case HeaderKind::evidence_number:
        case HeaderKind::bare_reference:
          number = number ? number : c;
          break;
        case HeaderKind::evidence_name: name = name ? name : c; break;
        case HeaderKind::criteria: criteria = true; break;
        case HeaderKind::other: break;
      }
    }
    if (criteria || !number || !name) {
      continue;
    }
    for (std::size_t k = r + 1; k < table.rows.size(); ++k) {
      auto n = evidence_number(Table::cell(table.rows[k], *number));
      const std::string& file = Table::cell(table.rows[k], *name);
      if (n && !file.empty()) {
        index.emplace(*n, file);
      }
    }
    return index;
  }
  return index;
}

}  // namespace evidex::mapping
