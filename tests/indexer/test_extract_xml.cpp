#include "indexer/extract/handlers.hpp"
#include "indexer/util/errors.hpp"
#include "tests/support/extract_helper.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
using namespace evidex::indexer;
using evidex::test::extract_with;
using evidex::test::fixture;
using evidex::test::TempDir;

namespace {

evidex::test::Extracted xml_of(const char* relative) {
  TempDir scratch;
  return extract_with(*make_xml_extractor(), fixture(relative), scratch);
}

}  // namespace

TEST_CASE("XML from ElementTree: text nodes, one element per line", "[xml]") {
  auto got = xml_of("formats/xml/python-portfolio.xml");
  CHECK(got.text == "Complaint handling\nI escalated the complaint to my team leader.\n\xC2\xA3" "49.99\n");
  CHECK(got.result.warnings.empty());
}

TEST_CASE("XML: declared encoding honoured", "[xml]") {
  CHECK(xml_of("formats/xml/python-latin1.xml").text == "Fran\xC3\xA7ois a pr\xC3\xA9par\xC3\xA9 le caf\xC3\xA9.\n");
}

TEST_CASE("XML: internal entities are not expanded", "[xml]") {
  auto got = xml_of("formats/xml/python-internal-entity.xml");
  CHECK(got.text.find("plain words") != std::string::npos);
  CHECK(got.text.find("haha") == std::string::npos);
}

TEST_CASE("XML: malformed", "[xml]") {
  auto got = xml_of("bad/xml-malformed-unclosed.xml");
  CHECK(got.text.find("Escalated to team leader") != std::string::npos);
  CHECK(got.text.find("Refund approved") != std::string::npos);
  REQUIRE(got.result.warnings.size() == 1);
  CHECK(got.result.warnings[0].rfind("corrupt XML: ", 0) == 0);

  TempDir scratch;
  try {
    extract_with(*make_xml_extractor(), fixture("bad/xml-malformed-no-text.xml"), scratch);
    FAIL("no error");
  } catch (const ItemError& e) {
    CHECK(e.reason().rfind("corrupt XML: ", 0) == 0);
  }
}

TEST_CASE("XML: billion laughs and external entities stay unexpanded", "[xml]") {
  auto lol = xml_of("bad/xml-billion-laughs.xml");
  CHECK(lol.text.find("billion laughs") != std::string::npos);
  CHECK(lol.text.find("lollollol") == std::string::npos);
  CHECK(lol.text.find("ENTITY") == std::string::npos);
  CHECK(lol.text.size() < 100);

  auto xxe = xml_of("bad/xml-external-entity.xml");
  CHECK(xxe.text.find("before") != std::string::npos);
  CHECK(xxe.text.find("root:") == std::string::npos);
}
