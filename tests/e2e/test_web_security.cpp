// evidex serve's defences, through HTTP against a real server: CSRF, sessions, login throttling,
// upload limits, the headers every answer carries, downloads, and no server path ever shown.
#include "indexer/store/store.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"
#include "tests/support/web_server.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <thread>

using namespace evidex;
using namespace evidex::test;

namespace {

struct Fixture {
  TempDir dir;
  std::filesystem::path store = dir.path() / "store";
  Fixture() { make_demo_store(store); }
};

std::int64_t first_item(const std::filesystem::path& store, const std::string& apprentice) {
  indexer::Store s(store, indexer::Store::Mode::read);
  return s.items(apprentice).front().id;
}

}  // namespace

TEST_CASE("A state-changing request without the session's CSRF token is refused and changes nothing",
          "[web][security][e2e]") {
  Fixture f;
  const auto item = first_item(f.store, "A1");
  WebServer server(f.store);
  WebClient ass1(server);
  REQUIRE(ass1.login_as("ass1"));
  const std::string path = "/items/" + std::to_string(item) + "/decisions";
  httplib::Params tag{{"ref", "2K2"}, {"decision", "confirm"}};
  CHECK(ass1.post_form(path, tag, false)->status == 403);
  auto wrong = tag;
  wrong.emplace("csrf", ass1.csrf() + "x");
  CHECK(ass1.post_form(path, wrong, false)->status == 403);
  // Another session's token is no better.
  WebClient other(server);
  REQUIRE(other.login_as("ass1"));
  auto borrowed = tag;
  borrowed.emplace("csrf", other.csrf());
  REQUIRE(other.csrf() != ass1.csrf());
  CHECK(ass1.post_form(path, borrowed, false)->status == 403);
  // The logout form is protected too.
  CHECK(ass1.post_form("/logout", {}, false)->status == 403);
  server.stop();
  indexer::Store s(f.store, indexer::Store::Mode::read);
  CHECK(s.decisions("A1").empty());
}

TEST_CASE("Sessions: HttpOnly SameSite=Strict cookie, logout ends it, disabling a user ends theirs",
          "[web][security][e2e]") {
  Fixture f;
  WebServer server(f.store);
  auto r = WebClient(server).http().Post("/login", httplib::Params{{"name", "app1"}, {"password", demo_password("app1")}});
  REQUIRE(r);
  const auto cookie = r->get_header_value("Set-Cookie");
  CHECK(cookie.find("HttpOnly") != std::string::npos);
  CHECK(cookie.find("SameSite=Strict") != std::string::npos);
  CHECK(cookie.find("Secure") == std::string::npos);  // plain HTTP on loopback

  WebClient app1(server);
  REQUIRE(app1.login_as("app1"));
  const std::string session = app1.cookie();
  CHECK(app1.get("/apprentices/A1")->status == 200);
  CHECK(app1.post_form("/logout", {})->status == 303);
  WebClient replay(server);
  replay.set_cookie(session);
  CHECK(replay.get("/apprentices/A1")->status == 303);

  WebClient app2(server);
  REQUIRE(app2.login_as("app2"));
  CHECK(app2.get("/apprentices/A2")->status == 200);
  REQUIRE(run_evidex(f.store, {"user", "disable", "app2"}).exit_code == 0);
  CHECK(app2.get("/apprentices/A2")->status == 303);
  CHECK_FALSE(WebClient(server).login_as("app2"));
}

TEST_CASE("Behind an HTTPS proxy the session cookie is Secure", "[web][security][e2e]") {
  Fixture f;
  WebServer server(f.store, {"--secure-cookies"});
  auto r = WebClient(server).http().Post("/login", httplib::Params{{"name", "app1"}, {"password", demo_password("app1")}});
  REQUIRE(r);
  CHECK(r->get_header_value("Set-Cookie").find("; Secure") != std::string::npos);
}

TEST_CASE("Logins are throttled after five failures, with one message for a wrong name or password",
          "[web][security][e2e]") {
  Fixture f;
  WebServer server(f.store);
  WebClient client(server);
  auto unknown = client.http().Post("/login", httplib::Params{{"name", "nobody"}, {"password", "whatever-it-is"}});
  auto wrong = client.http().Post("/login", httplib::Params{{"name", "app1"}, {"password", "not-the-password"}});
  REQUIRE(unknown);
  REQUIRE(wrong);
  CHECK(unknown->status == 401);
  CHECK(wrong->status == 401);
  CHECK(unknown->body.find("do not match an account") != std::string::npos);
  CHECK(wrong->body.find("do not match an account") != std::string::npos);
  for (int i = 0; i < 4; ++i) {
    client.http().Post("/login", httplib::Params{{"name", "app1"}, {"password", "not-the-password"}});
  }
  // Now even the right password is refused for a while.
  auto right = client.http().Post("/login", httplib::Params{{"name", "app1"}, {"password", demo_password("app1")}});
  REQUIRE(right);
  CHECK(right->status == 429);
  CHECK(right->has_header("Retry-After"));
  CHECK(right->body.find("Too many failed attempts") != std::string::npos);
  // Other accounts are not locked by it.
  CHECK(WebClient(server).login_as("app2"));
}

