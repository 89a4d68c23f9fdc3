#include "mapping/evidence_map/evidence_map.hpp"

#include "mapping/evidence_map/criteria_cell.hpp"
#include "mapping/evidence_map/csv_table.hpp"
#include "mapping/evidence_map/evidence_index.hpp"
#include "mapping/evidence_map/file_names.hpp"
#include "mapping/evidence_map/item_matcher.hpp"
#include "mapping/evidence_map/map_header.hpp"
#include "mapping/evidence_map/stored_sheets.hpp"
#include "mapping/evidence_map/text_tables.hpp"
#include "mapping/evidence_map/tick_grid.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

namespace evidex::mapping {
namespace {

/// Candidates listed in a message; more are counted.
constexpr std::size_t k_listed_candidates = 5;

enum class SheetText { none, csv, workbook, xls, document };

std::string lower_extension(std::string_view path) {
  std::string_view name = file_name_of(path);
  auto dot = name.rfind('.');
  std::string ext(dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

/// How the item's stored text holds its sheets, or none when it is not a spreadsheet or CSV.
SheetText sheet_text_of(const BundleItem& item) {
  const std::string& t = item.type;
  if (t == "xlsx" || t == "xlsm" || t == "ods" || t == "sxc") {
    return SheetText::workbook;
  }
  if (t == "xls") {
    return SheetText::xls;
  }
  // Word-processor tables (and PDF tables, once their rows come out as TAB-separated lines).
  if (t == "docx" || t == "odt" || t == "sxw" || t == "doc" || t == "rtf" || t == "pdf" || t == "html") {
    return SheetText::document;
  }
  std::string ext = lower_extension(item.path);
  if (t == "csv" || (t == "text" && (ext == "csv" || ext == "tsv" || ext == "tab"))) {
    return SheetText::csv;
  }
  return SheetText::none;
}

enum class MapName { no, says_map, suggests_map };

/// "00 Evidence map.xlsx", "KSB mapping.csv", "EvidenceMap", "Evidence tracker" say they are maps;
/// "Skills matrix", "Tracker" only suggest it: a team's skills matrix is no evidence map.
MapName map_name(std::string_view path) {
  std::string words = " " + normalise_name(stem_of(file_name_of(path))) + " ";
  auto has = [&](std::initializer_list<std::string_view> any) {
    return std::any_of(any.begin(), any.end(), [&](std::string_view w) { return words.find(w) != std::string::npos; });
  };
  if (has({" map ", " maps ", " mapping ", " mappings ", " evidencemap ", " ksbmap ",
           " evidencemapping ", " ksbmapping "})) {
    return MapName::says_map;
  }
  if (has({" tracker ", " matrix ", " evidence summary "})) {
    return has({" evidence ", " ksb ", " ksbs "}) ? MapName::says_map : MapName::suggests_map;
  }
  return MapName::no;
}

/// The CSV's table under the delimiter that gives it a map header, else under the likeliest one
/// (a tick grid has no map header: find_tick_grid decides).
std::optional<Table> csv_map_table(std::string_view text) {
  std::vector<char> delimiters = csv_delimiters(text);
  for (char delimiter : delimiters) {
    if (find_map_header(parse_csv(text, delimiter, 2 * k_header_search_rows))) {
      return parse_csv(text, delimiter);
    }
  }
  if (delimiters.empty()) {
    return std::nullopt;
  }
  return parse_csv(text, delimiters.front());
}

std::vector<Table> tables_of(const BundleItem& item, SheetText kind) {
  switch (kind) {
    case SheetText::workbook: return read_stored_workbook(item.text);
    case SheetText::xls: return read_stored_xls(item.text);
    case SheetText::document: return read_text_tables(item.text);
    case SheetText::csv: {
      std::vector<Table> out;
      if (auto table = csv_map_table(item.text)) {
        out.push_back(std::move(*table));
      }
      return out;
    }
    case SheetText::none: break;
  }
  return {};
}

const std::string& first_filled(const TableRow& row, const std::vector<std::size_t>& columns) {
  for (std::size_t c : columns) {
    if (!Table::cell(row, c).empty()) {
      return Table::cell(row, c);
    }
  }
  static const std::string empty;
  return empty;
}

/// Whether a criteria cell under the header names something reference-like, and an evidence cell
/// an item of the bundle: a spreadsheet whose name does not call it a map must show that it maps
/// before it is read as one (and its rows reported).
bool maps_items(const Table& table, const MapLayout& layout, const ItemMatcher& matcher, const Standard& standard) {
  bool criteria = false;
  bool evidence = false;
  for (std::size_t r = layout.header + 1; r < table.rows.size() && !(criteria && evidence); ++r) {
    const TableRow& row = table.rows[r];
    for (std::size_t c : layout.criteria_columns) {
      CriteriaCell cell = read_criteria_cell(Table::cell(row, c), standard);
      criteria = criteria || !cell.refs.empty() || !cell.unknown.empty();
    }
    const std::string& name = first_filled(row, layout.name_columns);
    const std::string& number = first_filled(row, layout.number_columns);
    evidence = evidence || ((!name.empty() || !number.empty()) && !matcher.resolve(name, number).items.empty());
  }
  return criteria && evidence;
}

/// Whether a tick grid's evidence labels name an item of the bundle (see maps_items).
bool grid_maps_items(const Table& table, const TickGrid& grid, const ItemMatcher& matcher) {
  if (grid.criteria_down) {
    return std::any_of(grid.columns.begin(), grid.columns.end(), [&](std::size_t c) {
      return !matcher.resolve(Table::cell(table.rows[grid.header], c), "").items.empty();
    });
  }
  for (std::size_t r = grid.header + 1; r < table.rows.size(); ++r) {
    const std::string& label = Table::cell(table.rows[r], grid.label_column);
    if (!label.empty() && !matcher.resolve(label, "").items.empty()) {
      return true;
    }
  }
  return false;
}

std::string list_of(const std::vector<std::string>& paths) {
  std::string out;
  for (std::size_t i = 0; i < paths.size() && i < k_listed_candidates; ++i) {
    out += (i ? ", " : "") + paths[i];
  }
  if (paths.size() > k_listed_candidates) {
    out += " and " + std::to_string(paths.size() - k_listed_candidates) + " more";
  }
  return out;
}

std::string in_quotes(std::string_view s) {
  return "'" + std::string(s) + "'";
}

/// Reads the rows of one map sheet into `out`.
class SheetReader {
public:
  SheetReader(const BundleItem& map, const Table& table, bool name_sheet, const std::set<std::string>& maps,
              const ItemMatcher& matcher, const Standard& standard, EvidenceMaps& out,
              std::set<std::pair<std::string, std::string>>& assigned)
      : m_map(map), m_table(table), m_suffix(!name_sheet                        ? ""
               : table.name.rfind("table ", 0) == 0 ? " (" + table.name + ")"
                                                     : " (sheet '" + table.name + "')"), m_maps(maps),
        m_matcher(matcher), m_standard(standard), m_out(out), m_assigned(assigned) {}

  void read(const MapLayout& layout) {
    m_layout_criteria = layout.criteria_columns;
    std::size_t evidence_rows = 0;
    for (std::size_t r = layout.header + 1; r < m_table.rows.size(); ++r) {
      const TableRow& row = m_table.rows[r];
      if (repeats_header(row, layout)) {
        continue;
      }
      const std::string& name = first_filled(row, layout.name_columns);
      const std::string& number = first_filled(row, layout.number_columns);
      // A blank evidence cell is a gap, never the row above's evidence: a gap read as covered is
      // the one mistake an apprentice cannot see. (A real merged range needs nothing here: the
      // stored sheet text repeats its value in every cell it covers.) The criteria of such a row
      // stay uncovered.
      if (name.empty() && number.empty()) {
        report_gap(row);
        continue;
      }
      ++evidence_rows;
      std::vector<std::string> items = evidence_items(row.number, m_matcher.resolve(name, number));
      for (std::size_t c : layout.criteria_columns) {
        read_criteria(row.number, Table::cell(row, c), items);
      }
    }
    if (evidence_rows == 0) {
      problem(m_table.rows[layout.header].number, "no evidence listed under the header row");
    }
  }

  /// A tick grid: each yes mark assigns its row's criteria to its column's evidence (or, in the
  /// transpose, its column's criterion to its row's evidence).
  void read(const TickGrid& grid) {
    const TableRow& header = m_table.rows[grid.header];
    std::map<std::size_t, std::vector<std::string>> column_items;  // criteria down: each column's evidence
    if (grid.criteria_down) {
      for (std::size_t c : grid.columns) {
        column_items[c] = evidence_items(header.number, m_matcher.resolve(Table::cell(header, c), ""));
      }
    }
    for (std::size_t r = grid.header + 1; r < m_table.rows.size(); ++r) {
      const TableRow& row = m_table.rows[r];
      const std::string& label = Table::cell(row, grid.label_column);
      std::vector<std::size_t> ticked;
      for (std::size_t c : grid.columns) {
        const std::string& cell = Table::cell(row, c);
        Mark mark = read_mark(cell, grid.crosses_are_no);
        if (mark == Mark::yes) {
          ticked.push_back(c);
        } else if (mark == Mark::unclear) {
          problem(row.number, "unclear mark " + in_quotes(cell) + " under " + in_quotes(Table::cell(header, c)) +
                                  ": nothing assigned (a tick, x or yes assigns)");
        }
      }
      if (ticked.empty()) {
        continue;
      }
      if (label.empty()) {
        problem(row.number, grid.criteria_down ? "marks without a criterion" : "marks without a file name or evidence number");
        continue;
      }
      if (grid.criteria_down) {
        for (std::size_t c : ticked) {
          read_criteria(row.number, label, column_items[c]);
        }
      } else {
        std::vector<std::string> items = evidence_items(row.number, m_matcher.resolve(label, ""));
        for (std::size_t c : ticked) {
          read_criteria(row.number, Table::cell(header, c), items);
        }
      }
    }
  }

private:
  /// One line for a row that gives criteria but no evidence, so that the apprentice sees the gap
  /// was read (and, where the cell was merged with the one above, why nothing was assigned).
  void report_gap(const TableRow& row) {
    std::string refs;
    for (std::size_t c : m_layout_criteria) {
      for (const auto& ref : read_criteria_cell(Table::cell(row, c), m_standard).refs) {
        refs += (refs.empty() ? "" : ", ") + ref;
      }
    }
    if (!refs.empty()) {
      problem(row.number, "no evidence given for " + refs +
                              ": left uncovered (a blank evidence cell is a gap, never the row above's evidence)");
    }
  }

  void problem(std::size_t row, std::string message) {
    m_out.problems.push_back({m_map.path, row, std::move(message) + m_suffix, m_table.name});
  }

  /// The items the row names, its evidence problems reported.
  std::vector<std::string> evidence_items(std::size_t row, const RowEvidence& ev) {
    for (const auto& name : ev.unmatched) {
      problem(row, "no item matches " + in_quotes(name));
    }
    for (const auto& [name, candidates] : ev.ambiguous) {
      problem(row, in_quotes(name) + " could be any of " + std::to_string(candidates.size()) + " items (" +
                       list_of(candidates) + "): nothing assigned; name one file");
    }
    for (const auto& [name, items] : ev.several_formats) {
      problem(row, in_quotes(name) + " matches " + std::to_string(items.size()) +
                       " items that differ only by extension (" + list_of(items) + "): each is assigned");
    }
    std::vector<std::string> items;
    for (const auto& item : ev.items) {
      if (m_maps.count(item)) {
        problem(row, in_quotes(item) + " is an evidence map: nothing is assigned to it");
      } else {
        items.push_back(item);
      }
    }
    return items;
  }

  void read_criteria(std::size_t row, const std::string& text, const std::vector<std::string>& items) {
    if (text.empty()) {
      return;
    }
    CriteriaCell cell = read_criteria_cell(text, m_standard);
    for (const auto& token : cell.unknown) {
      bool short_form = m_standard.form == RefForm::module &&
                        !std::isdigit(static_cast<unsigned char>(token.front()));
      problem(row, token + " is not a criterion of " + m_standard.id + (short_form ? " (which module?)" : ""));
    }
    if (cell.refs.empty() && cell.unknown.empty() && !cell.says_none) {
      problem(row, "no criteria found in " + in_quotes(text));
    }
    for (const auto& ref : cell.refs) {
      for (const auto& item : items) {
        if (m_assigned.insert({item, ref}).second) {
          m_out.assignments.push_back({item, ref, m_map.path, row, text, m_table.name});
        }
      }
    }
  }

  const BundleItem& m_map;
  const Table& m_table;
  std::string m_suffix;
  const std::set<std::string>& m_maps;
  const ItemMatcher& m_matcher;
  const Standard& m_standard;
  EvidenceMaps& m_out;
  std::set<std::pair<std::string, std::string>>& m_assigned;
  std::vector<std::size_t> m_layout_criteria;  // the criteria columns of the layout being read
};

struct MapSheets {
  const BundleItem* item = nullptr;
  std::vector<Table> tables;
  std::map<int, std::string> index;                       // evidence numbers its index sheets name
  std::vector<std::pair<std::size_t, MapLayout>> sheets;  // table index, its layout
  std::vector<std::pair<std::size_t, TickGrid>> grids;    // table index, its grid

  bool empty() const { return sheets.empty() && grids.empty(); }
};

}  // namespace

EvidenceMaps read_evidence_maps(const std::vector<BundleItem>& items, const Standard& standard) {
  EvidenceMaps out;
  // First find every map, so that a row naming another map is refused whatever the order.
  std::vector<MapSheets> maps;
  for (const auto& item : items) {
    SheetText kind = sheet_text_of(item);
    if (kind == SheetText::none || item.text.find_first_not_of(" \t\r\n\f") == std::string::npos) {
      continue;
    }
    MapName named = map_name(item.path);
    MapSheets m{&item, tables_of(item, kind), {}, {}, {}};
    for (const auto& table : m.tables) {
      m.index.merge(read_evidence_index(table));
    }
    // Built only for a table that looks like a map: it reads every item's name, and a bundle of
    // thousands of HTML pages has thousands of tables that do not.
    std::optional<ItemMatcher> matcher;
    auto matcher_for_this = [&]() -> const ItemMatcher& {
      if (!matcher) {
        matcher.emplace(items, item.path);
        matcher->set_index(m.index);
      }
      return *matcher;
    };
    for (std::size_t t = 0; t < m.tables.size(); ++t) {
      if (auto layout = find_map_header(m.tables[t])) {
        if (named != MapName::no || maps_items(m.tables[t], *layout, matcher_for_this(), standard)) {
          m.sheets.emplace_back(t, *layout);
        }
      } else if (auto grid = find_tick_grid(m.tables[t], standard)) {
        if (named != MapName::no || grid_maps_items(m.tables[t], *grid, matcher_for_this())) {
          m.grids.emplace_back(t, *grid);
        }
      }
    }
    if (!m.empty()) {
      out.maps.push_back(item.path);
      maps.push_back(std::move(m));
    } else if (named == MapName::says_map) {
      out.problems.push_back({item.path, 0,
                              "not read as an evidence map: no sheet has a header row naming the evidence "
                              "(File, Evidence No, ...) and the criteria (KSB, Criteria, ...), and no sheet or "
                              "table is a grid of criteria and evidence with ticks",
                              ""});
    }
  }
  std::set<std::string> map_paths(out.maps.begin(), out.maps.end());
  std::set<std::pair<std::string, std::string>> assigned;  // item, ref
  for (const auto& m : maps) {
    ItemMatcher matcher(items, m.item->path);
    matcher.set_index(m.index);
    // A workbook of several sheets names the sheet in every problem: "row 6" alone is ambiguous.
    bool name_sheets = m.tables.size() > 1;
    auto reader = [&](std::size_t t) {
      return SheetReader(*m.item, m.tables[t], name_sheets && !m.tables[t].name.empty(), map_paths, matcher,
                         standard, out, assigned);
    };
    for (const auto& [t, layout] : m.sheets) {
      reader(t).read(layout);
    }
    for (const auto& [t, grid] : m.grids) {
      reader(t).read(grid);
    }
  }
  return out;
}

}  // namespace evidex::mapping
