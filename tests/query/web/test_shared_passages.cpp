#include "query/web/shared_passages.hpp"

#include <catch2/catch.hpp>

using namespace evidex::web;

TEST_CASE("Shared passages are the runs of eight or more words both texts hold", "[web][duplicates]") {
  const std::string a = "Intro of mine. The customer was unhappy because the parcel arrived late and damaged. Bye.";
  const std::string b = "Other words here: the customer was UNHAPPY because the parcel arrived late, and damaged!";
  auto ranges = shared_ranges(a, b);
  REQUIRE(ranges.size() == 1);
  CHECK(a.substr(ranges[0].first, ranges[0].second - ranges[0].first) ==
        "The customer was unhappy because the parcel arrived late and damaged");
  CHECK(mark_ranges_html(a, ranges) ==
        "Intro of mine. <mark>The customer was unhappy because the parcel arrived late and damaged</mark>. Bye.");
}

TEST_CASE("Seven shared words in a row are not a passage, and unrelated texts share none", "[web][duplicates]") {
  CHECK(shared_ranges("one two three four five six seven", "one two three four five six seven").empty());
  CHECK(shared_ranges("a b c d e f g h i j", "k l m n o p q r s t").empty());
  CHECK(shared_ranges("", "anything at all here").empty());
}

TEST_CASE("Marked text is escaped, inside and outside the marks", "[web][duplicates]") {
  const std::string a = "<b> one two three four five six seven eight & </b>";
  const std::string b = "one two three four five six seven eight";
  CHECK(mark_ranges_html(a, shared_ranges(a, b)) ==
        "&lt;b&gt; <mark>one two three four five six seven eight</mark> &amp; &lt;/b&gt;");
}
