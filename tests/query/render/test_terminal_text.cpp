// terminal_text: what a terminal would obey is shown instead, and nothing else changes.
#include "query/render/terminal_text.hpp"

#include <catch2/catch.hpp>

using evidex::query::terminal_text;

TEST_CASE("terminal_text shows controls, C1 and bidi overrides, keeps other text", "[query][output]") {
  CHECK(terminal_text("Clear\x1b[2JScreen.txt") == "Clear\\x1b[2JScreen.txt");
  CHECK(terminal_text("Title\x1b]0;owned\x07") == "Title\\x1b]0;owned\\x07");
  CHECK(terminal_text("a\nb\rc\td\x7f") == "a\\nb\\rc\\td\\x7f");
  CHECK(terminal_text(std::string("nul\0x", 5)) == "nul\\x00x");
  CHECK(terminal_text("c1\xC2\x9B" "31m") == "c1<U+009B>31m");
  CHECK(terminal_text("invoice\xE2\x80\xAEtxt.exe") == "invoice<U+202E>txt.exe");
  CHECK(terminal_text("\xE2\x80\xAA\xE2\x81\xA6\xE2\x81\xA9") == "<U+202A><U+2066><U+2069>");
  CHECK(terminal_text("bad \xFF byte") == "bad \\xff byte");
  // Letters, accents, the ellipsis and U+2028 (a cell's line break) are text, not controls.
  const std::string ordinary = "Zoë’s résumé — 1. Letter… \xE2\x80\xA8 next";
  CHECK(terminal_text(ordinary) == ordinary);
  CHECK(terminal_text("") == "");
}
