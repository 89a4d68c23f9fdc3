// query/access/permissions.cpp: the whole matrix of roles x may_* x own / other apprentice.
#include "query/access/accounts.hpp"

#include <catch2/catch.hpp>

using namespace evidex::query::access;

namespace {

User make(Role role) {
  User u;
  u.id = 1;
  u.name = std::string(role_name(role));
  u.role = role;
  if (role == Role::apprentice) {
    u.apprentice = "A001";
  }
  if (role == Role::assessor) {
    u.assigned = {"A001", "A003"};
  }
  return u;
}

}  // namespace

TEST_CASE("permissions: every role against its own and another apprentice", "[access]") {
  // A001 is the apprentice's own and assigned to the assessor; A002 is neither.
  struct Row {
    Role role;
    bool read_own, read_other, tag_own, tag_other, decide_own, decide_other, upload_own, upload_other, sample, manage;
  };
  const Row row = GENERATE(values<Row>({
      {Role::apprentice, true, false, false, false, true, false, true, false, false, false},
      {Role::assessor, true, false, true, false, true, false, false, false, false, false},
      {Role::iqa, true, true, false, false, false, false, false, false, true, false},
      {Role::admin, true, true, false, false, false, false, true, true, true, true},
  }));
  const User u = make(row.role);
  INFO("role " << role_name(row.role));
  CHECK(may_read(u, "A001") == row.read_own);
  CHECK(may_read(u, "A002") == row.read_other);
  CHECK(may_tag(u, "A001") == row.tag_own);
  CHECK(may_tag(u, "A002") == row.tag_other);
  CHECK(may_decide(u, "A001") == row.decide_own);
  CHECK(may_decide(u, "A002") == row.decide_other);
  CHECK(may_upload(u, "A001") == row.upload_own);
  CHECK(may_upload(u, "A002") == row.upload_other);
  CHECK(may_sample(u) == row.sample);
  CHECK(may_manage_users(u) == row.manage);
  // Reading everyone's is reading an apprentice who is neither theirs nor assigned.
  CHECK(may_read_all(u) == row.read_other);

  // A disabled account may do nothing at all.
  User off = u;
  off.disabled = true;
  for (const char* a : {"A001", "A002"}) {
    CHECK_FALSE(may_read(off, a));
    CHECK_FALSE(may_tag(off, a));
    CHECK_FALSE(may_decide(off, a));
    CHECK_FALSE(may_upload(off, a));
  }
  CHECK_FALSE(may_sample(off));
  CHECK_FALSE(may_manage_users(off));
  CHECK_FALSE(may_read_all(off));
}

TEST_CASE("permissions: an empty apprentice ID matches no one", "[access]") {
  // An apprentice account without an ID (a damaged row) must not read an item whose apprentice is empty.
  User u = make(Role::apprentice);
  u.apprentice.clear();
  CHECK_FALSE(may_read(u, ""));
  CHECK_FALSE(may_upload(u, ""));
  CHECK_FALSE(may_upload(make(Role::admin), ""));
  CHECK_FALSE(may_tag(make(Role::assessor), ""));
}

TEST_CASE("roles: names and back", "[access]") {
  for (Role r : {Role::apprentice, Role::assessor, Role::iqa, Role::admin}) {
    CHECK(parse_role(role_name(r)) == r);
  }
  CHECK_FALSE(parse_role("Admin"));
  CHECK_FALSE(parse_role(""));
  CHECK_FALSE(parse_role("superuser"));
}
