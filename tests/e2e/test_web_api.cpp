// The JSON API answers with the CLI's --format json, and docs/openapi.yaml describes every route it has.
#include "indexer/store/store.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"
#include "tests/support/web_server.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <regex>
#include <sstream>

using namespace evidex;
using namespace evidex::test;
using nlohmann::json;

TEST_CASE("The API's JSON is the command line's --format json", "[web][api][e2e]") {
  TempDir dir;
  const auto store = dir.path() / "store";
  make_demo_store(store);
  // Copies across apprentices, so that the check's duplicate findings (which the server takes from
  // its one computation of the store's groups) are compared too.
  REQUIRE(run_evidex(store, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A2", "-q"}).exit_code == 0);
  auto token = run_evidex(store, {"token", "add", "--user", "iqa1"});
  REQUIRE(token.exit_code == 0);
  WebServer server(store);
  WebClient client(server);
  client.use_token(token.out.substr(0, token.out.find('\n')));
  const std::vector<std::pair<std::string, std::vector<std::string>>> pairs{
      {"/api/v1/apprentices", {"apprentices", "--format", "json"}},
      {"/api/v1/apprentices/A1/items", {"items", "--apprentice", "A1", "--format", "json"}},
      {"/api/v1/apprentices/A1/coverage", {"coverage", "--apprentice", "A1", "--format", "json"}},
      {"/api/v1/apprentices/A2/coverage?method=all", {"coverage", "--apprentice", "A2", "--method", "all", "--format", "json"}},
      {"/api/v1/apprentices/A1/check", {"check", "--apprentice", "A1", "--format", "json"}},
      {"/api/v1/apprentices/A2/check", {"check", "--apprentice", "A2", "--format", "json"}},
      {"/api/v1/apprentices/A1/check?assessment_date=2026-03-01",
       {"check", "--apprentice", "A1", "--assessment-date", "2026-03-01", "--format", "json"}},
      {"/api/v1/apprentices/A2/declaration", {"declaration", "--apprentice", "A2", "--format", "json"}},
      {"/api/v1/search?q=complaint&limit=5", {"search", "complaint", "--limit", "5", "--format", "json"}},
      {"/api/v1/search?q=complaint&ksb=12S3", {"search", "complaint", "--ksb", "12S3", "--format", "json"}},
      {"/api/v1/duplicates", {"duplicates", "--format", "json"}},
      {"/api/v1/sample?rate=0.5&seed=9", {"sample", "--rate", "0.5", "--seed", "9", "--format", "json"}},
  };
  for (const auto& [path, args] : pairs) {
    auto r = client.get(path);
    REQUIRE(r);
    INFO(path << ": " << r->body.substr(0, 300));
    REQUIRE(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "application/json; charset=utf-8");
    auto cli = run_evidex(store, args);
    REQUIRE(cli.exit_code <= 1);  // check exits 1 when something blocks
    CHECK(json::parse(r->body) == json::parse(cli.out));
  }
}

TEST_CASE("docs/openapi.yaml documents the API's routes, and each documented GET route answers", "[web][api][e2e]") {
  std::ifstream in(fixture("../docs/openapi.yaml"));
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  std::vector<std::string> paths;
  static const std::regex path_line(R"(\n  (/api/v1/[^:\s]*):\n)");
  for (std::sregex_iterator it(doc.begin(), doc.end(), path_line), end; it != end; ++it) {
    paths.push_back((*it)[1]);
  }
  REQUIRE(paths.size() >= 12);

  TempDir dir;
  const auto store = dir.path() / "store";
  make_demo_store(store);
  std::int64_t item = 0;
  {
    indexer::Store s(store, indexer::Store::Mode::read);
    item = s.items("A1").front().id;
  }
  WebServer server(store);
  WebClient admin(server);
  REQUIRE(admin.login_as("admin1"));
  // An upload, so that the job route has a job.
  auto upload = admin.upload("/api/v1/apprentices/A1/uploads", fixture("sample-bundle.zip"), "sample-bundle.zip");
  REQUIRE(upload);
  REQUIRE(upload->status == 202);
  for (auto path : paths) {
    path = std::regex_replace(path, std::regex(R"(\{apprentice\})"), "A1");
    path = std::regex_replace(path, std::regex(R"(\{item\})"), std::to_string(item));
    path = std::regex_replace(path, std::regex(R"(\{job\})"), "1");
    if (path.find("/uploads") != std::string::npos && path.find("/apprentices/") != std::string::npos) {
      continue;  // POST only, done above
    }
    if (path.find("/decisions") != std::string::npos) {
      continue;  // POST only: test_web_access
    }
    auto r = admin.get(path + (path == "/api/v1/search" ? "?q=complaint" : ""));
    REQUIRE(r);
    INFO(path << ": " << r->body.substr(0, 200));
    CHECK(r->status == 200);
  }
  // And a route the document does not have is not there.
  CHECK(admin.get("/api/v1/apprentices/A1/secrets")->status == 404);
}
