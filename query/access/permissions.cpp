// The authorisation rules, all in one file so that they can be read, and tested, as one table.
#include "query/access/accounts.hpp"

#include <algorithm>

namespace evidex::query::access {
namespace {

bool own(const User& u, const std::string& apprentice) {
  return u.role == Role::apprentice && !u.apprentice.empty() && u.apprentice == apprentice;
}

bool assigned(const User& u, const std::string& apprentice) {
  return u.role == Role::assessor && !apprentice.empty() &&
         std::find(u.assigned.begin(), u.assigned.end(), apprentice) != u.assigned.end();
}

}  // namespace

bool may_read_all(const User& u) { return !u.disabled && (u.role == Role::iqa || u.role == Role::admin); }

bool may_read(const User& u, const std::string& apprentice) {
  if (u.disabled) {
    return false;
  }
  return own(u, apprentice) || assigned(u, apprentice) || may_read_all(u);
}

bool may_tag(const User& u, const std::string& apprentice) { return !u.disabled && assigned(u, apprentice); }

bool may_decide(const User& u, const std::string& apprentice) {
  return !u.disabled && (own(u, apprentice) || assigned(u, apprentice));
}

bool may_upload(const User& u, const std::string& apprentice) {
  return !u.disabled && (own(u, apprentice) || (u.role == Role::admin && !apprentice.empty()));
}

bool may_sample(const User& u) { return !u.disabled && (u.role == Role::iqa || u.role == Role::admin); }

bool may_manage_users(const User& u) { return !u.disabled && u.role == Role::admin; }

}  // namespace evidex::query::access
