// Every real fixture, damaged three ways (cut in half, cut to a tenth, bytes flipped), ingested as
// one bundle: the ingest finishes, every damaged file is an item that either extracted or says
// why not in one line, and the undamaged files beside them are unaffected.
#include "indexer/pipeline/ingest.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <iostream>
#include <map>

using namespace evidex;
using namespace evidex::test;
namespace fs = std::filesystem;

TEST_CASE("damaged copies of every fixture ingest without taking the bundle down", "[e2e][bad-input]") {
  TempDir work;
  fs::path bundle = work / "bundle";
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fixture("formats"))) {
    if (!entry.is_regular_file() || entry.path().extension() == ".md") {
      continue;
    }
    std::string bytes = read_file(entry.path());
    std::string name = entry.path().parent_path().filename().string() + "-" + entry.path().filename().string();
    std::string flipped = bytes;
    for (std::size_t i = 7; i < flipped.size(); i += 97) {
      flipped[i] = static_cast<char>(~flipped[i]);
    }
    write_file(bundle / "intact" / name, bytes);
    write_file(bundle / "half" / name, bytes.substr(0, bytes.size() / 2));
    write_file(bundle / "tenth" / name, bytes.substr(0, bytes.size() / 10));
    write_file(bundle / "flipped" / name, flipped);
    ++files;
  }
  REQUIRE(files >= 30);

  indexer::Store store(work / "store", indexer::Store::Mode::write);
  indexer::IngestOptions options;
  options.source = bundle;
  options.apprentice = {"D1", "", "", ""};
  options.limits.item_timeout = std::chrono::seconds(20);
  indexer::IngestReport report;
  REQUIRE_NOTHROW(report = indexer::ingest(store, options));

  std::map<std::string, const indexer::ItemRecord*> top;
  for (const auto& item : report.items) {
    if (!item.parent) {
      top[item.path] = &item;
    }
  }
  CHECK(top.size() == files * 4);
  std::map<std::string, int> outcome;  // "ok", or the first word of the reason
  for (const auto& [path, item] : top) {
    CHECK(item->error.find('\n') == std::string::npos);
    if (path.rfind("intact/", 0) == 0) {
      // The same files, undamaged, beside the damaged ones: only the deliberately bad fixtures fail.
      INFO(path << ": " << item->error);
      CHECK((item->error.empty() || item->error.rfind("encrypted", 0) == 0));
    }
    outcome[item->error.empty() ? "ok" : item->error.substr(0, item->error.find_first_of(" :"))]++;
    if (item->error.find("crashed") != std::string::npos || item->error.rfind("timeout", 0) == 0) {
      std::cout << "  parser failure contained: " << path << ": " << item->error << "\n";
    }
  }
  std::cout << "damaged inputs: " << top.size() << " files;";
  for (const auto& [what, n] : outcome) {
    std::cout << " " << what << " " << n << ";";
  }
  std::cout << "\n";
}
