// Files around the HTML report: links to the stored originals, copies beside the page, and a page
// that is never half-written.
#include "indexer/store/store.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/sha256.hpp"
#include "query/report/report_files.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
namespace fs = std::filesystem;

namespace {

// A store whose items' originals are really there: two with the same file name in different
// folders, one whose original has gone.
struct FilesStore {
  test::TempDir dir;
  indexer::Store store{dir / "store", indexer::Store::Mode::write};
  std::vector<indexer::ItemRecord> items;

  FilesStore() {
    std::vector<indexer::NewItem> news;
    for (std::string path : {"a/notes.txt", "b/Notes.txt", "<script>x</script>.txt", "gone.txt"}) {
      indexer::NewItem i;
      i.record.path = path;
      i.record.mime = "text/plain";
      i.record.sha256 = sha256_hex("bytes of " + path);
      test::write_file(dir / "src", "bytes of " + path);
      if (path != "gone.txt") {
        store.put_blob(dir / "src", i.record.sha256, false);
      }
      news.push_back(i);
    }
    store.put_bundle({"A1", "Sam", "ST0072", ""}, indexer::BundleInfo{}, news);
    items = store.items("A1");
  }
};

fs::path path_of_file_url(const std::string& url) {
  REQUIRE(url.rfind("file://", 0) == 0);
  std::string path;
  for (std::size_t i = 7; i < url.size(); ++i) {
    if (url[i] == '%') {
      path += static_cast<char>(std::stoi(url.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      path += url[i];
    }
  }
  return path;
}

}  // namespace

TEST_CASE("report files: safe_file_name keeps the real name where it can", "[report]") {
  using query::safe_file_name;
  CHECK(safe_file_name("Showcase/01 Reflective account (12S3).docx") == "01 Reflective account (12S3).docx");
  CHECK(safe_file_name("letters.zip/reply.pdf") == "reply.pdf");
  CHECK(safe_file_name("..") == "item");
  CHECK(safe_file_name("x/.hidden") == "hidden");
  CHECK(safe_file_name("a:b*c?d\"e<f>g|h\\i") == "a_b_c_d_e_f_g_h_i");
  CHECK(safe_file_name("tab\there") == "tab_here");
  std::string long_name = std::string(200, 'x') + ".docx";
  CHECK(safe_file_name(long_name) == std::string(115, 'x') + ".docx");
  std::string long_utf8;
  for (int i = 0; i < 100; ++i) {
    long_utf8 += "é";
  }
  CHECK(safe_file_name(long_utf8).size() == 120);
}

TEST_CASE("report files: store links lead to the originals' bytes", "[report]") {
  FilesStore s;
  auto links = query::store_links(s.store, s.items);
  CHECK(links.size() == 3);
  CHECK(links.count("gone.txt") == 0);
  for (const auto& [path, link] : links) {
    INFO(path);
    fs::path file = path_of_file_url(link.href);
    CHECK(file.is_absolute());
    CHECK(test::read_file(file) == "bytes of " + path);
  }
  CHECK(links["a/notes.txt"].download_name == "notes.txt");
}

TEST_CASE("report files: copies beside the page under their own names, linked relatively", "[report]") {
  FilesStore s;
  fs::path page = s.dir / "out" / "Sam report.html";
  fs::create_directories(page.parent_path());
  auto links = query::copy_originals(s.store, s.items, page);
  fs::path copies = s.dir / "out" / "Sam report_files";
  CHECK(query::copies_dir(page) == copies);
  CHECK(links.size() == 3);
  CHECK(test::read_file(copies / "notes.txt") == "bytes of a/notes.txt");
  CHECK(test::read_file(copies / "Notes (2).txt") == "bytes of b/Notes.txt");
  // '/' separates folders, even in a hostile name: the file is "script>.txt" in folder "<script>x<".
  CHECK(test::read_file(copies / "script_.txt") == "bytes of <script>x</script>.txt");
  CHECK(links["b/Notes.txt"].href == "./Sam%20report_files/Notes%20%282%29.txt");
  CHECK(links["b/Notes.txt"].download_name == "Notes (2).txt");

  // A second report replaces the copies; no staging folder is left behind.
  test::write_file(copies / "stale.txt", "old");
  query::copy_originals(s.store, s.items, page);
  CHECK_FALSE(fs::exists(copies / "stale.txt"));
  CHECK(fs::exists(copies / "notes.txt"));
  std::size_t entries = std::distance(fs::directory_iterator(page.parent_path()), fs::directory_iterator());
  CHECK(entries == 1);  // just the copies: the page itself is written by the caller
}

TEST_CASE("report files: a folder that evidex did not make is never replaced", "[report][bad-input]") {
  FilesStore s;
  fs::path page = s.dir / "report.html";
  test::write_file(s.dir / "report_files" / "my thesis.docx", "precious");
  CHECK_THROWS_AS(query::copy_originals(s.store, s.items, page), InputError);
  CHECK(test::read_file(s.dir / "report_files" / "my thesis.docx") == "precious");
}

TEST_CASE("report files: the page is replaced whole, and a failed write leaves the old one", "[report]") {
  test::TempDir dir;
  fs::path page = dir / "report.html";
  query::write_file_atomically(page, "first");
  query::write_file_atomically(page, "second");
  CHECK(test::read_file(page) == "second");
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);

  CHECK_THROWS_AS(query::write_file_atomically(dir / "no such folder" / "r.html", "x"), InputError);
  // A folder in the page's place: the rename fails and the temporary file goes.
  fs::create_directories(dir / "taken.html" / "inside");
  CHECK_THROWS_AS(query::write_file_atomically(dir / "taken.html", "x"), InputError);
  CHECK(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 2);
}
