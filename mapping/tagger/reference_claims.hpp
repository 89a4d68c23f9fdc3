/** @file
 * @brief Whether a reference an item carries is the item's claim that it evidences the criterion
 * (then its `explicit` tag covers it) or a mention: the item lists or discusses the criterion
 * without claiming it, and the tag is kept as a suggestion that covers nothing until a person
 * confirms it with `evidex tag`.
 *
 * The rule, from the showcases in fixtures/ (sample-bundle.zip, bundles/distinction-showcase) and
 * the maps, checklists and copies of the standard apprentices upload:
 *  - an item that lists criteria claims none of them: its name calls it a map, tracker, matrix,
 *    checklist, gap analysis, assessment plan or the standard itself; it names
 *    k_list_references criteria or more; or its lines start with criteria, one per line (at least
 *    k_min_listed_lines of them and k_listed_share of its lines: a checklist, a copy of the
 *    standard), or a row of its holds k_min_listed_lines cells that are each one criterion (the
 *    header of a tick grid);
 *  - otherwise a reference in the file name is a claim, and so is one in the text that stands
 *    on a short line (a heading, a caption, a label: "KSBs: 12S1–12S7", "Records (12S6)"), in the
 *    head of the document (its first k_head_lines non-empty lines), in brackets after what the
 *    apprentice did ("... apologised (12S1, 12S2)."), right after "for" ("Prepared for 7K1–7K3"),
 *    or in a sentence that claims it ("this shows 12S3", "Evidence for 2K1, 2K3", "covers",
 *    "demonstrates", "meets");
 *  - a reference in a sentence that says it is not evidenced yet ("still need evidence for 12S5",
 *    "not yet covered", "gap", "to do") is a mention, and so is one in plain prose without any of
 *    the above ("The standard asks about 12S3 as well").
 */
#pragma once

#include "mapping/refs/reference_parser.hpp"
#include "mapping/standard/standard.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::mapping {

/// An item naming this many criteria is a list (a checklist, a copy of the standard).
inline constexpr std::size_t k_list_references = 15;
/// Lines starting with a criterion (or cells each one criterion) that make an item a list.
inline constexpr std::size_t k_min_listed_lines = 4;
/// ... when they are at least this share of its non-empty lines.
inline constexpr double k_listed_share = 0.3;
/// A line of at most this many words is a heading, caption or label.
inline constexpr std::size_t k_heading_words = 12;
/// The head of a document: its first non-empty lines (title, "Prepared for 7K1–7K3", "KSBs: ...").
inline constexpr std::size_t k_head_lines = 2;

/// Why the item is a list whose references claim nothing ("names 39 criteria"), or "" when it is not.
/// `distinct` is how many different criteria its name and text name.
std::string list_reason(std::string_view path, std::string_view text, std::size_t distinct, const Standard& standard);

/// Why the reference `m` found in `text` is a mention and not a claim, or "" when the text claims it.
std::string mention_reason(std::string_view text, const RefMatch& m);

}  // namespace evidex::mapping
