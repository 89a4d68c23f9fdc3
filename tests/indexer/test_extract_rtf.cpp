#include "indexer/extract/handlers.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/text_encoding.hpp"
#include "tests/support/extract_helper.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
using namespace evidex::indexer;
using evidex::test::contains_normalised;
using evidex::test::extract_with;
using evidex::test::fixture;
using evidex::test::TempDir;

namespace {

evidex::test::Extracted rtf_from(const std::string& source) {
  TempDir scratch;
  auto file = scratch / "doc.rtf";
  evidex::test::write_file(file, source);
  TempDir children;
  return extract_with(*make_rtf_extractor(), file, children);
}

std::string rtf_error(const std::filesystem::path& file) {
  TempDir scratch;
  try {
    extract_with(*make_rtf_extractor(), file, scratch);
  } catch (const ItemError& e) {
    return e.reason();
  }
  return "no error";
}

}  // namespace

TEST_CASE("LibreOffice RTF: text, \\uN with fallbacks, table cells, title", "[rtf]") {
  TempDir scratch;
  auto got = extract_with(*make_rtf_extractor(), fixture("formats/rtf/libreoffice-reflective-account.rtf"), scratch);
  CHECK(contains_normalised(got.text, "I escalated the complaint to my team leader"));
  CHECK(contains_normalised(got.text, "charged \xC2\xA3" "49.99 twice. She said \xE2\x80\x9Cthis is the second time\xE2\x80\x9D"));
  CHECK(got.text.find("Criterion\tEvidence") != std::string::npos);
  CHECK(contains_normalised(got.text, "お客様の苦情を処理しました。"));
  CHECK(got.text.find('?') == std::string::npos);  // fallback characters skipped
  CHECK(got.text.find("Times New Roman") == std::string::npos);  // font table is not text
  CHECK(got.text.find("Heading 1") == std::string::npos);        // nor the style sheet
  CHECK(got.result.meta.at("title") == "Reflective account: customer complaint");
  CHECK(got.result.meta.count("created") == 0);  // LibreOffice writes \yr0: no date
}

TEST_CASE("RTF code pages: \\ansicpg, \\fcharset per font, double-byte \\'hh pairs", "[rtf]") {
  auto got = rtf_from("{\\rtf1\\ansi\\ansicpg1250\\deff0{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset128 MS Mincho;}"
                      "{\\f2\\fcharset204 Arial Cyr;}{\\f3\\fcharset136 MingLiU;}}"
                      "Za\\'bf\\'f3\\'b3\\'e6 \\f1 \\'83\\'65\\'83X\\'83g\\f2  \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2"
                      "\\f3  \\'a4\\'a4\\'b0\\'ea\\par}");
  CHECK(got.text == "Zażółć テスト Привет 中國\n");
}

TEST_CASE("RTF \\uN: negative values, \\ucN skip counts, surrogate pairs", "[rtf]") {
  auto got = rtf_from("{\\rtf1\\ansi{\\info{\\author Sam \\'a3 Smith}{\\creatim\\yr2024\\mo3\\dy1\\hr10\\min22}}"
                      "\\uc2 \\u-3913\\'3f\\'3f\\uc1 \\u-10240?\\u-8400?\\u8364\\'80 end\\line "
                      "a\\tab b\\~c\\emdash d\\'}");
  INFO(got.text);
  CHECK(got.text.rfind("\xEF\x82\xB7\xF0\x90\x8C\xB0\xE2\x82\xAC end\na\tb\xC2\xA0" "c\xE2\x80\x94" "d", 0) == 0);
  CHECK(got.result.meta.at("author") == "Sam \xC2\xA3 Smith");
  CHECK(got.result.meta.at("created") == "2024-03-01T10:22:00");
}

TEST_CASE("RTF: skipped destinations and binary data", "[rtf]") {
  auto got = rtf_from("{\\rtf1{\\*\\generator Foo;}{\\pict\\pngblip 89504e47}{\\field{\\*\\fldinst HYPERLINK "
                      "\"http://x\"}{\\fldrslt link text}}{\\object{\\*\\objdata 0102}}\\bin3 {}} x visible}");
  CHECK(got.text == "link text x visible\n");
}

TEST_CASE("RTF: bad input", "[rtf]") {
  CHECK(rtf_error(fixture("bad/rtf-not-rtf.rtf")).rfind("corrupt RTF: no {\\rtf header", 0) == 0);
  CHECK(rtf_error(fixture("bad/rtf-truncated-header.rtf")).rfind("corrupt RTF: truncated", 0) == 0);
  // Cut in the middle of the body: what came before is kept, with a warning.
  auto got = rtf_from("{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\f0 I escalated the complaint\\par and then");
  CHECK(contains_normalised(got.text, "I escalated the complaint and then"));
  REQUIRE(got.result.warnings.size() == 1);
  CHECK(got.result.warnings[0].rfind("corrupt RTF: truncated", 0) == 0);
}

TEST_CASE("RTF: bounded by depth and by the text limit", "[rtf]") {
  std::string deep = "{\\rtf1 ";
  for (int i = 0; i < 100000; ++i) {
    deep += '{';
  }
  deep += "deep text";
  for (int i = 0; i < 100000; ++i) {
    deep += '}';
  }
  deep += " after}";
  auto got = rtf_from(deep);
  CHECK(got.text == "deep text after\n");

  TempDir scratch;
  auto file = scratch / "big.rtf";
  evidex::test::write_file(file, "{\\rtf1 " + std::string(5000, 'x') + "}");
  ExtractContext ctx;
  ctx.item_path = "big.rtf";
  ctx.scratch_dir = scratch.path();
  ctx.limits.max_text_bytes = 1000;
  auto out = make_rtf_extractor()->extract(file, ctx);
  CHECK(out.pages.at(0).size() == 1000);
  REQUIRE_FALSE(out.warnings.empty());
  CHECK(out.warnings[0].rfind("limit exceeded", 0) == 0);
}
