// evidex user, token and audit through the binary: the accounts of evidex serve made and changed
// from the command line, as an administrator bootstraps them.
#include "query/access/accounts.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/terminal_run.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <poll.h>
#include <pty.h>
#include <pwd.h>
#include <sys/wait.h>
#include <termios.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace evidex::test;
using evidex::query::access::Accounts;
using nlohmann::json;

namespace {

const std::string k_password = "correct horse battery";

Run with_input(const std::filesystem::path& store, const std::vector<std::string>& args, const std::string& input) {
  ChildSetup setup;
  setup.input = input;
  return run_evidex(store, args, setup);
}

std::string cli_actor() {
  const passwd* pw = ::getpwuid(::geteuid());
  return "cli:" + (pw ? std::string(pw->pw_name) : std::to_string(::geteuid()));
}

mode_t file_mode(const std::filesystem::path& file) {
  struct stat st {};
  REQUIRE(::stat(file.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("user add reads the password from stdin, makes accounts.sqlite 0600 and lists no hash", "[e2e][users]") {
  TempDir work;
  const auto store = work / "store";
  Run added = with_input(store, {"user", "add", "sam", "--role", "apprentice", "--apprentice", "A001",
                                 "--password-stdin"}, k_password + "\n");
  REQUIRE(added.exit_code == 0);
  CHECK_THAT(added.out, Catch::Contains("Added user sam (apprentice, apprentice A001)"));
  CHECK(file_mode(store / "accounts.sqlite") == 0600);
  // No evidence store was made: accounts live apart from it.
  CHECK_FALSE(std::filesystem::exists(store / "evidex.sqlite"));

  REQUIRE(with_input(store, {"user", "add", "bob", "--role", "assessor", "--password-stdin"}, k_password + "\r\n")
              .exit_code == 0);
  REQUIRE(with_input(store, {"user", "add", "ivy", "--role", "iqa", "--password-stdin"}, k_password).exit_code == 0);

  // The password is exactly the line, without its line ending, whichever the line ending was.
  Accounts accounts(store);
  CHECK(accounts.login("sam", k_password, "test").user);
  CHECK(accounts.login("bob", k_password, "test").user);
  CHECK(accounts.login("ivy", k_password, "test").user);

  Run text = run_evidex(store, {"user", "list"});
  REQUIRE(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("NAME") && Catch::Contains("sam") && Catch::Contains("A001") &&
                           Catch::Contains("(none assigned)"));
  Run csv = run_evidex(store, {"user", "list", "--format", "csv"});
  CHECK_THAT(csv.out, Catch::StartsWith("name,role,apprentice,assigned,disabled,created_at\r\n"));
  json listed = json::parse(run_evidex(store, {"user", "list", "--format", "json"}).out);
  REQUIRE(listed.size() == 3);
  CHECK(listed[0]["name"] == "bob");
  CHECK(listed[2]["role"] == "apprentice");
  CHECK(listed[2]["apprentice"] == "A001");
  for (const Run& r : {text, csv}) {
    CHECK_THAT(r.out, !Catch::Contains("argon2"));
  }
  CHECK_THAT(listed.dump(), !Catch::Contains("argon2") && !Catch::Contains("hash"));
}

TEST_CASE("user add refuses without a terminal or a good password, and says why", "[e2e][users]") {
  TempDir work;
  const auto store = work / "store";
  Run no_terminal = run_evidex(store, {"user", "add", "ana", "--role", "admin"});
  CHECK(no_terminal.exit_code == 2);
  CHECK_THAT(no_terminal.err, Catch::Contains("not a terminal") && Catch::Contains("--password-stdin"));

  Run empty = with_input(store, {"user", "add", "ana", "--role", "admin", "--password-stdin"}, "");
  CHECK(empty.exit_code == 2);
  CHECK_THAT(empty.err, Catch::Contains("standard input is empty"));
  Run short_one = with_input(store, {"user", "add", "ana", "--role", "admin", "--password-stdin"}, "tooshort\n");
  CHECK(short_one.exit_code == 2);
  CHECK_THAT(short_one.err, Catch::Contains("at least 10 characters"));
  Run role = with_input(store, {"user", "add", "ana", "--role", "root", "--password-stdin"}, k_password);
  CHECK(role.exit_code == 2);
  CHECK_THAT(role.err, Catch::Contains("--role"));
  Run no_id = with_input(store, {"user", "add", "ana", "--role", "apprentice", "--password-stdin"}, k_password);
  CHECK(no_id.exit_code == 2);
  CHECK_THAT(no_id.err, Catch::Contains("--apprentice"));
  Run bad_name = with_input(store, {"user", "add", "ana smith", "--role", "admin", "--password-stdin"}, k_password);
  CHECK(bad_name.exit_code == 2);

  REQUIRE(with_input(store, {"user", "add", "ana", "--role", "admin", "--password-stdin"}, k_password).exit_code == 0);
  Run twice = with_input(store, {"user", "add", "ANA", "--role", "iqa", "--password-stdin"}, k_password);
  CHECK(twice.exit_code == 3);
  CHECK_THAT(twice.err, Catch::Contains("user 'ANA': already exists as 'ana'"));
  for (const Run& r : {no_terminal, empty, short_one, twice}) {
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);  // one line, starting evidex:
    CHECK_THAT(r.err, Catch::StartsWith("evidex: "));
  }
  json listed = json::parse(run_evidex(store, {"user", "list", "--format", "json"}).out);
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["name"] == "ana");
}

TEST_CASE("user add at a terminal asks twice without echo, and refuses two different answers", "[e2e][users]") {
  TempDir work;
  const std::string store = (work / "store").string();
  TerminalRun differ = run_on_terminal({"--store", store, "user", "add", "ana", "--role", "admin"}, {},
                                       k_password + "\nsomething else entirely\n");
  CHECK(differ.exit_code == 2);
  CHECK_THAT(differ.screen, Catch::Contains("New password for ana:") && Catch::Contains("Type it again:") &&
                                Catch::Contains("the two passwords differ"));
  TerminalRun same = run_on_terminal({"--store", store, "user", "add", "ana", "--role", "admin"}, {},
                                     k_password + "\n" + k_password + "\n");
  CHECK(same.exit_code == 0);
  CHECK_THAT(same.screen, Catch::Contains("Added user ana (admin)"));
  Accounts accounts(work / "store");
  CHECK(accounts.login("ana", k_password, "test").user);
}

TEST_CASE("user disable, enable, passwd, assign and unassign, each in the audit log", "[e2e][users]") {
  TempDir work;
  const auto store = work / "store";
  REQUIRE(with_input(store, {"user", "add", "bob", "--role", "assessor", "--password-stdin"}, k_password).exit_code == 0);
  REQUIRE(with_input(store, {"user", "add", "sam", "--role", "apprentice", "--apprentice", "A001", "--password-stdin"},
                     k_password).exit_code == 0);
  Accounts accounts(store);
  auto bob_session = accounts.open_session(accounts.user("bob")->id, 1800);

  Run assign = run_evidex(store, {"user", "assign", "bob", "--apprentice", "A001"});
  CHECK(assign.exit_code == 0);
  CHECK_THAT(assign.out, Catch::Contains("Assigned apprentice A001 to bob"));
  REQUIRE(run_evidex(store, {"user", "assign", "bob", "--apprentice", "A002"}).exit_code == 0);
  CHECK(accounts.user("bob")->assigned == std::vector<std::string>{"A001", "A002"});
  CHECK(run_evidex(store, {"user", "assign", "sam", "--apprentice", "A002"}).exit_code == 3);
  REQUIRE(run_evidex(store, {"user", "unassign", "bob", "--apprentice", "A002"}).exit_code == 0);
  CHECK(accounts.user("bob")->assigned == std::vector<std::string>{"A001"});
  Run not_there = run_evidex(store, {"user", "unassign", "bob", "--apprentice", "A002"});
  CHECK(not_there.exit_code == 3);
  CHECK_THAT(not_there.err, Catch::Contains("not assigned"));

  Run disable = run_evidex(store, {"user", "disable", "bob"});
  CHECK(disable.exit_code == 0);
  CHECK(accounts.user("bob")->disabled);
  CHECK_FALSE(accounts.session(bob_session.id));  // the change reached a server's open accounts file
  CHECK(accounts.login("bob", k_password, "test").refused == evidex::query::access::LoginRefusal::disabled);
  CHECK(run_evidex(store, {"user", "enable", "bob"}).exit_code == 0);
  CHECK(accounts.login("bob", k_password, "test").user);
  CHECK(run_evidex(store, {"user", "disable", "nobody"}).exit_code == 3);

  Run passwd = with_input(store, {"user", "passwd", "bob", "--password-stdin"}, "a brand new passphrase\n");
  CHECK(passwd.exit_code == 0);
  CHECK(accounts.login("bob", "a brand new passphrase", "test").user);
  CHECK_FALSE(accounts.login("bob", k_password, "test").user);
  CHECK(run_evidex(store, {"user", "passwd", "bob"}).exit_code == 2);  // no terminal
  CHECK(with_input(store, {"user", "passwd", "nobody", "--password-stdin"}, k_password).exit_code == 3);

  json log = json::parse(run_evidex(store, {"audit", "--format", "json"}).out);
  std::vector<std::string> actions;
  for (const auto& e : log) {
    actions.push_back(e["action"]);
    CHECK(e["user"] == cli_actor());
    CHECK(e["role"] == "admin");
    CHECK(e["remote"] == "local");
  }
  // Newest first; refused changes are not logged as done.
  CHECK(actions == std::vector<std::string>{"user.passwd", "user.enable", "user.disable", "user.unassign",
                                            "user.assign", "user.assign", "user.add", "user.add"});
  json assigned = json::parse(run_evidex(store, {"audit", "--action", "user.assign", "--apprentice", "A002",
                                                 "--format", "json"}).out);
  REQUIRE(assigned.size() == 1);
  CHECK(assigned[0]["detail"] == "assessor bob");
  json last = json::parse(run_evidex(store, {"audit", "--limit", "1", "--format", "json"}).out);
  REQUIRE(last.size() == 1);
  CHECK(last[0]["action"] == "user.passwd");
  CHECK(json::parse(run_evidex(store, {"audit", "--user", "someone", "--format", "json"}).out).empty());
  CHECK(run_evidex(store, {"audit", "--limit", "0"}).exit_code == 2);
  Run csv = run_evidex(store, {"audit", "--format", "csv", "--limit", "1"});
  CHECK_THAT(csv.out, Catch::StartsWith("id,at,user,role,action,apprentice,item,detail,remote\r\n"));
}

TEST_CASE("token add shows the secret once, list never does, revoke ends it", "[e2e][users]") {
  TempDir work;
  const auto store = work / "store";
  REQUIRE(with_input(store, {"user", "add", "lms", "--role", "iqa", "--password-stdin"}, k_password).exit_code == 0);
  Run added = run_evidex(store, {"token", "add", "--user", "lms", "--label", "LMS nightly sync"});
  REQUIRE(added.exit_code == 0);
  std::string secret = added.out;
  secret.erase(secret.find_last_not_of('\n') + 1);
  CHECK_THAT(secret, Catch::StartsWith("evidex_"));
  CHECK(secret.find('\n') == std::string::npos);  // the secret alone on stdout, for a script
  CHECK_THAT(added.err, Catch::Contains("will not be shown again"));
  Accounts accounts(store);
  REQUIRE(accounts.user_for_token(secret));
  CHECK(accounts.user_for_token(secret)->name == "lms");

  Run list = run_evidex(store, {"token", "list"});
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::Contains("LMS nightly sync") && Catch::Contains("active"));
  json tokens = json::parse(run_evidex(store, {"token", "list", "--format", "json"}).out);
  REQUIRE(tokens.size() == 1);
  CHECK(tokens[0]["revoked"] == false);
  // (Not the raw accounts.sqlite here: closing a descriptor to it would drop the fcntl locks of the
  // connection above, and its snapshot would go stale. test_tokens.cpp reads the files.)
  for (const std::string& r : {list.out, tokens.dump()}) {
    CHECK(r.find(secret.substr(7)) == std::string::npos);
  }
  CHECK(run_evidex(store, {"token", "add", "--user", "nobody"}).exit_code == 3);

  const std::string id = std::to_string(tokens[0]["id"].get<int>());
  Run revoked = run_evidex(store, {"token", "revoke", id});
  CHECK(revoked.exit_code == 0);
  CHECK_FALSE(accounts.user_for_token(secret));
  CHECK_THAT(run_evidex(store, {"token", "list"}).out, Catch::Contains("revoked"));
  CHECK(run_evidex(store, {"token", "revoke", "99"}).exit_code == 3);
  CHECK(run_evidex(store, {"token", "revoke", "first"}).exit_code == 2);

  json log = json::parse(run_evidex(store, {"audit", "--format", "json"}).out);
  REQUIRE(log.size() == 3);
  CHECK(log[0]["action"] == "token.revoke");
  CHECK(log[1]["action"] == "token.add");
  CHECK_THAT(log[1]["detail"].get<std::string>(), Catch::Contains("LMS nightly sync"));
  CHECK_THAT(log.dump(), !Catch::Contains(secret.substr(7)));
}

TEST_CASE("user list, token list and audit read a store without accounts and create nothing", "[e2e][users]") {
  TempDir work;
  const auto store = work / "store";
  Run users = run_evidex(store, {"user", "list"});
  CHECK(users.exit_code == 0);
  CHECK_THAT(users.out, Catch::Contains("No users yet"));
  CHECK(run_evidex(store, {"token", "list"}).exit_code == 0);
  CHECK(json::parse(run_evidex(store, {"audit", "--format", "json"}).out).empty());
  CHECK_FALSE(std::filesystem::exists(store));
}

namespace {

// Every file under `dir` whose bytes contain `needle`.
std::vector<std::string> files_containing(const std::filesystem::path& dir, const std::string& needle) {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && read_file(entry.path()).find(needle) != std::string::npos) {
      out.push_back(entry.path().string());
    }
  }
  return out;
}

}  // namespace

