// Uploads through evidex serve: the file goes in, one ingest child stores it while pages and
// searches keep answering, progress can be followed, SIGTERM stops it with nothing half-written.
#include "fixtures/gen/bundle_generator.hpp"
#include "indexer/store/store.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"
#include "tests/support/web_server.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

using namespace evidex;
using namespace evidex::test;
using nlohmann::json;

namespace {

json job_status(WebClient& client, std::int64_t job) {
  auto r = client.get("/api/v1/uploads/" + std::to_string(job));
  REQUIRE(r);
  REQUIRE(r->status == 200);
  return json::parse(r->body);
}

json wait_for_job(WebClient& client, std::int64_t job) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(10);
  for (;;) {
    auto status = job_status(client, job);
    if (status.at("state") == "done" || status.at("state") == "failed") {
      return status;
    }
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

std::int64_t start_upload(WebClient& client, const std::string& apprentice, const std::filesystem::path& file,
                          const std::string& name) {
  auto r = client.upload("/apprentices/" + apprentice + "/uploads", file, name);
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 202);
  return json::parse(r->body).at("job").get<std::int64_t>();
}

}  // namespace

TEST_CASE("An apprentice's upload joins their portfolio under the name they gave it", "[web][upload][e2e]") {
  TempDir dir;
  const auto store = dir.path() / "store";
  make_demo_store(store);
  WebServer server(store);
  WebClient app1(server);
  REQUIRE(app1.login_as("app1"));
  const auto before = json::parse(app1.get("/api/v1/apprentices/A1/coverage")->body);
  const auto job = start_upload(app1, "A1", fixture("showcases/decl-none.zip"), "Extra evidence.zip");
  const auto done = wait_for_job(app1, job);
  INFO(done.dump());
  REQUIRE(done.at("state") == "done");
  CHECK(done.at("result").at("bundle").at("name") == "Extra evidence.zip");
  CHECK(done.at("result").at("change").at("bundles") == 2);
  const auto after = json::parse(app1.get("/api/v1/apprentices/A1/coverage")->body);
  CHECK(after.dump() != before.dump());
  // Another apprentice cannot follow it.
  WebClient app2(server);
  REQUIRE(app2.login_as("app2"));
  CHECK(app2.get("/api/v1/uploads/" + std::to_string(job))->status == 404);
  server.stop();
  indexer::Store s(store, indexer::Store::Mode::read);
  REQUIRE(s.bundles_of("A1").size() == 2);
  CHECK(s.bundles_of("A1").back().name == "Extra evidence.zip");
  CHECK(s.bundles_of("A2").size() == 1);
  CHECK((!std::filesystem::exists(store / "incoming") || std::filesystem::is_empty(store / "incoming")));
}

TEST_CASE("An upload that is not a bundle fails with a line naming the file as uploaded", "[web][upload][e2e]") {
  TempDir dir;
  const auto store = dir.path() / "store";
  make_demo_store(store);
  WebServer server(store);
  WebClient app1(server);
  REQUIRE(app1.login_as("app1"));
  const auto job = start_upload(app1, "A1", fixture("bad/archive-truncated.zip"), "my showcase.zip");
  const auto done = wait_for_job(app1, job);
  const std::string message = done.at("message");
  INFO(done.dump());
  if (done.at("state") == "failed") {
    CHECK(message.find("my showcase.zip") != std::string::npos);
  }
  // Whatever the outcome, no server path reaches the browser.
  CHECK(done.dump().find(store.string()) == std::string::npos);
  CHECK(done.dump().find("incoming") == std::string::npos);
}

TEST_CASE("Searches and pages keep answering while an upload is ingested", "[web][upload][e2e]") {
  TempDir dir;
  const auto store = dir.path() / "store";
  make_demo_store(store);
  const auto big = dir.path() / "big showcase.zip";
  fixtures::generate_bundle(big, 600, 7, fixture("formats"));
  WebServer server(store);
  WebClient app1(server);
  REQUIRE(app1.login_as("app1"));
  WebClient ass1(server);
  REQUIRE(ass1.login_as("ass1"));
  const auto job = start_upload(app1, "A1", big, "big showcase.zip");
  std::size_t answered_while_running = 0;
  std::size_t max_done = 0;
  for (;;) {
    auto status = job_status(app1, job);
    const bool running = status.at("state") == "running";
    max_done = std::max<std::size_t>(max_done, status.at("done").get<std::size_t>());
    auto search = ass1.get("/api/v1/search?q=complaint&apprentice=A1");
    auto page = ass1.get("/apprentices/A1");
    REQUIRE(search);
    REQUIRE(page);
    CHECK(search->status == 200);
    CHECK(page->status == 200);
    CHECK(json::parse(search->body).at("hits").size() > 0);
    if (running && job_status(app1, job).at("state") == "running") {
      ++answered_while_running;
    }
    if (status.at("state") == "done" || status.at("state") == "failed") {
      INFO(status.dump());
      CHECK(status.at("state") == "done");
      break;
    }
  }
  CHECK(answered_while_running >= 3);
  // Progress was reported item by item, not only at the end.
  CHECK(max_done > 0);
}

