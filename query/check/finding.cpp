#include "query/check/finding.hpp"

#include "indexer/util/errors.hpp"

namespace evidex::query {

std::string finding_code_name(FindingCode code) {
  switch (code) {
    case FindingCode::uncovered: return "uncovered";
    case FindingCode::declaration: return "declaration";
    case FindingCode::duplicate: return "duplicate";
    case FindingCode::extraction_failed: return "extraction-failed";
    case FindingCode::assessor_led: return "assessor-led";
    case FindingCode::recording_untagged: return "recording-untagged";
    case FindingCode::after_assessment: return "after-assessment";
    case FindingCode::late_submission: return "late-submission";
    case FindingCode::portfolio_size: return "portfolio-size";
    case FindingCode::word_count: return "word-count";
    case FindingCode::distinction_not_reached: return "distinction-not-reached";
  }
  return "uncovered";
}

FindingCode parse_finding_code(std::string_view name) {
  for (int i = 0; i <= static_cast<int>(FindingCode::distinction_not_reached); ++i) {
    auto code = static_cast<FindingCode>(i);
    if (finding_code_name(code) == name) {
      return code;
    }
  }
  throw InputError("unknown finding code '" + std::string(name) + "'");
}

Finding showcase_finding(FindingCode code, std::string message) {
  return {code, std::nullopt, std::nullopt, std::move(message)};
}

Finding item_finding(FindingCode code, const std::string& path, std::string message) {
  return {code, std::nullopt, path.empty() ? std::nullopt : std::optional<std::string>(path), std::move(message)};
}

Finding criterion_finding(FindingCode code, std::string ref, std::string message) {
  return {code, std::move(ref), std::nullopt, std::move(message)};
}

}  // namespace evidex::query
