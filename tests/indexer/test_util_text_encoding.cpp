#include "indexer/util/text_encoding.hpp"

#include <catch2/catch.hpp>

using namespace evidex;

TEST_CASE("invalid UTF-8 is replaced, valid UTF-8 kept", "[encoding]") {
  CHECK(is_valid_utf8("caf\xC3\xA9"));
  CHECK_FALSE(is_valid_utf8("caf\xE9"));
  CHECK(sanitize_utf8("caf\xE9!") == "caf\xEF\xBF\xBD!");
  CHECK(sanitize_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
}

TEST_CASE("legacy charsets convert to UTF-8", "[encoding]") {
  CHECK(convert_to_utf8("\x93quoted\x94 \xA3" "5", "windows-1252").value() ==
        "\xE2\x80\x9Cquoted\xE2\x80\x9D \xC2\xA3" "5");
  CHECK_FALSE(convert_to_utf8("x", "no-such-charset").has_value());
}

TEST_CASE("unlabelled text: BOMs, UTF-16 without BOM, UTF-8, legacy", "[encoding]") {
  CHECK(decode_unlabelled("\xEF\xBB\xBFhello") == "hello");
  CHECK(decode_unlabelled(std::string("h\0i\0 \0t\0h\0e\0r\0e\0", 16)) == "hi there");
  CHECK(guess_charset("plain ascii") == "UTF-8");
  CHECK(decode_unlabelled("Fran\xE7ois Truffaut d'apr\xE8s une id\xE9" "e") ==
        "Fran\xC3\xA7ois Truffaut d'apr\xC3\xA8s une id\xC3\xA9" "e");
}
