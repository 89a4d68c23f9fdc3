// Criteria references in file names, headings and text: every form apprentices write them in is
// found, with the exact span and byte offset that produced it, and nothing that merely looks like a
// reference (postcodes, product codes, rooms, sections, vitamins) becomes one. Runs against the
// shipped ST0072 (module form, "2K1") and ST0071 (plain form, "K1").
#include "mapping/refs/normalised_text.hpp"
#include "mapping/refs/reference_parser.hpp"
#include "tests/support/standards.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace evidex;
using mapping::find_references;
using mapping::RefMatch;
using Refs = std::vector<std::string>;

namespace {

const mapping::Standard& st0072() { return test::shipped_standard("ST0072"); }
const mapping::Standard& st0071() { return test::shipped_standard("ST0071"); }

Refs refs_in(const std::string& text, const mapping::Standard& standard) {
  Refs out;
  for (const auto& m : find_references(text, standard)) {
    out.push_back(m.ref);
  }
  return out;
}

struct Case {
  std::string text;
  Refs expected;
};

void check_cases(const std::vector<Case>& cases, const mapping::Standard& standard) {
  for (const auto& c : cases) {
    INFO("text: \"" << c.text << "\" read against " << standard.id);
    CHECK(refs_in(c.text, standard) == c.expected);
  }
}

/// Every match in `text` has this span and offset.
void check_span(const std::string& text, const std::string& span, std::size_t offset, const Refs& expected,
                const mapping::Standard& standard) {
  INFO("text: \"" << text << "\"");
  auto matches = find_references(text, standard);
  Refs refs;
  for (const auto& m : matches) {
    refs.push_back(m.ref);
    CHECK(m.span == span);
    CHECK(m.offset == offset);
    CHECK(text.substr(m.offset, m.span.size()) == m.span);
  }
  CHECK(refs == expected);
}

}  // namespace

TEST_CASE("A reference written in one word, with a dot, a space or a hyphen", "[refs]") {
  check_cases({{"2K1", {"2K1"}},
               {"2.K1", {"2K1"}},
               {"2 K1", {"2K1"}},
               {"2-K1", {"2K1"}},
               {"2k1", {"2K1"}},
               {"12s3", {"12S3"}},
               {"15B5", {"15B5"}},
               {"Evidence for 2K1 and more", {"2K1"}},
               {"(12S3)", {"12S3"}},
               {"covers 2K1's intent", {"2K1"}},
               {"#2K1", {"2K1"}},
               {"2K1¹", {"2K1"}},  // a footnote mark, not 2K11
               {"2\u00A0K1", {"2K1"}},
               {"2K\u200B1", {"2K1"}}},  // a zero-width space from copied text
              st0072());
}

TEST_CASE("A bare reference counts in module form only with its module nearby", "[refs]") {
  check_cases({{"K1 (module 2)", {"2K1"}},
               {"K1 (Module 2)", {"2K1"}},
               {"K1(mod. 2)", {"2K1"}},
               {"K1, K3 (module 2)", {"2K1", "2K3"}},
               {"K1 to K4 (module 2)", {"2K1", "2K2", "2K3", "2K4"}},
               {"Module 2 K1", {"2K1"}},
               {"MODULE 12 S3", {"12S3"}},
               {"Mod. 12 S3", {"12S3"}},
               {"Module 02: K1", {"2K1"}},
               {"module 2: K1–K4", {"2K1", "2K2", "2K3", "2K4"}},
               {"Module 2 - K1, K3", {"2K1", "2K3"}},
               {"Module 2 – K1 and K3", {"2K1", "2K3"}},
               {"Module 2 K1 K3", {"2K1", "2K3"}},
               {"Module 2\nK1 Describe customer groups", {"2K1"}},
               {"Module 2: 2K1, 2K3", {"2K1", "2K3"}},
               {"2K1, K3 & K5", {"2K1", "2K3", "2K5"}},  // the module of the reference before
               {"2K1, 3K2, K3", {"2K1", "3K2", "3K3"}}},
              st0072());
}

TEST_CASE("A bare reference without a module is not one in module form", "[refs]") {
  check_cases({{"K1", {}},
               {"K1 and K3", {}},
               {"see K1 in module 2", {}},   // not one of the forms: the module must be next to it
               {"Module 2 covers customers. K1", {}},
               {"Module 19 K1", {}},          // no module 19
               {"Module 2 K9", {}},           // module 2 has no K9
               {"K1 (module 19)", {}},
               {"2. K1 Describe", {}},        // a numbered list, not 2K1
               {"total 2\nK1", {}},           // number and reference on different lines
               {"K1, 2K3", {"2K3"}},
               {"Module 2 K1 2K3", {"2K1", "2K3"}}},
              st0072());
}

