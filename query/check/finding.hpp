/** @file
 * @brief One finding of the readiness check, typed: its code, the criterion and the item it is
 * about (when it is about one), and the sentence for people. Every medium (text, CSV, JSON, the
 * report's page) reads the fields; none parses the sentence.
 */
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace evidex::query {

enum class FindingCode {
  uncovered,                // a pass criterion no evidence covers
  declaration,              // the Declaration of Authenticity is missing, incomplete or wrong
  duplicate,                // evidence repeated, or shared with another apprentice
  extraction_failed,        // an item that cannot be read
  assessor_led,             // a record the assessor wrote
  recording_untagged,       // a recording without time-tag notes
  after_assessment,         // dated after the assessment
  late_submission,          // received after the deadline before the assessment
  portfolio_size,           // too few or too many pieces
  word_count,               // the project report's length
  distinction_not_reached,  // a note, not blocking
};

/// The contract's spelling, e.g. "extraction-failed".
std::string finding_code_name(FindingCode code);

/// The inverse of finding_code_name; InputError naming the word for any other.
FindingCode parse_finding_code(std::string_view name);

struct Finding {
  FindingCode code = FindingCode::uncovered;
  std::optional<std::string> criterion;  // the criterion's ref, when the finding is about one
  std::optional<std::string> item;       // the item's path; none for the showcase as a whole
  std::string message;
};

/// A finding about the showcase as a whole.
Finding showcase_finding(FindingCode code, std::string message);
/// A finding about one item; an empty path makes it one about the showcase.
Finding item_finding(FindingCode code, const std::string& path, std::string message);
/// A finding about one criterion.
Finding criterion_finding(FindingCode code, std::string ref, std::string message);

}  // namespace evidex::query
