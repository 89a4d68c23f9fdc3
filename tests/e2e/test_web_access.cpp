// The authorisation matrix of evidex serve, through HTTP against a real server: every route, every
// role, the apprentice's own evidence and another's. What may not be seen answers exactly as what
// does not exist (404), so a changed ID in a URL tells nothing.
#include "indexer/store/store.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"
#include "tests/support/web_server.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

using namespace evidex;
using namespace evidex::test;

namespace {

struct DemoServer {
  TempDir dir;
  std::filesystem::path store = dir.path() / "store";
  std::map<std::string, std::int64_t> item_of;  // apprentice -> one of their items
  std::unique_ptr<WebServer> server;
  DemoServer() {
    make_demo_store(store);
    {
      indexer::Store s(store, indexer::Store::Mode::read);
      for (const char* a : {"A1", "A2"}) {
        item_of[a] = s.items(a).front().id;
      }
    }
    server = std::make_unique<WebServer>(store);
  }
};

DemoServer& demo() {
  static DemoServer d;
  return d;
}

enum class Scope { own, other, none };

struct Route {
  const char* path;  // {A}: the apprentice; {I}: an item of theirs
  Scope scope;
  std::set<std::string> allowed_none;  // scope none: the roles allowed
};

// The user each role logs in as, and the apprentice that is theirs ("own") and one that is not.
struct Who {
  std::string user;
  bool reads_all;
};

std::string fill(std::string path, const std::string& apprentice, std::int64_t item) {
  for (auto at = path.find("{A}"); at != std::string::npos; at = path.find("{A}")) {
    path.replace(at, 3, apprentice);
  }
  for (auto at = path.find("{I}"); at != std::string::npos; at = path.find("{I}")) {
    path.replace(at, 3, std::to_string(item));
  }
  return path;
}

const std::vector<Route> k_get_routes = {
    {"/apprentices/{A}", Scope::own, {}},
    {"/apprentices/{A}/report", Scope::own, {}},
    {"/items/{I}", Scope::own, {}},
    {"/items/{I}/download", Scope::own, {}},
    {"/api/v1/apprentices/{A}/items", Scope::own, {}},
    {"/api/v1/apprentices/{A}/coverage", Scope::own, {}},
    {"/api/v1/apprentices/{A}/check", Scope::own, {}},
    {"/api/v1/apprentices/{A}/declaration", Scope::own, {}},
    {"/api/v1/items/{I}", Scope::own, {}},
    {"/iqa/sample?rate=1&seed=7", Scope::none, {"iqa1", "admin1"}},
    {"/iqa/sample.csv?rate=1&seed=7", Scope::none, {"iqa1", "admin1"}},
    {"/iqa/duplicates", Scope::none, {"iqa1", "admin1"}},
    {"/api/v1/sample?rate=1", Scope::none, {"iqa1", "admin1"}},
    {"/api/v1/duplicates", Scope::none, {"iqa1", "admin1"}},
    {"/admin/users", Scope::none, {"admin1"}},
    {"/admin/audit", Scope::none, {"admin1"}},
};

// app1 and ass1 own A1; ass2 is an assessor without A1; iqa1 and admin1 read everyone's.
bool may_see(const std::string& user, const std::string& apprentice) {
  if (user == "iqa1" || user == "admin1") {
    return true;
  }
  return apprentice == "A1" && (user == "app1" || user == "ass1");
}

}  // namespace

TEST_CASE("Every GET route answers each role by what it may see: 200, else 404", "[web][access][e2e]") {
  auto& d = demo();
  for (const std::string user : {"app1", "ass1", "ass2", "iqa1", "admin1"}) {
    WebClient client(*d.server);
    REQUIRE(client.login_as(user));
    for (const auto& route : k_get_routes) {
      std::vector<std::string> apprentices = route.scope == Scope::none ? std::vector<std::string>{"A1"}
                                                                          : std::vector<std::string>{"A1", "A2"};
      for (const auto& a : apprentices) {
        const std::string path = fill(route.path, a, d.item_of[a]);
        const bool allowed = route.scope == Scope::none ? route.allowed_none.count(user) > 0 : may_see(user, a);
        auto r = client.get(path);
        INFO(user << " GET " << path);
        REQUIRE(r);
        CHECK(r->status == (allowed ? 200 : 404));
        if (!allowed) {
          // Nothing of the other apprentice's evidence leaks into the refusal.
          CHECK(r->body.find("Reflective") == std::string::npos);
        }
      }
    }
  }
}