TEST_CASE("Ranges expand within one module and type to the criteria the standard defines", "[refs]") {
  const Refs s1_to_s7{"12S1", "12S2", "12S3", "12S4", "12S5", "12S6", "12S7"};
  check_cases({{"12S1–12S7", s1_to_s7},
               {"12S1-12S7", s1_to_s7},
               {"12S1 - 12S7", s1_to_s7},
               {"12S1 — 12S7", s1_to_s7},     // em dash
               {"12S1−12S7", s1_to_s7},       // minus sign
               {"12S1-7", s1_to_s7},
               {"12S1 to 12S7", s1_to_s7},
               {"12S1–S7", s1_to_s7},
               {"12s1–12s7", s1_to_s7},
               {"13B1-13B4", {"13B1", "13B2", "13B3", "13B4"}},
               {"2.K1–2.K3", {"2K1", "2K2", "2K3"}},
               {"2K1–2K1", {"2K1"}}},
              st0072());
}

TEST_CASE("Ranges that do not make sense", "[refs]") {
  check_cases({// Past the module's last criterion: the defined ones (module 12 stops at S7).
               {"12S1–12S9", {"12S1", "12S2", "12S3", "12S4", "12S5", "12S6", "12S7"}},
               {"12S9–12S12", {}},
               // Reversed, another module, another type: the two ends, not a range.
               {"12S7–12S1", {"12S7", "12S1"}},
               {"12S7–S1", {"12S7", "12S1"}},
               {"2K1–3K4", {"2K1", "3K4"}},
               {"2K1 to 3K4", {"2K1", "3K4"}},
               {"8S6–9S1", {"8S6", "9S1"}},
               // A short end must be a criterion, else it is a code.
               {"12S1-9", {}},
               {"12S7-1", {}},
               {"2K1-77", {}},
               {"12S3-4410", {}},
               // Spaces around a short end: a number in a sentence, not a range.
               {"12S1 - 7 times", {"12S1"}},
               {"2K1 to 3 customers", {"2K1"}}},
              st0072());
}

TEST_CASE("Lists of references", "[refs]") {
  check_cases({{"2K1, 2K3 & 2K5", {"2K1", "2K3", "2K5"}},
               {"2K1/2K3", {"2K1", "2K3"}},
               {"2K1 and 2K3", {"2K1", "2K3"}},
               {"2K1 or 2K3", {"2K1", "2K3"}},
               {"2K1 and/or 2K3", {"2K1", "2K3"}},
               {"2K1, 2K3, and 2K5", {"2K1", "2K3", "2K5"}},
               {"10S1,10S2", {"10S1", "10S2"}},
               {"2K1; 2K3", {"2K1", "2K3"}},
               {"2K1 + 2K3", {"2K1", "2K3"}},
               {"2K1–2K3, 2K5", {"2K1", "2K2", "2K3", "2K5"}},
               {"2K1 and customers", {"2K1"}},
               {"2K1, 2K1", {"2K1", "2K1"}}},  // named twice, returned twice
              st0072());
}

TEST_CASE("References inside file names", "[refs]") {
  check_span("01_2K1_letter.pdf", "2K1", 3, {"2K1"}, st0072());
  check_span("Reflective account (12S3, 12S6).docx", "12S3, 12S6", 20, {"12S3", "12S6"}, st0072());
  check_span("12S3-complaint.pdf", "12S3", 0, {"12S3"}, st0072());
  check_span("2K1.pdf", "2K1", 0, {"2K1"}, st0072());
  check_span("photo-13b2.JPG", "13b2", 6, {"13B2"}, st0072());
  check_span("Module_2_K1_notes.docx", "Module_2_K1", 0, {"2K1"}, st0072());
  check_span("evidence 12S1-12S7.pdf", "12S1-12S7", 9,
             {"12S1", "12S2", "12S3", "12S4", "12S5", "12S6", "12S7"}, st0072());
}

