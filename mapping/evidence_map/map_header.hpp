/** @file
 * @brief Finding an evidence map's header row: one cell naming the evidence (File, Filename,
 * Evidence, Document, Item, Title, Evidence name; or its number: Evidence No, Number, Ref, #) and
 * one naming the criteria (KSB, KSBs, Criteria, Criterion, Reference(s), Ref(s), Standard ref,
 * "Knowledge, skills and behaviours", Mapped to), in any order and case, after a few title rows,
 * among other columns (Notes, Date, Page).
 */
#pragma once

#include "mapping/evidence_map/table.hpp"

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace evidex::mapping {

enum class HeaderKind { other, evidence_name, evidence_number, criteria, bare_reference };

/// What a header cell names. "Evidence ref" is the evidence's number; a bare "Ref" is the
/// criteria unless another column names them (bare_reference: find_map_header decides).
HeaderKind classify_header(std::string_view label);

/// Where a map's columns are (0-based), each list in column order.
struct MapLayout {
  std::size_t header = 0;  // index of the header row in Table::rows
  std::vector<std::size_t> name_columns;
  std::vector<std::size_t> number_columns;
  std::vector<std::size_t> criteria_columns;
};

/// Rows searched for the header: title rows and instructions above it are few.
inline constexpr std::size_t k_header_search_rows = 20;

/// The first of the first k_header_search_rows rows with an evidence and a criteria column.
std::optional<MapLayout> find_map_header(const Table& table);

/// Whether the row repeats the layout's header (a second block below the first): not a data row.
bool repeats_header(const TableRow& row, const MapLayout& layout);

}  // namespace evidex::mapping
