/** @file
 * @brief A map's index of evidence numbers: a sheet (or table) with a column of evidence numbers
 * and a column of file names and no criteria ("Evidence No | File name", E1 -> "Complaint
 * account.txt"), which the map's other sheets refer to by number only.
 */
#pragma once

#include "mapping/evidence_map/table.hpp"

#include <map>
#include <string>

namespace evidex::mapping {

/// Number -> name of every row of the table's index, or nothing when the table is not one (it has
/// a criteria column, or no header naming both the number and the name).
std::map<int, std::string> read_evidence_index(const Table& table);

}  // namespace evidex::mapping