TEST_CASE("A readiness check shown once follows another apprentice's upload that copies it", "[web][upload][e2e]") {
  // The server keeps each apprentice's check until their own rows or their duplicate groups change:
  // A2's upload changes nothing of A1's, yet makes A1's evidence a copy.
  TempDir dir;
  const auto store = dir.path() / "store";
  make_demo_store(store);
  WebServer server(store);
  WebClient ass1(server);
  REQUIRE(ass1.login_as("ass1"));
  const auto copied = [&] {
    auto check = ass1.get("/api/v1/apprentices/A1/check");
    REQUIRE(check);
    REQUIRE(check->status == 200);
    return check->body.find("another apprentice's portfolio") != std::string::npos;
  };
  CHECK_FALSE(copied());
  const auto verdict_before = json::parse(ass1.get("/api/v1/apprentices/A1/check")->body).at("verdict");

  WebClient admin(server);
  REQUIRE(admin.login_as("admin1"));
  const auto job = start_upload(admin, "A2", fixture("sample-bundle.zip"), "Showcase.zip");
  REQUIRE(wait_for_job(admin, job).at("state") == "done");
  // The store's groups are compared anew in the background: the check may show the last ones for
  // as long as that takes, then must show the copy.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!copied()) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(json::parse(ass1.get("/api/v1/apprentices/A1/check")->body).at("verdict") == verdict_before);
}

TEST_CASE("SIGTERM during an ingest stops the server and leaves the store as it was", "[web][upload][e2e]") {
  TempDir dir;
  const auto store = dir.path() / "store";
  make_demo_store(store);
  const auto big = dir.path() / "big.zip";
  fixtures::generate_bundle(big, 600, 11, fixture("formats"));
  std::size_t items_before = 0;
  {
    indexer::Store s(store, indexer::Store::Mode::read);
    items_before = s.items("A1").size();
  }
  WebServer server(store);
  WebClient app1(server);
  REQUIRE(app1.login_as("app1"));
  const auto job = start_upload(app1, "A1", big, "big.zip");
  for (int i = 0; i < 600; ++i) {
    auto status = job_status(app1, job);
    if (status.at("state") == "running" && status.at("done").get<int>() > 0) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(server.stop() == 0);
  indexer::Store s(store, indexer::Store::Mode::write);  // a writer finishes whatever a crash left
  CHECK(s.bundles_of("A1").size() == 1);
  CHECK(s.items("A1").size() == items_before);
  CHECK((!std::filesystem::exists(store / "incoming") || std::filesystem::is_empty(store / "incoming")));
  auto check = run_evidex(store, {"coverage", "--apprentice", "A1"});
  CHECK(check.exit_code == 0);
}

TEST_CASE("A server started on a store with accounts and no evidence yet takes the first upload", "[web][upload][e2e]") {
  TempDir dir;
  const auto store = dir.path() / "new-store";
  ChildSetup setup;
  setup.input = demo_password("first") + "\n";
  REQUIRE(run_evidex(store, {"user", "add", "first", "--role", "apprentice", "--apprentice", "N1", "--password-stdin"},
                     setup)
              .exit_code == 0);
  WebServer server(store);
  WebClient first(server);
  REQUIRE(first.login_as("first"));
  auto empty = first.get("/apprentices/N1");
  REQUIRE(empty);
  CHECK(empty->status == 200);
  CHECK(empty->body.find("No evidence has been uploaded yet") != std::string::npos);
  const auto job = start_upload(first, "N1", fixture("sample-bundle.zip"), "Showcase.zip");
  CHECK(wait_for_job(first, job).at("state") == "done");
  CHECK(first.get("/api/v1/apprentices/N1/coverage")->status == 200);
}
