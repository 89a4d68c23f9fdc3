#include "indexer/extract/extractor.hpp"
#include "indexer/extract/handlers.hpp"
#include "tests/support/extract_helper.hpp"

#include <catch2/catch.hpp>

using namespace evidex::indexer;
using evidex::test::extract_with;
using evidex::test::fixture;
using evidex::test::TempDir;

namespace {

std::string text_of(const char* name) {
  TempDir scratch;
  return extract_with(*make_text_extractor(), fixture(std::string("formats/text/") + name), scratch).text;
}

const std::string sentence =
    "I escalated the complaint to my team leader \xE2\x80\x9Cstraight away\xE2\x80\x9D \xE2\x80\x93 refund "
    "\xC2\xA3" "49.99.\n";

}  // namespace

TEST_CASE("plain text in the encodings apprentices' machines write", "[text]") {
  CHECK(text_of("python-cp1252.txt") == sentence + "\n");
  CHECK(text_of("python-utf16le-bom.txt") == sentence + "\n");
  CHECK(text_of("python-utf16le-nobom.txt") == sentence + "\n");
  const std::string jp = "お客様の苦情をチームリーダーに報告しました。\n";
  CHECK(text_of("python-shift_jis.txt") == jp + jp + jp + "\n");
  CHECK(text_of("python-iso-2022-jp.txt") == jp + "\n");
  const std::string ru = "Я передал жалобу клиента руководителю команды в тот же день.\n";
  CHECK(text_of("python-koi8-r.txt") == ru + ru + ru + "\n");
}

TEST_CASE("CSV is text, commas kept", "[text]") {
  const Extractor* csv = default_registry().find("text/csv");
  REQUIRE(csv != nullptr);
  CHECK(csv->name() == "text");
  TempDir scratch;
  auto got = extract_with(*csv, fixture("formats/text/python-log.csv"), scratch);
  CHECK(got.text.find("2024-03-01,Escalated complaint to team leader,1.5") != std::string::npos);
  CHECK(got.text.find("\"Caf\xC3\xA9 shift, \xC2\xA3 float counted\",7") != std::string::npos);
}

TEST_CASE("registry: the text-like MIME types", "[text]") {
  const auto& r = default_registry();
  for (const char* mime : {"text/plain", "text/csv"}) {
    REQUIRE(r.find(mime));
    CHECK(r.find(mime)->name() == "text");
  }
  for (const char* mime : {"text/html", "application/xhtml+xml"}) {
    REQUIRE(r.find(mime));
    CHECK(r.find(mime)->name() == "html");
  }
  for (const char* mime : {"text/rtf", "application/rtf"}) {
    REQUIRE(r.find(mime));
    CHECK(r.find(mime)->name() == "rtf");
  }
  for (const char* mime : {"text/xml", "application/xml"}) {
    REQUIRE(r.find(mime));
    CHECK(r.find(mime)->name() == "xml");
  }
}

TEST_CASE("text over the text limit: the first part is kept, with a warning", "[text]") {
  TempDir scratch;
  auto file = scratch / "big.log";
  std::string log;
  for (int i = 0; i < 1000; ++i) {
    log += "2024-03-01 10:22 escalated ticket " + std::to_string(i) + "\n";
  }
  evidex::test::write_file(file, log);
  ExtractContext ctx;
  ctx.item_path = "big.log";
  ctx.scratch_dir = scratch.path();
  ctx.limits.max_text_bytes = 4096;
  auto out = make_text_extractor()->extract(file, ctx);
  CHECK(out.pages.at(0).size() == 4096);
  CHECK(out.pages.at(0).rfind("2024-03-01 10:22 escalated ticket 0\n", 0) == 0);
  REQUIRE(out.warnings.size() == 1);
  CHECK(out.warnings[0].rfind("limit exceeded", 0) == 0);
}