TEST_CASE("Cyrillic and Greek look-alike letters and full-width characters", "[refs]") {
  check_span("2К3", "2К3", 0, {"2K3"}, st0072());          // Cyrillic Ка, as in the ST0072 specification
  check_span("13В2", "13В2", 0, {"13B2"}, st0072());       // Cyrillic Ve
  check_span("12Ѕ3", "12Ѕ3", 0, {"12S3"}, st0072());       // Cyrillic Dze
  check_span("2к1", "2к1", 0, {"2K1"}, st0072());          // lower-case Cyrillic ka
  check_span("2Κ1", "2Κ1", 0, {"2K1"}, st0072());          // Greek Kappa
  check_span("13Β2", "13Β2", 0, {"13B2"}, st0072());       // Greek Beta
  check_span("２Ｋ１", "２Ｋ１", 0, {"2K1"}, st0072());    // full width
  check_span("2\u212A1", "2\u212A1", 0, {"2K1"}, st0072());  // Kelvin sign
  check_span("12Ѕ1–12Ѕ2", "12Ѕ1–12Ѕ2", 0, {"12S1", "12S2"}, st0072());
  check_span("К3 (модуль) (module 2)", "", 0, {}, st0072());  // the bracket must follow the reference
  check_span("К3", "К3", 0, {"K3"}, st0071());
  check_span("В12", "В12", 0, {"B12"}, st0071());
  // A Cyrillic word is not a word of look-alikes glued to the reference.
  check_span("Договор 2К3", "2К3", 15, {"2K3"}, st0072());
  check_span("Вопрос2К3", "", 0, {}, st0072());
}

TEST_CASE("Postcodes, product codes, times and hashes are not references", "[refs]") {
  check_cases({{"Birmingham B1 1AA", {}},
               {"b1 1aa", {}},
               {"Bristol BS4 3AW", {}},
               {"Stockport SK1 4AB", {}},
               {"AB2K1X", {}},
               {"X12S3", {}},
               {"12S3X", {}},
               {"SKU 12S3-4410", {}},
               {"part 2K1", {}},
               {"at 12:13 on 2/12/2024", {}},
               {"12:2K1", {}},
               {"commit a3f92k1bc0", {}},
               {"sha 9f-2k1e-0a", {}},  // hash groups: 2K1E is one word
               {"2K1.5", {}},
               {"version 1.2K1", {}},
               {"www.2k1.com", {}},
               {"me@2k1.org", {}},
               {"Tel: 07700 900 12 S3", {}},
               {"0161 496 2 K1", {}},
               {"+2 K1", {}},
               {"Room 13B1", {}},
               {"Unit 12S3, Leeds", {}},
               {"19K1", {}},    // no module 19
               {"0K1", {}},
               {"02K1", {}},
               {"2K01", {}},
               {"123K1", {}},
               {"12S9", {}},    // module 12 stops at S7
               {"2S1", {}}},    // module 2 has knowledge only
              st0072());
}

TEST_CASE("Numbering of other things is not a reference", "[refs]") {
  check_cases({{"Section K1 (module 2)", {}},
               {"Level 2 K1", {}},   // "Level 2" is the apprenticeship's level, not module 2
               {"Level 2 2K1", {"2K1"}},
               {"Page 2 K1", {}},
               {"p.2 K1", {}},
               {"Step 2-K1", {}},
               {"Section 2K1", {"2K1"}},  // the module is written in the reference: it is one
               {"ST0071 K1 (module 2)", {}},
               {"ST0072 2K1", {"2K1"}}},
              st0072());
}

TEST_CASE("ST0071's plain references", "[refs]") {
  check_cases({{"K1", {"K1"}},
               {"S12", {"S12"}},
               {"B3", {"B3"}},
               {"k1 and s3", {"K1", "S3"}},
               {"Evidence: K1, S3 & B2", {"K1", "S3", "B2"}},
               {"K1–K5", {"K1", "K2", "K3", "K4", "K5"}},
               {"K1-5", {"K1", "K2", "K3", "K4", "K5"}},
               {"K1 to K3", {"K1", "K2", "K3"}},
               {"S15–S20", {"S15", "S16", "S17"}},  // S17 is the last skill
               {"1. K1 Customer insight", {"K1"}},
               {"K1 (module 2)", {"K1"}},
               {"ST0071 K1", {"K1"}},
               {"S1 2nd attempt", {"S1"}},  // an ordinal, not a postcode
               {"DC K2", {"K2"}},
               {"K19", {}},  // K1..K18 only
               {"S18", {}},
               {"B13", {}},
               {"2K1", {}},  // ST0072 numbering
               {"ST0072 K1", {}},
               {"XK1", {}},
               {"K1X", {}},
               {"2.K1", {}},
               {"Section K1", {}},
               {"Room B1", {}},
               {"Level 3 K1", {}},
               {"Sheffield S1 2HE", {}},
               {"B1 1AA", {}},
               {"vitamin K1", {}},
               {"Vitamins B1, B6 and B12", {}},
               {"B4 paper", {}},
               {"a B5 envelope", {}},
               {"A4/B5", {}},
               {"=SUM(B1:B9)", {}},
               {"cell B1", {}},
               {"$B1", {}}},
              st0071());
}

