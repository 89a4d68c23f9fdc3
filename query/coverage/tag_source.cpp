#include "query/coverage/tag_source.hpp"

#include "indexer/util/errors.hpp"

namespace evidex::query {

std::string tag_source_name(TagSource source) {
  switch (source) {
    case TagSource::explicit_ref: return "explicit";
    case TagSource::map: return "map";
    case TagSource::manual: return "manual";
    case TagSource::inferred: return "inferred";
  }
  return "inferred";
}

TagSource parse_tag_source(std::string_view name) {
  for (TagSource s : {TagSource::explicit_ref, TagSource::map, TagSource::manual, TagSource::inferred}) {
    if (tag_source_name(s) == name) {
      return s;
    }
  }
  // Only a store written by a newer evidex (or edited by hand) holds another word.
  throw InputError("unknown tag source '" + std::string(name) +
                   "' in the store (expected explicit, map, manual or inferred)");
}

}  // namespace evidex::query