TEST_CASE("An upload over the limit is refused with 413 and leaves nothing behind", "[web][security][e2e]") {
  Fixture f;
  WebServer server(f.store, {"--max-upload-mb", "1"});
  WebClient app1(server);
  REQUIRE(app1.login_as("app1"));
  TempDir big;
  {
    std::ofstream out(big / "big.zip", std::ios::binary);
    std::string block(1 << 16, 'x');
    for (int i = 0; i < 40; ++i) {  // 2.5 MiB
      out << block;
    }
  }
  auto r = app1.upload("/apprentices/A1/uploads", big / "big.zip", "big.zip");
  // The server may close the connection as soon as it has answered.
  if (r) {
    CHECK(r->status == 413);
  }
  CHECK(app1.get("/apprentices/A1")->status == 200);
  server.stop();
  CHECK((!std::filesystem::exists(f.store / "incoming") || std::filesystem::is_empty(f.store / "incoming")));
  indexer::Store s(f.store, indexer::Store::Mode::read);
  CHECK(s.bundles_of("A1").size() == 1);
}

TEST_CASE("Every answer carries a strict CSP, nosniff and no-store, downloads are attachments of the stored type",
          "[web][security][e2e]") {
  Fixture f;
  indexer::Store s(f.store, indexer::Store::Mode::read);
  indexer::ItemRecord pdf;
  for (const auto& i : s.items("A1")) {
    if (i.mime == "application/pdf") {
      pdf = i;
    }
  }
  REQUIRE(pdf.id != 0);
  WebServer server(f.store);
  WebClient admin(server);
  REQUIRE(admin.login_as("admin1"));
  const std::vector<std::string> pages{"/apprentices", "/apprentices/A1", "/items/" + std::to_string(pdf.id),
                                       "/search?q=complaint", "/iqa/sample?rate=1", "/iqa/duplicates", "/admin/users",
                                       "/admin/audit", "/api/v1/apprentices", "/no/such/page"};
  for (const auto& p : pages) {
    auto r = admin.get(p);
    REQUIRE(r);
    INFO(p);
    const auto csp = r->get_header_value("Content-Security-Policy");
    CHECK(csp.find("default-src 'none'") != std::string::npos);
    CHECK(csp.find("script-src 'self'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(r->get_header_value("Cache-Control") == "no-store");
    // No server path in any page: not the store's, not the blobs'.
    CHECK(r->body.find(f.store.string()) == std::string::npos);
    CHECK(r->body.find("/blobs/") == std::string::npos);
    // No inline script: every <script> has a src.
    CHECK(r->body.find("<script>") == std::string::npos);
  }
  auto download = admin.get("/items/" + std::to_string(pdf.id) + "/download");
  REQUIRE(download);
  CHECK(download->status == 200);
  CHECK(download->get_header_value("Content-Type") == "application/pdf");
  CHECK(download->get_header_value("Content-Disposition").rfind("attachment; filename=", 0) == 0);
  CHECK(download->body.size() == pdf.bytes);
  CHECK(download->body.rfind("%PDF", 0) == 0);
}

TEST_CASE("What an upload names is shown escaped, never run", "[web][security][e2e]") {
  Fixture f;
  TempDir src;
  // A bundle whose file names and text are markup.
  std::filesystem::create_directories(src / "bundle");
  {
    std::ofstream(src / "bundle" / "<script>alert(1)<\\script>.txt") << "<img src=x onerror=alert(2)> complaint";
  }
  REQUIRE(run_evidex(f.store, {"ingest", (src / "bundle").string(), "--apprentice", "A1", "-q"}).exit_code == 0);
  WebServer server(f.store);
  WebClient app1(server);
  REQUIRE(app1.login_as("app1"));
  for (const std::string p : {"/apprentices/A1", "/search?q=complaint"}) {
    auto r = app1.get(p);
    REQUIRE(r);
    INFO(p);
    CHECK(r->body.find("<script>alert") == std::string::npos);
    CHECK(r->body.find("<img src=x") == std::string::npos);
  }
  CHECK(app1.get("/apprentices/A1")->body.find("&lt;script&gt;alert(1)") != std::string::npos);
}

TEST_CASE("A session unused for longer than its lifetime has ended", "[web][security][e2e]") {
  Fixture f;
  WebServer server(f.store, {"--session-seconds", "2"});
  WebClient app1(server);
  REQUIRE(app1.login_as("app1"));
  CHECK(app1.get("/apprentices/A1")->status == 200);
  CHECK(app1.get("/api/v1/apprentices/A1/coverage")->status == 200);
  // Not a timing measurement: waiting past the lifetime is what ends it.
  std::this_thread::sleep_for(std::chrono::milliseconds(3500));
  auto page = app1.get("/apprentices/A1");
  REQUIRE(page);
  CHECK(page->status == 303);
  CHECK(page->get_header_value("Location").rfind("/login?next=", 0) == 0);
  CHECK(app1.get("/api/v1/apprentices/A1/coverage")->status == 401);
  // A state-changing form from the ended session is refused, not acted on.
  CHECK(app1.post_form("/logout", {})->status == 403);
  CHECK(app1.login_as("app1"));
  CHECK(app1.get("/apprentices/A1")->status == 200);
}