TEST_CASE("A match keeps the whole span that produced it and its byte offset", "[refs]") {
  check_span("Evidence for 2K1, 2K3 & 2K5 attached", "2K1, 2K3 & 2K5", 13, {"2K1", "2K3", "2K5"}, st0072());
  check_span("See K1 (module 2) here", "K1 (module 2)", 4, {"2K1"}, st0072());
  check_span("Notes – module 2: K1–K3.", "module 2: K1–K3", 10, {"2K1", "2K2", "2K3"}, st0072());
  check_span("… 12S1–12S9", "12S1–12S9", 4, {"12S1", "12S2", "12S3", "12S4", "12S5", "12S6", "12S7"}, st0072());
  check_span("x 12S7–12S1", "12S7–12S1", 2, {"12S7", "12S1"}, st0072());

  const std::string text = "2K1 first, then café 2К1 again";
  auto matches = find_references(text, st0072());
  REQUIRE(matches.size() == 2);
  CHECK(matches[0].ref == "2K1");
  CHECK(matches[0].offset == 0);
  CHECK(matches[1].ref == "2K1");
  CHECK(matches[1].span == "2К1");
  CHECK(matches[1].offset == text.find("2К1"));
}

TEST_CASE("References come in order of appearance", "[refs]") {
  auto refs = refs_in("First 15B1, then K1 (module 2), then 3.K4 and 12S1-2.", st0072());
  CHECK(refs == Refs{"15B1", "2K1", "3K4", "12S1", "12S2"});
}

TEST_CASE("Long texts are scanned in one pass", "[refs]") {
  // Lists that end without a module are the case a backtracking scanner would make quadratic.
  std::string text;
  for (int i = 0; i < 100000; ++i) {
    text += "K1, K2, K3 and ";
  }
  text += "2K1";
  CHECK(refs_in(text, st0072()) == Refs{"2K1"});

  // ...and a list that goes on for pages is cut into lists of a bounded length, so that the
  // spans every criterion carries stay short.
  text.resize(15 * 10000);
  auto matches = find_references(text, st0071());
  CHECK(matches.size() == 30000);
  std::size_t longest = 0;
  for (const auto& m : matches) {
    longest = std::max(longest, m.span.size());
  }
  CHECK(longest < 2000);
}

TEST_CASE("The normalised copy maps every byte back to the original", "[refs]") {
  mapping::NormalisedText n("ｍｏｄｕｌｅ ２: К1\u2013К4 ﬁ");
  CHECK(n.text() == "MODULE 2: K1-K4 FI");
  CHECK(n.original_offset(0) == 0);
  CHECK(n.original_offset(7) == std::string("ｍｏｄｕｌｅ ").size());
  CHECK(n.original_span(10, 15) == "К1\u2013К4");
  CHECK(n.original_span(16, 17) == "ﬁ");  // half of an expansion takes the whole character
  CHECK(n.original_offset(n.size()) == std::string("ｍｏｄｕｌｅ ２: К1\u2013К4 ﬁ").size());

  mapping::NormalisedText odd("é\xff¹•");
  CHECK(odd.text() == std::string{mapping::k_other_letter, mapping::k_other_symbol, mapping::k_other_symbol,
                                  mapping::k_other_symbol});
  CHECK(mapping::latin_look_alike(U'К') == 'K');
  CHECK(mapping::latin_look_alike(U'Ж') == '\0');
}

TEST_CASE("canonical_ref: what a person types is one criterion, canonical, or nothing", "[refs]") {
  CHECK(mapping::canonical_ref("12S3", st0072()) == std::optional<std::string>("12S3"));
  CHECK(mapping::canonical_ref("12 S3", st0072()) == std::optional<std::string>("12S3"));
  CHECK(mapping::canonical_ref("K1", st0071()) == std::optional<std::string>("K1"));
  CHECK_FALSE(mapping::canonical_ref("12S3, 12S4", st0072()));  // two criteria
  CHECK_FALSE(mapping::canonical_ref("12S99", st0072()));       // not in the standard
  CHECK_FALSE(mapping::canonical_ref("see 12S3", st0072()));    // more than a reference
  CHECK_FALSE(mapping::canonical_ref("", st0072()));
}
