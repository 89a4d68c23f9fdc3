#include "query/access/command_line_actor.hpp"

#include <pwd.h>
#include <unistd.h>

namespace evidex::query::access {

User command_line_actor() {
  User u;
  u.role = Role::admin;
  // The effective user: under sudo -u, the account whose rights the change was made with. A uid
  // without a passwd entry (a container) is named by its number.
  const uid_t uid = ::geteuid();
  const passwd* pw = ::getpwuid(uid);
  u.name = "cli:" + (pw != nullptr && pw->pw_name != nullptr ? std::string(pw->pw_name) : std::to_string(uid));
  return u;
}

}  // namespace evidex::query::access
