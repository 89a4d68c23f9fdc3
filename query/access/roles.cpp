#include "query/access/accounts.hpp"

namespace evidex::query::access {

std::string_view role_name(Role r) {
  switch (r) {
    case Role::apprentice:
      return "apprentice";
    case Role::assessor:
      return "assessor";
    case Role::iqa:
      return "iqa";
    case Role::admin:
      return "admin";
  }
  return "apprentice";  // unreachable: every enumerator is named above
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : {Role::apprentice, Role::assessor, Role::iqa, Role::admin}) {
    if (role_name(r) == name) {
      return r;
    }
  }
  return std::nullopt;
}

}  // namespace evidex::query::access