TEST_CASE("forget erases the apprentice from the accounts too: logins, assignments, audit details", "[e2e][users][forget]") {
  TempDir work;
  const auto store = work / "store";
  TempDir bundle;
  write_file(bundle / "account.txt", "Priya Zanzibarova kept the Quillfeather Leisure customer informed every week.");
  REQUIRE(run_evidex(store, {"ingest", bundle.path().string(), "--apprentice", "PZ-4471", "--quiet"}).exit_code == 0);
  REQUIRE(with_input(store, {"user", "add", "priya.zanzibarova", "--role", "apprentice", "--apprentice", "PZ-4471",
                             "--password-stdin"}, k_password).exit_code == 0);
  REQUIRE(with_input(store, {"user", "add", "bob", "--role", "assessor", "--password-stdin"}, k_password).exit_code == 0);
  REQUIRE(with_input(store, {"user", "add", "wendy", "--role", "apprentice", "--apprentice", "WQ-1",
                             "--password-stdin"}, k_password).exit_code == 0);
  REQUIRE(run_evidex(store, {"user", "assign", "bob", "--apprentice", "PZ-4471"}).exit_code == 0);
  REQUIRE(run_evidex(store, {"user", "assign", "bob", "--apprentice", "WQ-1"}).exit_code == 0);
  REQUIRE(run_evidex(store, {"token", "add", "--user", "priya.zanzibarova", "--label", "Quillfeather phone"}).exit_code == 0);
  REQUIRE(run_evidex(store, {"user", "disable", "priya.zanzibarova"}).exit_code == 0);
  {
    Accounts accounts(store);
    auto priya = *accounts.user("priya.zanzibarova");
    auto bob = *accounts.user("bob");
    accounts.open_session(bob.id, 1800);
    accounts.login("priya.zanzibarova", "not her password", "10.1.1.1");
    accounts.audit(priya, "upload", "PZ-4471", "account.txt", "Quillfeather showcase", "10.1.1.1");
    accounts.audit(bob, "tag", "PZ-4471", "account.txt", "K3", "10.1.1.2");
    accounts.audit(bob, "view", "WQ-1", "wendy.pdf", "", "10.1.1.2");
  }
  for (const char* needle : {"PZ-4471", "priya.zanzibarova", "Quillfeather"}) {
    REQUIRE_FALSE(files_containing(store, needle).empty());
  }

  Run forget = run_evidex(store, {"forget", "--apprentice", "PZ-4471", "--yes"});
  REQUIRE(forget.exit_code == 0);
  CHECK_THAT(forget.out, Catch::Contains("Erased apprentice PZ-4471") &&
                             Catch::Contains("Erased from the accounts: 1 accounts, 1 assignments"));
  for (const char* needle : {"PZ-4471", "priya.zanzibarova", "Quillfeather"}) {
    INFO(needle);
    CHECK(files_containing(store, needle).empty());
  }
  // Everyone else is as they were, and the log still says what bob did, and when.
  Accounts accounts(store);
  CHECK_FALSE(accounts.user("priya.zanzibarova"));
  CHECK(accounts.user("bob")->assigned == std::vector<std::string>{"WQ-1"});
  CHECK(accounts.user("wendy"));
  json log = json::parse(run_evidex(store, {"audit", "--user", "bob", "--format", "json"}).out);
  REQUIRE(log.size() == 2);
  CHECK(log[0]["apprentice"] == "WQ-1");
  CHECK(log[0]["item"] == "wendy.pdf");
  CHECK(log[1]["action"] == "tag");
  CHECK(log[1]["apprentice"] == "(erased)");
  CHECK(log[1]["item"] == "");
  json forgot = json::parse(run_evidex(store, {"audit", "--action", "apprentice.forget", "--format", "json"}).out);
  CHECK(forgot.size() == 1);

  // An apprentice with an account but no evidence yet is erased too, rather than refused.
  Run no_evidence = run_evidex(store, {"forget", "--apprentice", "WQ-1", "--yes"});
  CHECK(no_evidence.exit_code == 0);
  CHECK_THAT(no_evidence.out, Catch::Contains("had no evidence in the store") && Catch::Contains("1 accounts"));
  CHECK_FALSE(accounts.user("wendy"));
  CHECK(run_evidex(store, {"forget", "--apprentice", "WQ-1", "--yes"}).exit_code == 3);
}

