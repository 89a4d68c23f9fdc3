/** @file
 * @brief The text-level fuzz targets: references, evidence maps, RTF, the declaration form and dates.
 * Text that evidex stores is valid UTF-8 (every handler makes it so), so these targets make the
 * fuzzer's bytes valid UTF-8 the same way before reading them, except the RTF decoder, which is
 * given file bytes.
 */
#include "tests/fuzz/targets.hpp"

#include "indexer/extract/rtf_text.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/text_encoding.hpp"
#include "mapping/evidence_map/evidence_map.hpp"
#include "mapping/refs/reference_parser.hpp"
#include "mapping/standard/standard.hpp"
#include "query/authenticity/dates.hpp"
#include "query/authenticity/declaration.hpp"
#include "query/authenticity/declaration_form.hpp"
#include "query/authenticity/person_names.hpp"

#include <algorithm>
#include <regex>

namespace evidex::fuzz {
namespace {

std::string_view bytes_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// The shipped standards: ST0072 writes references in module form ("2K1"), ST0071 plainly ("K1").
const std::vector<mapping::Standard>& standards() {
  static const mapping::StandardLibrary library(mapping::standard_dirs());
  return library.all();
}

void check_references(std::string_view text, const mapping::Standard& standard) {
  std::size_t previous = 0;
  for (const auto& m : mapping::find_references(text, standard)) {
    promise(standard.find(m.ref) != nullptr, "refs: '" + m.ref + "' is not a criterion of " + standard.id);
    promise(m.offset <= text.size() && m.span.size() <= text.size() - m.offset &&
                text.substr(m.offset, m.span.size()) == m.span,
            "refs: span '" + m.span + "' is not the text at its offset");
    promise(m.offset >= previous, "refs: matches out of order");
    previous = m.offset;
  }
}

}  // namespace

void run_refs(const std::uint8_t* data, std::size_t size) {
  std::string text = sanitize_utf8(bytes_of(data, size));
  for (const auto& standard : standards()) {
    check_references(text, standard);
  }
}

void run_evidence_map(const std::uint8_t* data, std::size_t size) {
  std::string text = sanitize_utf8(bytes_of(data, size));
  // The same text as each kind of map evidex reads: CSV, a workbook's sheet text (xlsx/ods), legacy
  // xls2csv text, and a document whose tables are TAB-separated lines; next to items a map can name.
  static const std::vector<std::pair<std::string, std::string>> maps = {
      {"Showcase/00 Evidence map.csv", "csv"},
      {"Showcase/00 Evidence map.xlsx", "xlsx"},
      {"Showcase/KSB mapping.xls", "xls"},
      {"Showcase/Evidence tracker.docx", "docx"},
  };
  static const std::vector<mapping::BundleItem> evidence = {
      {"Showcase/E1 Project report.pdf", "pdf", "Project report"},
      {"Showcase/E2 Network diagram.png", "image", ""},
      {"Showcase/Evidence 3 - witness statement.docx", "docx", "Witness statement"},
      {"Showcase/04_code_review.eml", "eml", "Code review"},
      {"Showcase/Appendix/5.1 test plan.xlsx", "xlsx", "Test plan\n\tStep\tResult\n"},
  };
  for (const auto& [path, type] : maps) {
    std::vector<mapping::BundleItem> items = evidence;
    items.push_back({path, type, text});
    for (const auto& standard : standards()) {
      mapping::EvidenceMaps result = mapping::read_evidence_maps(items, standard);
      for (const auto& a : result.assignments) {
        promise(standard.find(a.ref) != nullptr, "evidence map: '" + a.ref + "' is not a criterion of " + standard.id);
        promise(a.item_path != path, "evidence map: the map was given criteria itself");
        promise(std::any_of(items.begin(), items.end(), [&](const auto& i) { return i.path == a.item_path; }),
                "evidence map: '" + a.item_path + "' is not an item of the bundle");
        promise(a.row >= 1, "evidence map: an assignment from row 0");
      }
      for (const auto& p : result.problems) {
        promise(!p.message.empty(), "evidence map: a problem without a message");
      }
    }
  }
}

void run_rtf_text(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes = bytes_of(data, size);
  // The handler starts the decoder at "{\rtf"; without one there is nothing to decode.
  std::size_t start = bytes.find("{\\rtf");
  if (start == std::string_view::npos) {
    return;
  }
  bytes.remove_prefix(start);
  // A small limit too, so that cutting the text at the limit is exercised.
  for (std::uint64_t limit : {std::uint64_t{64} << 20, std::uint64_t{97}}) {
    indexer::RtfText rtf = indexer::rtf_to_text(bytes, limit);
    promise(is_valid_utf8(rtf.text), "rtf: text is not valid UTF-8");
    promise(rtf.text.size() <= limit, "rtf: text longer than its limit");
    for (const auto& [key, value] : rtf.meta) {
      promise(is_valid_utf8(value), "rtf: meta '" + key + "' is not valid UTF-8");
    }
  }
}

void run_declaration(const std::uint8_t* data, std::size_t size) {
  std::string text = sanitize_utf8(bytes_of(data, size));
  query::DeclarationForm form = query::read_declaration_form(text);
  const auto& names = query::declaration_fields();
  promise(form.labels >= 0 && form.labels <= 6, "declaration: labels out of 0..6");
  promise(form.sentences >= 0 && form.sentences <= 4, "declaration: sentences out of 0..4");
  // The checks `evidex declaration` makes on a form's fields, and its report of them.
  query::DeclarationCheck d;
  d.status = query::DeclarationStatus::complete;
  d.path = "Showcase/Declaration.docx";
  d.apprentice = "A001";
  d.registered_name = "Samuel James Patel";
  d.assessment_date = "2026-03-01";
  d.fields = form.fields;
  for (const auto& [field, value] : form.fields) {
    promise(std::find(names.begin(), names.end(), field) != names.end(), "declaration: unknown field '" + field + "'");
    promise(is_valid_utf8(value), "declaration: field '" + field + "' is not valid UTF-8");
    if (!query::is_filled(value)) {
      d.missing_fields.push_back(field);
      continue;
    }
    if (field == "apprentice name") {
      d.name_found = value;
      d.name_matches = query::compare_names(value, d.registered_name) == query::NameMatch::same;
      query::compare_names(d.registered_name, value);
    }
    if (field.size() > 5 && field.substr(field.size() - 5) == " date") {
      if (auto date = query::parse_uk_date(value)) {
        d.dates[field] = *date;
      } else {
        d.problems.push_back(field + " '" + value + "' is not a date");
      }
    }
  }
  if (!d.missing_fields.empty()) {
    d.status = query::DeclarationStatus::incomplete;
  }
  for (auto format : {query::Format::text, query::Format::csv}) {
    query::render(d, format, true);
  }
  query::declaration_json(d).dump();
}

void run_dates(const std::uint8_t* data, std::size_t size) {
  std::string text = sanitize_utf8(bytes_of(data, size));
  static const std::regex iso(R"(\d{4}-\d{2}-\d{2})");
  if (auto date = query::parse_uk_date(text)) {
    promise(std::regex_match(*date, iso), "dates: '" + *date + "' is not YYYY-MM-DD");
    promise(query::parse_iso_date(*date) == date, "dates: '" + *date + "' is not a real day");
    promise(*date >= "1900" && *date < "2100", "dates: '" + *date + "' is outside 1900-2099");
  }
  if (auto date = query::parse_iso_date(text)) {
    promise(*date == text, "dates: an ISO date that is not the text given");
  }
  try {
    promise(query::require_iso_date(text, "--assessment-date") == text, "dates: require_iso_date changed the date");
  } catch (const UsageError&) {
    // Not a date: the usage error is the promised answer.
  }
}

}  // namespace evidex::fuzz
