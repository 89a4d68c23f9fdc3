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

TEST_CASE("ISO-2022-JP is recognised by its escapes, not taken for ASCII", "[encoding]") {
  const std::string jis = "\x1B$B%3%s%=!<%k\x1B(B app";  // "コンソール app"
  CHECK(guess_charset(jis).rfind("ISO-2022-JP", 0) == 0);
  CHECK(decode_unlabelled(jis) == "\xE3\x82\xB3\xE3\x83\xB3\xE3\x82\xBD\xE3\x83\xBC\xE3\x83\xAB app");
}

TEST_CASE("English with only smart quotes and dashes is windows-1252", "[encoding]") {
  // uchardet calls such short texts ISO-8859-7 or windows-1250; every windows-125x agrees on
  // 0x80-0x9F, and ISO-8859-x has only control characters there.
  const std::string s = "Then he said, \x93The names Bod, James Bond.\x94 \x96 spam \x97 beans";
  CHECK(guess_charset(s) == "windows-1252");
  CHECK(decode_unlabelled(s) ==
        "Then he said, \xE2\x80\x9CThe names Bod, James Bond.\xE2\x80\x9D \xE2\x80\x93 spam \xE2\x80\x94 beans");
}

TEST_CASE("declared charset labels map to the superset browsers use", "[encoding]") {
  CHECK(preferred_charset("iso-8859-1") == "WINDOWS-1252");
  CHECK(preferred_charset(" \"Shift_JIS\" ") == "CP932");
  CHECK(preferred_charset("gb2312") == "GB18030");
  CHECK(preferred_charset("ks_c_5601-1987") == "CP949");
  CHECK(preferred_charset("unicode") == "UTF-16LE");
  CHECK(preferred_charset("windows-1256") == "WINDOWS-1256");
  // GB18030 decodes GBK-only characters a GB2312 decoder would lose.
  CHECK(convert_to_utf8("\x81\x40", preferred_charset("gb2312")).value() == "\xE4\xB8\x82");
}

TEST_CASE("single-byte Cyrillic and Greek are told apart", "[encoding]") {
  // "Привет, как дела? Это тестовый текст на русском языке." in KOI8-R and windows-1251
  const std::string koi8 = "\xF0\xD2\xC9\xD7\xC5\xD4, \xCB\xC1\xCB \xC4\xC5\xCC\xC1? \xFC\xD4\xCF "
                           "\xD4\xC5\xD3\xD4\xCF\xD7\xD9\xCA \xD4\xC5\xCB\xD3\xD4 \xCE\xC1 "
                           "\xD2\xD5\xD3\xD3\xCB\xCF\xCD \xD1\xDA\xD9\xCB\xC5.";
  CHECK(decode_unlabelled(koi8) ==
        "Привет, как дела? Это тестовый текст на русском языке.");
}
