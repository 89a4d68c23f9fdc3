#include "indexer/util/errors.hpp"
#include "mapping/refs/reference_parser.hpp"
#include "mapping/tagger/tag_bundle.hpp"
#include "query/web/app.hpp"

namespace evidex::web {
namespace {

// How long a decision waits for an ingest that holds the store: then the visitor is told to retry.
constexpr double k_writer_wait_seconds = 10;

std::string canonical_ref(const std::string& written, const mapping::Standard& standard) {
  if (auto ref = mapping::canonical_ref(written, standard)) {
    return *ref;
  }
  throw HttpError{400, "'" + written + "' is not a criterion of " + standard.id + "."};
}

}  // namespace

void decide(App& app, const httplib::Request& req, const Visitor& v, const std::string& apprentice,
            const std::string& path, const std::string& ref, const std::string& decision, const std::string& note) {
  using query::access::may_decide;
  using query::access::may_tag;
  if (!may_decide(v.user, apprentice) && !may_tag(v.user, apprentice)) {
    throw HttpError{404, "There is no apprentice '" + apprentice + "' that you can see."};
  }
  if (decision != "confirm" && decision != "reject" && decision != "clear") {
    throw HttpError{400, "A decision is confirm, reject or clear."};
  }
  indexer::Store store(app.options.store, indexer::Store::Mode::write, k_writer_wait_seconds);
  mapping::tag_pending(store, app.library);
  if (!store.apprentice(apprentice) || !query::access::may_read(v.user, apprentice)) {
    throw HttpError{404, "There is no apprentice '" + apprentice + "' that you can see."};
  }
  const auto& standard = mapping::standard_of(store, app.library, apprentice);
  const std::string canonical = canonical_ref(ref, standard);
  if (!store.item(apprentice, path)) {
    throw HttpError{404, "There is no such item."};
  }
  if (!may_tag(v.user, apprentice)) {
    // An apprentice accepts or rejects evidex's suggestions; tagging freely is the assessor's.
    bool suggested = false;
    for (const auto& tag : store.automatic_tags(apprentice)) {
      suggested = suggested || (tag.path == path && tag.ref == canonical && tag.source == "inferred");
    }
    if (!suggested) {
      throw HttpError{403, "Only an assessor can tag this item with " + canonical + "."};
    }
  }
  const std::string by = v.user.name + " (" + std::string(query::access::role_name(v.user.role)) + ")";
  if (decision == "clear") {
    store.undecide(apprentice, path, canonical);
  } else {
    store.decide(apprentice, indexer::Decision{path, canonical, decision, by, indexer::utc_now_iso(), note});
  }
  app.audit(v, req, decision == "confirm" ? "tag" : decision == "reject" ? "untag" : "tag.clear", apprentice,
            path, canonical + (note.empty() ? "" : ": " + note));
}

}  // namespace evidex::web
