#include "indexer/extract/handlers.hpp"
#include "indexer/util/errors.hpp"
#include "tests/support/extract_helper.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
using namespace evidex::test;

namespace {

const indexer::Extractor& mbox() {
  static auto extractor = indexer::make_mbox_extractor();
  return *extractor;
}

}  // namespace

TEST_CASE("each message of an mbox becomes an .eml child with its own bytes", "[mbox]") {
  TempDir scratch;
  auto x = extract_with(mbox(), fixture("formats/mbox/python-three-messages.mbox"), scratch);
  INFO(x.text);
  CHECK(x.text == "message-0001.eml: First feedback\n"
                  "message-0002.eml: Second feedback\n"
                  "message-0003.eml: Third feedback\n\n");
  REQUIRE(x.result.children.size() == 3);
  auto eml = indexer::make_eml_extractor();
  for (int n = 1; n <= 3; ++n) {
    const auto& child = x.result.children[static_cast<std::size_t>(n - 1)];
    CHECK(child.name == "message-000" + std::to_string(n) + ".eml");
    std::string bytes = read_file(child.file);
    CHECK(bytes.starts_with("From: Priya Shah <priya.shah@example.com>"));
    CHECK(bytes.find("From MAILER-DAEMON") == std::string::npos);
    TempDir inner;
    auto message = extract_with(*eml, child.file, inner);
    CHECK(contains_normalised(message.text, "Body of message number " + std::to_string(n) + "."));
    CHECK_FALSE(contains_normalised(message.text, "Body of message number " + std::to_string(n % 3 + 1) + "."));
  }
}

TEST_CASE("mbox: \">From \" body lines stay in their message", "[mbox]") {
  TempDir scratch;
  auto x = extract_with(mbox(), fixture("formats/mbox/handwritten-mboxo.mbox"), scratch);
  REQUIRE(x.result.children.size() == 2);
  std::string first = read_file(x.result.children[0].file);
  CHECK(first.find(">From now on, bring your evidence log.") != std::string::npos);
  CHECK(first.find("See you there.") == std::string::npos);
  CHECK(read_file(x.result.children[1].file).find("See you there.") != std::string::npos);
}

TEST_CASE("mbox limits and bad input", "[mbox][bad-input]") {
  TempDir scratch;
  SECTION("the entry budget bounds the number of messages") {
    indexer::ExtractContext ctx = context_for(scratch, "box.mbox", 2);
    auto x = mbox().extract(fixture("formats/mbox/python-three-messages.mbox"), ctx);
    CHECK(x.children.size() == 2);
    REQUIRE(x.warnings.size() == 1);
    CHECK(x.warnings[0].starts_with("limit exceeded"));
  }
  SECTION("a file without \"From \" lines is not an mbox") {
    try {
      extract_with(mbox(), fixture("formats/eml/python-html-only.eml"), scratch);
      FAIL("no ItemError");
    } catch (const ItemError& e) {
      CHECK(e.reason().starts_with("corrupt mbox"));
    }
  }
}
