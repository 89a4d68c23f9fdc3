#include "query/web/redaction.hpp"

#include <cstdio>

namespace evidex::web {

void redact_other_apprentices(query::CheckResult& check, const query::access::User& user) {
  // The check writes one duplicate finding per group, in the groups' order.
  std::size_t group = 0;
  for (auto& finding : check.blocking) {
    if (finding.code != query::FindingCode::duplicate || group >= check.duplicates.size()) {
      continue;
    }
    const auto& g = check.duplicates[group++];
    if (!g.cross_apprentice) {
      continue;
    }
    bool hidden = false;
    for (const auto& other : g.apprentices) {
      hidden = hidden || !query::access::may_read(user, other);
    }
    if (!hidden) {
      continue;
    }
    char similarity[16];
    std::snprintf(similarity, sizeof similarity, "%.0f%%", g.similarity * 100);
    finding.message = query::duplicate_kind_name(g.kind) + " copy (" + similarity +
                      " similar) of evidence in another apprentice's portfolio: an authenticity risk to resolve "
                      "before assessment (your assessor or quality assurer can see whose)";
  }
}

}  // namespace evidex::web