TEST_CASE("Without a session, pages send the visitor to log in and the API answers 401", "[web][access][e2e]") {
  auto& d = demo();
  WebClient anonymous(*d.server);
  for (const auto& route : k_get_routes) {
    const std::string path = fill(route.path, "A1", d.item_of["A1"]);
    auto r = anonymous.get(path);
    INFO(path);
    REQUIRE(r);
    if (path.rfind("/api/", 0) == 0) {
      CHECK(r->status == 401);
    } else {
      CHECK(r->status == 303);
      CHECK(r->get_header_value("Location").rfind("/login?next=", 0) == 0);
    }
  }
  auto upload = anonymous.upload("/apprentices/A1/uploads", fixture("sample-bundle.zip"), "x.zip");
  REQUIRE(upload);
  CHECK(upload->status == 403);
}

TEST_CASE("An item ID changed in the URL finds nothing of another apprentice's", "[web][access][e2e]") {
  auto& d = demo();
  WebClient app1(*d.server);
  REQUIRE(app1.login_as("app1"));
  // Every item ID around A2's, as a guesser would walk them.
  for (std::int64_t id = 1; id < d.item_of["A2"] + 40; ++id) {
    indexer::Store s(d.store, indexer::Store::Mode::read);
    auto found = s.item_by_id(id);
    const bool own = found && found->first == "A1";
    for (const std::string suffix : {"", "/download", "/inline"}) {
      auto r = app1.get("/items/" + std::to_string(id) + suffix);
      REQUIRE(r);
      INFO("/items/" << id << suffix);
      if (!own) {
        CHECK(r->status == 404);
      } else if (suffix != "/inline") {
        CHECK(r->status == 200);
      }
    }
  }
}

TEST_CASE("Search finds only the evidence the visitor may read", "[web][access][e2e]") {
  auto& d = demo();
  for (const std::string user : {"app1", "ass1", "ass2", "iqa1"}) {
    WebClient client(*d.server);
    REQUIRE(client.login_as(user));
    for (const std::string filter : {"", "&apprentice=A2", "&apprentice=A1"}) {
      auto r = client.get("/api/v1/search?q=customer&limit=100" + filter);
      REQUIRE(r);
      REQUIRE(r->status == 200);
      auto hits = nlohmann::json::parse(r->body).at("hits");
      std::set<std::string> seen;
      for (const auto& h : hits) {
        seen.insert(h.at("apprentice").get<std::string>());
      }
      INFO(user << " " << filter);
      for (const auto& a : seen) {
        CHECK(may_see(user, a));
      }
      if (filter != "&apprentice=A2") {
        CHECK(seen.count("A1") == (may_see(user, "A1") ? 1u : 0u));
      }
      auto page = client.get("/search?q=customer" + filter);
      REQUIRE(page);
      CHECK(page->status == 200);
      if (!may_see(user, "A2")) {
        CHECK(page->body.find("A2") == std::string::npos);
      }
    }
  }
}

TEST_CASE("Tagging: the assigned assessor may, the apprentice only decides suggestions, others find nothing",
          "[web][access][e2e]") {
  TempDir dir;
  make_demo_store(dir.path() / "store");
  indexer::Store before(dir.path() / "store", indexer::Store::Mode::read);
  const auto a1_item = before.items("A1").front();
  WebServer server(dir.path() / "store");
  const std::string path = "/items/" + std::to_string(a1_item.id) + "/decisions";
  const std::map<std::string, int> expected{{"ass1", 303}, {"app1", 403}, {"ass2", 404}, {"iqa1", 404}, {"admin1", 404}};
  for (const auto& [user, status] : expected) {
    WebClient client(server);
    REQUIRE(client.login_as(user));
    auto r = client.post_form(path, {{"ref", "2K2"}, {"decision", "confirm"}, {"note", "seen in the meeting"}});
    REQUIRE(r);
    INFO(user);
    CHECK(r->status == status);
  }
  server.stop();
  indexer::Store after(dir.path() / "store", indexer::Store::Mode::read);
  auto decisions = after.decisions("A1");
  REQUIRE(decisions.size() == 1);
  CHECK(decisions[0].ref == "2K2");
  CHECK(decisions[0].path == a1_item.path);
  CHECK(decisions[0].by == "ass1 (assessor)");
  auto audit = run_evidex(dir.path() / "store", {"audit", "--action", "tag", "--format", "json"});
  REQUIRE(audit.exit_code == 0);
  auto entries = nlohmann::json::parse(audit.out);
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].at("user") == "ass1");
  CHECK(entries[0].at("apprentice") == "A1");
}

