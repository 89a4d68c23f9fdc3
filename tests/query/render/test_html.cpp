// Escaping untrusted text for the HTML report: a bundle chooses its own file names.
#include "query/render/html.hpp"

#include <catch2/catch.hpp>

using evidex::query::file_url;
using evidex::query::html_escape;
using evidex::query::url_encode_path;

TEST_CASE("html_escape: markup in a file name is shown, never obeyed", "[report]") {
  CHECK(html_escape("<script>alert(1)</script>.txt") == "&lt;script&gt;alert(1)&lt;/script&gt;.txt");
  CHECK(html_escape(R"(a "quoted" & 'single' name)") == "a &quot;quoted&quot; &amp; &#39;single&#39; name");
  CHECK(html_escape("plain name.docx") == "plain name.docx");
}

TEST_CASE("html_escape: UTF-8 passes, broken bytes and control characters become U+FFFD", "[report]") {
  CHECK(html_escape("Café – naïve £5") == "Café – naïve £5");
  CHECK(html_escape("tab\there\nnewline") == "tab\there\nnewline");
  CHECK(html_escape("bad\xFF byte") == "bad\xEF\xBF\xBD byte");
  CHECK(html_escape("nul\x01") == "nul\xEF\xBF\xBD");
  CHECK(html_escape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  CHECK(html_escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(html_escape("cut \xE2\x80") == "cut \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("html_escape: a right-to-left override cannot disguise an extension", "[report]") {
  // "invoice\u202Etxt.exe" would display as "invoiceexe.txt".
  CHECK(html_escape("invoice\xE2\x80\xAEtxt.exe") == "invoice[U+202E]txt.exe");
  CHECK(html_escape("a\xE2\x81\xA6" "b") == "a[U+2066]b");
}

TEST_CASE("url_encode_path: a name cannot end the attribute or start a scheme", "[report]") {
  CHECK(url_encode_path("report_files/01 Account (12S3).docx") == "report_files/01%20Account%20%2812S3%29.docx");
  CHECK(url_encode_path("javascript:alert(1)") == "javascript%3Aalert%281%29");
  CHECK(url_encode_path("a\"b'c<d>e?f#g&h") == "a%22b%27c%3Cd%3Ee%3Ff%23g%26h");
  CHECK(url_encode_path("é") == "%C3%A9");
  CHECK(file_url("/tmp/my store/blobs/ab/abc") == "file:///tmp/my%20store/blobs/ab/abc");
}
