// query/access/audit_log.cpp: entries in, newest first, filtered.
#include "tests/query/access/access_fixture.hpp"

#include <catch2/catch.hpp>

using namespace evidex::query::access;
using evidex::test::AccountsFixture;
using evidex::test::k_password;

TEST_CASE("audit: entries come back newest first, with who, when and from where", "[access]") {
  AccountsFixture f;
  const User bob = f->add_user("bob", Role::assessor, k_password);
  const User ivy = f->add_user("ivy", Role::iqa, k_password);
  f->audit(bob, "view", "A001", "showcase/report.pdf", "", "10.0.0.2");
  f.now += 61;
  f->audit(bob, "tag", "A001", "showcase/report.pdf", "K3", "10.0.0.2");
  f.now += 61;
  f->audit(ivy, "download", "A002", "log.docx", "", "10.0.0.3");

  auto all = f->audit_log({});
  REQUIRE(all.size() == 3);
  CHECK(all[0].action == "download");
  CHECK(all[0].at == "2027-01-15T08:02:02Z");
  CHECK(all[0].user == "ivy");
  CHECK(all[0].role == "iqa");
  CHECK(all[0].remote == "10.0.0.3");
  CHECK(all[2].action == "view");
  CHECK(all[1].detail == "K3");
  CHECK(all[1].item == "showcase/report.pdf");

  AuditFilter by_user;
  by_user.user = "bob";
  CHECK(f->audit_log(by_user).size() == 2);
  AuditFilter by_apprentice;
  by_apprentice.apprentice = "A002";
  REQUIRE(f->audit_log(by_apprentice).size() == 1);
  CHECK(f->audit_log(by_apprentice)[0].user == "ivy");
  AuditFilter both;
  both.user = "bob";
  both.action = "tag";
  REQUIRE(f->audit_log(both).size() == 1);
  CHECK(f->audit_log(both)[0].detail == "K3");
  AuditFilter limited;
  limited.limit = 1;
  REQUIRE(f->audit_log(limited).size() == 1);
  CHECK(f->audit_log(limited)[0].action == "download");
}

TEST_CASE("audit: forget_apprentice removes their logins and assignments and blanks what names them", "[access]") {
  AccountsFixture f;
  const User sam = f->add_user("sam", Role::apprentice, k_password, "A001");
  const User bob = f->add_user("bob", Role::assessor, k_password);
  f->add_user("ann", Role::apprentice, k_password, "A002");
  f->assign("bob", "A001");
  f->assign("bob", "A002");
  const std::string token = f->add_token("sam", "phone");
  const Session s = f->open_session(sam.id, 600);
  f->audit(sam, "upload", "A001", "a.pdf", "", "r");        // names both: counted once
  f->audit(bob, "view", "A001", "a.pdf", "", "r");
  f->audit(bob, "user.disable", "", "", "user sam", "r");  // names the login in its detail
  f->audit(bob, "view", "A002", "b.pdf", "", "r");

  const AccountsErasure done = f->forget_apprentice("A001");
  CHECK(done.accounts == 1);
  CHECK(done.assignments == 1);
  CHECK(done.audit_entries == 3);
  CHECK_FALSE(f->user("sam"));
  CHECK_FALSE(f->session(s.id));
  CHECK_FALSE(f->user_for_token(token));
  CHECK(f->user("bob")->assigned == std::vector<std::string>{"A002"});
  auto log = f->audit_log({});
  REQUIRE(log.size() == 4);
  CHECK(log[0].apprentice == "A002");
  CHECK(log[0].item == "b.pdf");
  CHECK(log[1].detail.empty());
  CHECK(log[1].user == "bob");
  CHECK(log[2].apprentice == "(erased)");
  CHECK(log[2].item.empty());
  CHECK(log[3].user == "(erased)");
  CHECK_FALSE(f->forget_apprentice("A001").any());
  CHECK_FALSE(f->forget_apprentice("").any());
}
