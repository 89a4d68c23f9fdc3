/** @file
 * @brief Which bundle items an evidence-map row names: by file name ("01 Reflective
 * account.docx", "Supporting/archive of letters.zip", "reflective_account-handling a complaint")
 * or by evidence number ("E06", "6", "Evidence 6").
 *
 * Names are compared normalised: compatibility forms and case folded, accents dropped, every run
 * of punctuation and spaces one space, so "reflective_account-handling a complaint" is
 * "Reflective account - handling a complaint". A name is tried in this order, and the first step
 * that finds any item decides:
 *  1. exact: the item's file name with its extension; a row that gives folders
 *     ("Supporting/x.zip", relative to the map's folder or to any folder above) also needs them;
 *  2. stem: the file name without extension, then also without a leading evidence number, so
 *     "Reflective account" and "Reflective account.docx" find "Reflective account.pdf";
 *  3. evidence number, when the name is only one ("E06", "6"): every item whose file name starts
 *     with that number. A number names one piece of evidence, which may be several files
 *     ("06 Call recording.wav" and "06 Call recording - time tags.txt"): all of them are named;
 *  4. containment: the name inside an item's name ("Reflective account" in "01 Reflective account
 *     - handling a complaint"), then an item's name inside it; names of 5 characters or more.
 * When a step finds several items, the bundle's own files win over items inside archives and
 * e-mails, then items in the map's own folder over items elsewhere. Items that are still several
 * and differ only by extension (a .docx and its PDF export, a recording and its notes of the same
 * name) are all named, and the caller says so; otherwise nothing is named and the candidates are
 * reported. No step guesses between different files.
 *
 * A cell is first tried whole by name (steps 1-3), as a file name may hold ',', '&', " and " or
 * '-'. Then, as a list: it is cut at ';' ',' '/' '&' '+' '|' line breaks and " and ", each run of
 * pieces is tried longest first, and "E3-E5" spans E3, E4 and E5; every piece that names an item
 * names it, and only the pieces that name none are reported. A cell none of whose pieces names
 * anything is reported whole, as one name.
 *
 * An archive is an item like any other: a row naming it names the archive, not its members.
 */
#pragma once

#include "mapping/evidence_map/evidence_map.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::mapping {

/// The evidence number `text` consists of: "E06", "e6", "6", "06.", "Evidence 6", "Ev 6", "#6",
/// "No. 6", "Item 6". nullopt for anything else, including "2026" (over three digits).
std::optional<int> evidence_number(std::string_view text);

/// The outcome for one row's evidence cells.
struct RowEvidence {
  std::vector<std::string> items;  // item paths the row names, in bundle order
  /// Names (or list entries: "E01, E14") that match no item.
  std::vector<std::string> unmatched;
  /// A name that fits several different items, and those items; none of them is named.
  std::vector<std::pair<std::string, std::vector<std::string>>> ambiguous;
  /// A name that named several items differing only by extension, and those items.
  std::vector<std::pair<std::string, std::vector<std::string>>> several_formats;
};

class ItemMatcher {
public:
  /// items: the whole bundle (maps included: a row may name one, and the caller refuses that).
  ItemMatcher(const std::vector<BundleItem>& items, std::string_view map_path);

  /// What a row names with its file-name cell and its evidence-number cell (either may be empty).
  /// The name is preferred; the number decides between the candidates of an ambiguous name, and
  /// stands in for a name that matches nothing. A cell listing several entries ("E01, E04",
  /// "a.docx; b.pdf") names each of them, when every entry is a number or a file name.
  RowEvidence resolve(std::string_view name, std::string_view number) const;

  /// Names the map itself gives evidence numbers (an index sheet: "E1" -> "Complaint account.txt"):
  /// a number then names the item of that name rather than the items numbered so.
  void set_index(std::map<int, std::string> names);

private:
  struct Candidate {
    std::string path;
    std::string folder;  // normalised folders, '/'-separated: "showcase/supporting"
    std::string name;    // normalised file name, extension included: "archive of letters zip"
    std::string stem;    // normalised, without extension: "archive of letters"
    std::string bare;    // the stem without a leading evidence number
    std::optional<int> number;
    bool nested = false;      // inside an archive or e-mail item of the bundle
    bool in_map_folder = false;
  };
  enum class Outcome { none, named, ambiguous };
  struct Match {
    Outcome outcome = Outcome::none;
    std::vector<const Candidate*> items;  // named, or the candidates of an ambiguous name
    bool several_formats = false;
  };

  /// loose: also by containment (step 4), which a list of names must not be read by.
  Match by_name(std::string_view name, bool loose = true) const;
  Match by_number(std::string_view text) const;
  Match settle(std::vector<const Candidate*> found, const std::string& row_folder) const;
  bool resolve_list(std::string_view cell, RowEvidence& out) const;
  void record(std::string_view label, const Match& m, RowEvidence& out) const;

  std::vector<Candidate> m_candidates;
  std::string m_map_folder;
  std::map<int, std::string> m_index;
};

}  // namespace evidex::mapping
