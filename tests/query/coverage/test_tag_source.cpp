// Tag sources: the store's and the contract's words, and back.
#include "query/coverage/tag_source.hpp"

#include "indexer/util/errors.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
using query::TagSource;

TEST_CASE("tag sources: the contract's words, and back", "[coverage]") {
  CHECK(query::tag_source_name(TagSource::explicit_ref) == "explicit");
  CHECK(query::tag_source_name(TagSource::map) == "map");
  CHECK(query::tag_source_name(TagSource::manual) == "manual");
  CHECK(query::tag_source_name(TagSource::inferred) == "inferred");
  for (TagSource s : {TagSource::explicit_ref, TagSource::map, TagSource::manual, TagSource::inferred}) {
    CHECK(query::parse_tag_source(query::tag_source_name(s)) == s);
  }
  CHECK_THROWS_AS(query::parse_tag_source("Explicit"), InputError);
  CHECK_THROWS_WITH(query::parse_tag_source("guessed"), Catch::Contains("'guessed'"));
}
