// A zip with one top folder and many files, as apprentices upload them: every member must come out
// extracted. The pipeline once kept a reference into its task list while submitting children, so all
// but the first few items of such a zip failed with a nonsense "nested too deep" error.
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace evidex::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::vector<Entry> showcase_members(int count) {
  std::vector<Entry> entries;
  for (int i = 1; i <= count; ++i) {
    std::string n = (i < 10 ? "0" : "") + std::to_string(i);
    switch (i % 4) {
      case 0:
        entries.push_back({"Jane Smith Showcase/" + n + " Call notes.txt",
                           "Call " + n + ": the customer asked about a refund and I explained the policy."});
        break;
      case 1:
        entries.push_back({"Jane Smith Showcase/" + n + " Feedback.html",
                           "<html><body><h1>Feedback " + n + "</h1><p>Thank you for your help.</p></body></html>"});
        break;
      case 2:
        entries.push_back({"Jane Smith Showcase/" + n + " Survey.csv", "question,score\nhelpful," + n + "\n"});
        break;
      default:
        entries.push_back({"Jane Smith Showcase/" + n + " Thanks.eml",
                           "From: a@example.org\r\nTo: b@example.org\r\nSubject: Thanks " + n +
                               "\r\nContent-Type: text/plain\r\n\r\nThank you for sorting out my order.\r\n"});
    }
  }
  return entries;
}

}  // namespace

TEST_CASE("every member of a zip with one top folder and many files is extracted", "[e2e][ingest]") {
  int count = GENERATE(15, 16, 40, 120);
  TempDir work;
  auto entries = showcase_members(count);
  // A zip inside the zip: its members are grandchildren, submitted while other items are in flight.
  write_archive(work.path() / "inner.zip", showcase_members(12));
  entries.push_back({"Jane Smith Showcase/More evidence.zip", read_file(work.path() / "inner.zip")});
  fs::path bundle = work.path() / "showcase.zip";
  write_archive(bundle, entries);

  fs::path store = work.path() / "store";
  for (const char* jobs : {"1", "2", "4"}) {
    CAPTURE(count, jobs);
    Run ingest = run_evidex(store, {"ingest", bundle.string(), "--apprentice", std::string("A") + jobs, "--jobs", jobs});
    REQUIRE(ingest.exit_code == 0);
    Run items = run_evidex(store, {"items", "--apprentice", std::string("A") + jobs, "--format", "json"});
    REQUIRE(items.exit_code == 0);
    json got = json::parse(items.out);
    // count members, the inner zip itself, and its 12 members
    CHECK(got.size() == static_cast<std::size_t>(count + 1 + 12));
    std::set<std::string> failed;
    for (const auto& item : got) {
      if (!item["error"].is_null()) {
        failed.insert(item["path"].get<std::string>() + ": " + item["error"].get<std::string>());
      }
    }
    CHECK(failed.empty());
    for (const auto& f : failed) {
      UNSCOPED_INFO(f);
    }
  }
}
