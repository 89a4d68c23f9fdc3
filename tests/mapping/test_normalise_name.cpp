// normalise_name() folds ASCII runs without utf8proc and maps the runs between them on their own:
// it must give the general path's answer for every input (ASCII with control characters and NULs,
// every BMP code point beside ASCII letters, mixes, bytes that are not UTF-8).
#include "mapping/evidence_map/file_names.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace evidex;

TEST_CASE("normalise_name: folding by runs gives the Unicode path's answer", "[mapping][names]") {
  for (int c = 0; c < 0x80; ++c) {
    const std::string one(1, static_cast<char>(c));
    const std::string framed = "Ab" + one + "9z" + one + one;
    CAPTURE(c);
    CHECK(mapping::normalise_name(one) == mapping::normalise_name_unicode(one));
    CHECK(mapping::normalise_name(framed) == mapping::normalise_name_unicode(framed));
  }
  // Every other code point of the Basic Multilingual Plane, alone and between ASCII letters (what
  // combines with its neighbour, folds to ASCII or to several characters), and bytes that are not UTF-8.
  auto utf8 = [](char32_t cp) {
    std::string out;
    if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    }
    out += static_cast<char>(0x80 | (cp & 0x3F));
    return out;
  };
  for (char32_t cp = 0x80; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp < 0xE000) {
      continue;
    }
    const std::string one = utf8(cp);
    for (const std::string& s : {one, "Ab" + one + "cD", "e" + one + one + "=" + one + " 9"}) {
      if (mapping::normalise_name(s) != mapping::normalise_name_unicode(s)) {
        FAIL("U+" << std::hex << static_cast<std::uint32_t>(cp) << " in '" << s << "': '" << mapping::normalise_name(s)
                  << "' != '" << mapping::normalise_name_unicode(s) << "'");
      }
    }
  }
  const std::vector<std::string> pieces = {"a", "B", " ", "-", "'", "\xE2\x80\x99", "\xE2\x80\x93", "\xC3\xA9",
                                           "e\xCC\x81", "\xEF\xAC\x81", "\xEA\xB0\x80", "\xE1\x84\x80",
                                           "\xE1\x85\xA1", "\xE2\x84\xAA", "\xFF", "\xC3", "7", "\xCC\xB8", "="};
  std::mt19937 mix(11);
  std::uniform_int_distribution<std::size_t> piece(0, pieces.size() - 1);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    for (std::size_t n = mix() % 12; n > 0; --n) {
      s += pieces[piece(mix)];
    }
    CAPTURE(s);
    REQUIRE(mapping::normalise_name(s) == mapping::normalise_name_unicode(s));
  }
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> ascii(0, 0x7f);
  std::uniform_int_distribution<std::size_t> length(0, 80);
  for (int i = 0; i < 5000; ++i) {
    std::string s(length(rng), ' ');
    for (auto& ch : s) {
      ch = static_cast<char>(ascii(rng));
    }
    CAPTURE(s);
    REQUIRE(mapping::normalise_name(s) == mapping::normalise_name_unicode(s));
  }
  // Real text: every sentence of the labelled set, as the declaration check reads them.
  std::size_t lines = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(std::filesystem::path(EVIDEX_FIXTURES) / "tagging")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".txt") {
      continue;
    }
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line); ++lines) {
      CAPTURE(entry.path().string(), line);
      REQUIRE(mapping::normalise_name(line) == mapping::normalise_name_unicode(line));
    }
  }
  CHECK(lines > 100);
  CHECK(mapping::normalise_name("Reflective_account-Handling  a Complaint.DOCX") ==
        "reflective account handling a complaint docx");
  CHECK(mapping::normalise_name("Évaluation (finale).pdf") == "evaluation finale pdf");
}
