#include "query/coverage/method_choice.hpp"

#include "indexer/util/errors.hpp"

namespace evidex::query {

std::vector<const mapping::Method*> chosen_methods(const mapping::Standard& standard, std::string_view method) {
  std::vector<const mapping::Method*> out;
  std::string ids;
  for (const auto& m : standard.methods) {
    if (is_all_methods(method) || m.id == method) {
      out.push_back(&m);
    }
    ids += (ids.empty() ? "" : ", ") + m.id;
  }
  if (out.empty() && !is_all_methods(method)) {
    throw UsageError("--method: " + standard.id + " has no method '" + std::string(method) + "' (it has " + ids +
                     ", or all)");
  }
  return out;
}

}  // namespace evidex::query
