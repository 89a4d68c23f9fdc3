// The ingest pipeline's own rules: nesting depth, bundle-wide limits, names, single files.
#include "indexer/pipeline/ingest.hpp"
#include "tests/support/archive_writer.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace evidex;
using namespace evidex::test;
namespace fs = std::filesystem;

namespace {

struct Ingested {
  indexer::IngestReport report;
  std::map<std::string, indexer::ItemRecord> by_path;
};

Ingested ingest_with(const TempDir& dir, const fs::path& source, indexer::Limits limits = {}) {
  indexer::Store store(dir / "store", indexer::Store::Mode::write);
  indexer::IngestOptions options;
  options.source = source;
  options.apprentice = {"P1", "", "", ""};
  options.limits = limits;
  Ingested out{indexer::ingest(store, options), {}};
  for (const auto& item : out.report.items) {
    out.by_path[item.path] = item;
  }
  return out;
}

}  // namespace

TEST_CASE("pipeline: archives nest up to the depth limit, and no further", "[pipeline][bad-input]") {
  TempDir dir;
  // level-1.zip holds level-2.zip ... holds level-8.zip, which holds deep.txt.
  std::string inner_name = "deep.txt";
  std::string inner = "the bottom";
  for (int level = 8; level >= 1; --level) {
    fs::path zip = dir / ("level-" + std::to_string(level) + ".zip");
    write_archive(zip, {Entry(inner_name, inner)});
    inner_name = zip.filename().string();
    inner = read_file(zip);
  }
  indexer::Limits limits;
  limits.max_depth = 3;
  auto got = ingest_with(dir, dir / "level-1.zip", limits);
  // The bundle's members are level 1; level-2.zip's members level 2; level-3.zip's level 3.
  CHECK(got.by_path.at("level-2.zip").error.empty());
  CHECK(got.by_path.at("level-2.zip/level-3.zip").error.empty());
  CHECK(got.by_path.at("level-2.zip/level-3.zip/level-4.zip").error.empty());
  const auto& too_deep = got.by_path.at("level-2.zip/level-3.zip/level-4.zip/level-5.zip");
  CHECK_THAT(too_deep.error, Catch::StartsWith("limit exceeded: nested more than 3 levels"));
  CHECK(too_deep.sha256.size() == 64);  // still kept, so an assessor can fetch it
  CHECK(got.by_path.size() == 4);
}

TEST_CASE("pipeline: the bundle-wide entry limit stops extraction, with a reason per item", "[pipeline][bad-input]") {
  TempDir dir;
  std::vector<Entry> entries;
  for (int i = 0; i < 12; ++i) {
    entries.emplace_back("f" + std::to_string(i) + ".txt", "file " + std::to_string(i));
  }
  write_archive(dir / "many.zip", entries);
  write_archive(dir / "outer.zip", {Entry("many.zip", read_file(dir / "many.zip")), Entry("a.txt", "alpha")});
  indexer::Limits limits;
  limits.max_entries = 6;
  auto got = ingest_with(dir, dir / "outer.zip", limits);
  std::size_t refused = 0;
  for (const auto& [path, item] : got.by_path) {
    refused += item.error.find("limit exceeded") != std::string::npos;
  }
  CHECK(refused > 0);
  CHECK(got.by_path.at("a.txt").error.empty());
  CHECK(got.by_path.size() <= 2 + 12);
}

TEST_CASE("pipeline: duplicate names in a bundle stay distinct items", "[pipeline]") {
  TempDir dir;
  write_archive(dir / "dup.zip", {Entry("notes.txt", "first"), Entry("notes.txt", "second")});
  auto got = ingest_with(dir, dir / "dup.zip");
  REQUIRE(got.by_path.size() == 2);
  CHECK(got.by_path.count("notes.txt"));
  CHECK(got.by_path.count("notes (2).txt"));
  CHECK_THAT(got.report.bundle.warnings.at(0), Catch::Contains("more than once"));
}

TEST_CASE("pipeline: a single document is a bundle of one item", "[pipeline]") {
  TempDir dir;
  fs::copy_file(fixture("formats/pdf/libreoffice-customer-service.pdf"), dir / "account.pdf");
  auto got = ingest_with(dir, dir / "account.pdf");
  REQUIRE(got.by_path.size() == 1);
  const auto& item = got.by_path.at("account.pdf");
  CHECK(item.type == "pdf");
  CHECK(item.pages == 2);
  CHECK(item.words > 50);
}

TEST_CASE("pipeline: a folder's identity is its files, not their order on disk", "[pipeline]") {
  TempDir a, b;
  write_file(a / "x/1.txt", "one");
  write_file(a / "2.txt", "two");
  write_file(b / "2.txt", "two");
  write_file(b / "x/1.txt", "one");
  CHECK(indexer::bundle_hash(a.path()) == indexer::bundle_hash(b.path()));
  write_file(b / "2.txt", "two, changed");
  CHECK(indexer::bundle_hash(a.path()) != indexer::bundle_hash(b.path()));
}

TEST_CASE("pipeline: the default limits stop a nested zip bomb at once", "[pipeline][bad-input]") {
  // 10 KB zip -> 4 MB zip -> 4 GiB of zeros (the corpus's libzip bomb), and a 42.zip-style
  // fan-out made here: 16 copies of a zip holding 64 MiB of zeros, inside one zip.
  TempDir dir;
  write_archive(dir / "zeros.zip", {Entry("zeros.bin", std::string(64u << 20, '\0'))});
  std::vector<Entry> copies;
  for (int i = 0; i < 16; ++i) {
    copies.emplace_back("copy-" + std::to_string(i) + ".zip", read_file(dir / "zeros.zip"));
  }
  write_archive(dir / "fanout.zip", copies);
  fs::create_directories(dir / "bundle");
  fs::copy_file(dir / "fanout.zip", dir / "bundle" / "fanout.zip");
  fs::copy_file(corpus_dir() / "hostile/libzip__bigzero-zip.zip", dir / "bundle" / "bigzero-zip.zip");

  auto got = ingest_with(dir, dir / "bundle");
  std::size_t stopped = 0;
  for (const auto& [path, item] : got.by_path) {
    if (path.find("zeros.bin") != std::string::npos || path.find("bigzero/") != std::string::npos ||
        path == "bigzero-zip.zip/bigzero.zip") {
      INFO(path << ": " << item.error);
    }
    stopped += item.error.rfind("limit exceeded", 0) == 0;
  }
  CHECK(stopped >= 17);  // every copy's zeros, and the 4 GiB member
  // What was stored is small: the bombs' expansions were never kept.
  std::uintmax_t stored = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir / "store" / "blobs")) {
    stored += e.is_regular_file() ? e.file_size() : 0;
  }
  CHECK(stored < 64u << 20);
}
