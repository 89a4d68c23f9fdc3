/** @file
 * @brief Tick grids: evidence maps drawn as a grid, with the criteria down one column and the
 * evidence (file names or evidence numbers) across the header row, or the transpose, and a mark
 * where a piece of evidence meets a criterion it covers. Marks: ✓ ✔ ☑ ✅ x X y Y yes (a remark may
 * follow: "✓ p.3"), x only where the grid has no other yes mark; a blank cell, "-", "n", "no", "n/a", ✗, ✘ or ☐ is no evidence. Anything else is
 * unclear and assigns nothing (the map reader reports it).
 */
#pragma once

#include "mapping/evidence_map/table.hpp"
#include "mapping/standard/standard.hpp"

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace evidex::mapping {

enum class Mark { yes, no, unclear };

/// crosses_are_no: an "x" means no, as it does in a grid that marks yes with ticks (see TickGrid).
Mark read_mark(std::string_view cell, bool crosses_are_no = false);

struct TickGrid {
  std::size_t header = 0;            // index in Table::rows of the row labelling the columns
  bool criteria_down = true;         // criteria in label_column, evidence across; false: the transpose
  std::size_t label_column = 0;      // each data row's label: a criterion, or (transposed) the evidence
  std::vector<std::size_t> columns;  // the columns of marks; their header cells label them
  /// A grid that marks yes with ticks or Y marks no with x (✓ / x is how people fill in a tracker);
  /// only a grid of crosses alone uses x for yes.
  bool crosses_are_no = false;
};

/// The table's tick grid: a column of criteria (at least two rows each naming one criterion and
/// nothing else) below a header row, or a header row of at least two such cells, with marks
/// (mostly yes or no) in the columns they cross, at least one of them yes. nullopt otherwise.
std::optional<TickGrid> find_tick_grid(const Table& table, const Standard& standard);

/// Whether the cell is one reference the standard defines and nothing more: "12S1", "2.K1".
bool is_single_reference(std::string_view cell, const Standard& standard);

}  // namespace evidex::mapping