TEST_CASE("A bearer token acts with its user's rights and needs no CSRF token", "[web][access][e2e]") {
  TempDir dir;
  make_demo_store(dir.path() / "store");
  auto token = run_evidex(dir.path() / "store", {"token", "add", "--user", "ass1", "--label", "LMS"});
  REQUIRE(token.exit_code == 0);
  std::string secret = token.out.substr(0, token.out.find('\n'));
  WebServer server(dir.path() / "store");
  WebClient client(server);
  client.use_token(secret);
  CHECK(client.get("/api/v1/apprentices/A1/coverage")->status == 200);
  CHECK(client.get("/api/v1/apprentices/A2/coverage")->status == 404);
  auto me = nlohmann::json::parse(client.get("/api/v1/me")->body);
  CHECK(me.at("role") == "assessor");
  indexer::Store s(dir.path() / "store", indexer::Store::Mode::read);
  auto item = s.items("A1").front();
  auto r = client.http().Post(("/api/v1/items/" + std::to_string(item.id) + "/decisions").c_str(),
                              httplib::Headers{{"Authorization", "Bearer " + secret}},
                              R"({"ref": "2K4", "decision": "confirm"})", "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  WebClient wrong(server);
  wrong.use_token(secret + "x");
  CHECK(wrong.get("/api/v1/apprentices/A1/coverage")->status == 401);
  REQUIRE(run_evidex(dir.path() / "store", {"user", "disable", "ass1"}).exit_code == 0);
  CHECK(client.get("/api/v1/apprentices/A1/coverage")->status == 401);
}

TEST_CASE("A copy of another apprentice's work is flagged without naming them to who may not read them",
          "[web][access][e2e]") {
  TempDir dir;
  const auto store = dir.path() / "store";
  make_demo_store(store);
  // A2 hands in A1's sample showcase as well: every item is an exact copy across the two.
  REQUIRE(run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A2", "-q"}).exit_code == 0);
  WebServer server(store);
  for (const std::string user : {"app1", "ass1"}) {
    WebClient client(server);
    REQUIRE(client.login_as(user));
    auto check = client.get("/api/v1/apprentices/A1/check");
    auto page = client.get("/apprentices/A1");
    REQUIRE(check);
    REQUIRE(page);
    INFO(user);
    CHECK(check->body.find("another apprentice's portfolio") != std::string::npos);
    CHECK(check->body.find("A2") == std::string::npos);
    CHECK(page->body.find("another apprentice&#39;s portfolio") != std::string::npos);
    CHECK(page->body.find("A2") == std::string::npos);
    auto report = client.get("/apprentices/A1/report");
    REQUIRE(report);
    CHECK(report->status == 200);
    CHECK(report->body.find("Shared with another apprentice") != std::string::npos);
    CHECK(report->body.find("A2") == std::string::npos);
    CHECK(report->body.find(store.string()) == std::string::npos);
  }
  WebClient iqa(server);
  REQUIRE(iqa.login_as("iqa1"));
  CHECK(iqa.get("/api/v1/apprentices/A1/check")->body.find("A2: Showcase/") != std::string::npos);
}

TEST_CASE("Uploading: an apprentice for themself and an admin for anyone, others find nothing", "[web][access][e2e]") {
  TempDir dir;
  const auto store = dir.path() / "store";
  make_demo_store(store);
  WebServer server(store);
  const std::map<std::pair<std::string, std::string>, int> expected{
      {{"app1", "A1"}, 202}, {{"app1", "A2"}, 404}, {{"ass1", "A1"}, 404},  {{"ass2", "A1"}, 404},
      {{"iqa1", "A1"}, 404}, {{"admin1", "A2"}, 202}, {{"app1", "A9"}, 404}, {{"admin1", "A9"}, 202}};
  for (const auto& [who, status] : expected) {
    WebClient client(server);
    REQUIRE(client.login_as(who.first));
    auto r = client.upload("/apprentices/" + who.second + "/uploads", fixture("sample-bundle.zip"), "s.zip");
    REQUIRE(r);
    INFO(who.first << " uploads for " << who.second);
    CHECK(r->status == status);
  }
}