TEST_CASE("user add: Ctrl-C at the password prompt leaves the terminal echoing", "[e2e][users]") {
  TempDir work;
  std::vector<std::string> args{EVIDEX_BINARY, "--store", (work / "store").string(), "user", "add", "ana", "--role",
                                "admin"};
  int master = -1;
  pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::vector<char*> argv;
    for (auto& a : args) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    _exit(127);
  }
  // Wait for the prompt, then press Ctrl-C as a person would.
  std::string screen;
  pollfd p{master, POLLIN, 0};
  while (screen.find("New password") == std::string::npos && ::poll(&p, 1, 10000) > 0) {
    char buffer[256];
    ssize_t n = ::read(master, buffer, sizeof buffer);
    if (n <= 0) {
      break;
    }
    screen.append(buffer, static_cast<std::size_t>(n));
  }
  REQUIRE_THAT(screen, Catch::Contains("New password for ana:"));
  // The echo goes off before the prompt is written.
  termios t{};
  REQUIRE(::tcgetattr(master, &t) == 0);
  REQUIRE_FALSE(t.c_lflag & ECHO);
  REQUIRE(::write(master, "\x03", 1) == 1);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WIFSIGNALED(status));
  REQUIRE(::tcgetattr(master, &t) == 0);
  CHECK((t.c_lflag & ECHO) != 0);
  ::close(master);
  CHECK_FALSE(Accounts(work / "store").user("ana"));
}
