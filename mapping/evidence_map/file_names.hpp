/** @file
 * @brief How evidence-map rows and bundle items are compared: file names normalised, extensions
 * and leading evidence numbers ("06 ", "E06 - ") told apart from the rest of the name.
 */
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace evidex::mapping {

/// NFKC, case folded, accents dropped; every run of characters other than letters and digits is
/// one space, none at the ends: "Reflective_account-Handling  a Complaint.DOCX" ->
/// "reflective account handling a complaint docx".
std::string normalise_name(std::string_view name);
/// normalise_name() without its ASCII shortcut (the general Unicode path), for the test that holds
/// the two to the same answers.
std::string normalise_name_unicode(std::string_view name);

/// The last part of a '/'-separated path: "Showcase/01 a.docx" -> "01 a.docx".
std::string_view file_name_of(std::string_view path);

/// The file name without its extension: "notes.v2.docx" -> "notes.v2". An extension is 1-5
/// letters or digits, with a letter, after the last dot: "Call 2026.02.10" keeps its ".10".
std::string_view stem_of(std::string_view file_name);

struct LeadingNumber {
  int number = 0;
  std::size_t length = 0;  // bytes of the name it takes, separators after it included
};

/// The evidence number a name starts with: "06 Call recording.wav" (6), "E06_call" (6),
/// "Evidence 6 - notes" (6), "6.wav" (6); not "2026-02-10 call" (four digits) nor "12S3 notes".
std::optional<LeadingNumber> leading_number(std::string_view name);

/// The number when `text` is nothing but one: "E06", "6", "06.", "Evidence 6", "#6", "No. 6".
std::optional<int> evidence_number(std::string_view text);

}  // namespace evidex::mapping
