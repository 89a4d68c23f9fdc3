/** @file
 * @brief Finds references to a standard's criteria in free text (file names, headings, body text,
 * evidence-map cells), in the forms apprentices write them: "2K1", "2.K1", "2 K1", "2-K1",
 * "K1 (module 2)", "Module 2 K1", "module 2: K1–K4", lower case, ranges ("12S1–12S7", "13B1-13B4",
 * "12S1-7"), lists ("2K1, 2K3 & 2K5") and Cyrillic/Greek look-alike letters ("2К3", "13В2").
 * Only references the standard defines are returned; anything that merely looks like one (a
 * postcode "B1 1AA", a product code, a time, "Section K1") is not.
 */
#pragma once

#include "mapping/standard/standard.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::mapping {

struct RefMatch {
  std::string ref;          // canonical reference the standard defines: "2K1", "K1"
  std::size_t offset = 0;   // byte offset of `span` in the text searched
  std::string span;         // the exact text that produced it: "12S1–12S7", "K1 (module 2)"
};

/// Every reference in `text`, in order of appearance. A range or list yields one match per
/// criterion, each carrying the whole span; a criterion named twice is returned twice.
/// A range yields the criteria the standard defines between its ends ("12S1–12S9" gives
/// 12S1..12S7); two references that make no range ("2K1–3K4", reversed "12S7–12S1") yield both.
/// In module form a bare "K1" needs its module next to it ("K1 (module 2)", "Module 2: K1",
/// "2K1, K3"). Linear in the length of `text`; the decisions on ambiguous text are listed at the
/// top of reference_parser.cpp.
std::vector<RefMatch> find_references(std::string_view text, const Standard& standard);

/// The one criterion a person wrote ("12S3", "12 S3", "K1 (module 2)"), canonical; null when what
/// they wrote is not exactly one criterion of the standard. For `evidex tag` and the web's tag form.
std::optional<std::string> canonical_ref(std::string_view written, const Standard& standard);

}  // namespace evidex::mapping
