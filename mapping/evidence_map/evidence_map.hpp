/** @file
 * @brief Evidence maps: the sheet in an apprentice's bundle (CSV, TSV, XLSX, XLSM, ODS, XLS), or
 * the table in a document (DOCX, ODT, and PDF once its table rows come out TAB-separated), that
 * says which file covers which criteria. read_evidence_maps() finds the maps among a bundle's
 * items, reads each row's criteria with find_references() and matches the row to the item(s) it
 * names (item_matcher.hpp says how). It does not touch the store: the tagger passes the bundle's
 * items and stores what comes back.
 *
 * An item is a map when it is a spreadsheet or CSV and either its name says so ("map", "mapping",
 * "tracker", "matrix", "evidence summary") or one of its sheets has a header row with a column
 * naming the evidence (File, Evidence, Evidence No, ...) and one naming the criteria (KSB,
 * Criteria, Reference, ...) and at least one reference below it (map_header.hpp). Every sheet is
 * read; a sheet without such a header is not part of the map, unless it is a tick grid
 * (tick_grid.hpp: criteria down and evidence across, or the transpose, ✓/x/Y marks) or an index
 * of evidence numbers that the other sheets use (evidence_index.hpp).
 *
 * A blank evidence cell is no evidence: the row's criteria stay uncovered. It never borrows the
 * row above, since the sheet text evidex stores keeps no merged-cell ranges, and a cell listing
 * several files or evidence numbers names each of them (item_matcher.hpp).
 *
 * Nothing in a map is dropped silently: a row that names no item, several items, an evidence map,
 * or criteria the standard lacks is a MapProblem, with the row as a person counts it in the sheet.
 */
#pragma once

#include "mapping/standard/standard.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace evidex::mapping {

struct BundleItem {
  std::string path;  // inside the bundle, nested archives joined with '/': "Showcase/00 map.xlsx"
  std::string type;  // short type as in items.type: "xlsx", "xlsm", "ods", "xls", "csv", "text", ...
  std::string text;  // extracted text as stored; a workbook's as indexer/extract/sheet_text.hpp lays it out
};

/// One criterion given to one item by one row of a map.
struct MapAssignment {
  std::string item_path;
  std::string ref;        // canonical, defined by the standard: "12S3"
  std::string map_path;
  std::size_t row = 0;    // as a person counts rows in the sheet: the sheet's first row is 1
  std::string span;       // the criteria cell that named it: "12S1–12S7, 3K1"
  std::string sheet;      // the workbook sheet; empty for CSV
};

struct MapProblem {
  std::string map_path;
  std::size_t row = 0;    // 0: about the whole map
  std::string message;    // without the row, which callers add: "12S9 is not a criterion of ST0072"
  std::string sheet;      // as in MapAssignment; messages also name it when the map has several sheets
};

struct EvidenceMaps {
  std::vector<std::string> maps;              // paths of the items read as evidence maps, bundle order
  std::vector<MapAssignment> assignments;     // each (item, ref) once: the first row that gave it
  std::vector<MapProblem> problems;
};

/// Reads every evidence map among `items`. A map item is never assigned criteria itself, and an
/// item whose text is empty (it could not be extracted) is not examined.
EvidenceMaps read_evidence_maps(const std::vector<BundleItem>& items, const Standard& standard);

}  // namespace evidex::mapping
