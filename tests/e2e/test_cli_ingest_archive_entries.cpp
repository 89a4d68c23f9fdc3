// Every entry of an uploaded archive is accounted for, through the binary: refused entries (links,
// absolute and "../" paths, devices, unsafe directories) are items with one line of error, a
// legitimate entry is never lost, the files macOS and Windows add are skipped with one bundle
// warning, and Windows names (backslashes, CP437, UTF-8) come out as the right folders and letters.
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <set>

using namespace evidex::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

/// Path -> error ("" when the item was extracted) of every item of the apprentice.
std::map<std::string, std::string> items_of(const fs::path& store, const std::string& apprentice) {
  Run r = run_evidex(store, {"items", "--apprentice", apprentice, "--format", "json"});
  REQUIRE(r.exit_code == 0);
  std::map<std::string, std::string> out;
  for (const auto& item : json::parse(r.out)) {
    out[item["path"].get<std::string>()] = item["error"].is_null() ? "" : item["error"].get<std::string>();
  }
  return out;
}

std::set<std::string> paths_of(const std::map<std::string, std::string>& items) {
  std::set<std::string> out;
  for (const auto& [path, error] : items) {
    out.insert(path);
  }
  return out;
}

Run ingest(const fs::path& store, const fs::path& bundle, const std::string& apprentice) {
  Run r = run_evidex(store, {"ingest", bundle.string(), "--apprentice", apprentice});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  return r;
}

/// The entries libarchive lists in an archive, directories aside (what a person would count).
std::size_t file_entries(const fs::path& file) {
  std::unique_ptr<archive, int (*)(archive*)> a(archive_read_new(), archive_read_free);
  archive_read_support_format_all(a.get());
  archive_read_support_filter_all(a.get());
  if (archive_read_open_filename(a.get(), file.c_str(), 65536) != ARCHIVE_OK) {
    return 0;
  }
  std::size_t n = 0;
  archive_entry* entry = nullptr;
  for (int r; (r = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN;) {
    n += archive_entry_filetype(entry) != AE_IFDIR;
  }
  return n;
}

}  // namespace

TEST_CASE("ingest: a tar entry under a link that leaves the bundle, and every other refused entry, is an item",
          "[e2e][archive][bad-input]") {
  TempDir work;
  fs::path outside = work / "outside";
  fs::create_directories(outside);
  fs::path bundle = work / "links.tar.gz";
  // Issue 8, defect 7: "evil" points outside, then a file "under" it.
  write_archive(bundle,
                {
                    {"showcase/evil", "", Entry::Kind::symlink, outside.string()},
                    {"showcase/evil/file.txt", "Written under the link: a complaint log."},
                    {"showcase/01 Letter.txt", "Dear customer, thank you for your patience with the claim."},
                    {"showcase/01 Letter copy.txt", "", Entry::Kind::hardlink, "showcase/01 Letter.txt"},
                    {"showcase/passwd", "", Entry::Kind::hardlink, "/etc/passwd"},
                    {"showcase/up", "", Entry::Kind::hardlink, "../../secret.txt"},
                    {"showcase/ghost", "", Entry::Kind::hardlink, "showcase/not-there.txt"},
                    {"../../escaped.txt", "should never land outside"},
                    {"/abs/absolute.txt", "absolute"},
                    {"/abs-dir/", "", Entry::Kind::directory},
                    {"../up-dir/", "", Entry::Kind::directory},
                    {"showcase/docs/", "", Entry::Kind::directory},
                    {"showcase/docs/02 Notes.txt", "Notes from the team meeting about the waiting list."},
                },
                "tar.gz");
  Run run = ingest(work / "store", bundle, "L1");
  auto items = items_of(work / "store", "L1");
  CHECK(paths_of(items) == std::set<std::string>{"showcase/evil", "showcase/evil/file.txt", "showcase/01 Letter.txt",
                                                 "showcase/01 Letter copy.txt", "showcase/passwd", "showcase/up",
                                                 "showcase/ghost", "escaped.txt", "abs/absolute.txt", "abs-dir",
                                                 "up-dir", "showcase/docs/02 Notes.txt"});
  auto refused = [&](const std::string& path) { return items[path].rfind("unsafe entry", 0) == 0; };
  CHECK_THAT(items["showcase/evil"], Catch::StartsWith("unsafe entry: symbolic link to '" + outside.string()));
  // An archiver would write the file through the link, outside: it is refused, and still an item.
  // (What the extractor makes of each entry is pinned in tests/indexer/test_extract_archive.cpp.)
  CHECK_THAT(items["showcase/evil/file.txt"],
             Catch::StartsWith("unsafe entry: path runs through the symbolic link 'showcase/evil'"));
  CHECK(fs::is_empty(outside));
  // A hard link to a member before it is a second name for its bytes, not a refusal.
  CHECK_FALSE(refused("showcase/01 Letter copy.txt"));
  CHECK(items["showcase/passwd"] == "unsafe entry: hard link to '/etc/passwd' (it points outside the bundle); not followed");
  CHECK_THAT(items["showcase/up"], Catch::Contains("points outside the bundle"));
  CHECK_THAT(items["showcase/ghost"], Catch::Contains("no member of that name comes before it"));
  CHECK_THAT(items["escaped.txt"], Catch::Contains("leaves the bundle"));
  CHECK_THAT(items["abs/absolute.txt"], Catch::Contains("absolute path"));
  CHECK_THAT(items["abs-dir"], Catch::StartsWith("unsafe entry: directory with absolute path '/abs-dir/'"));
  CHECK_THAT(items["up-dir"], Catch::StartsWith("unsafe entry: directory '../up-dir/' leaves the bundle"));
  CHECK_FALSE(refused("showcase/docs/02 Notes.txt"));
  // One line for each refused entry.
  for (const auto& [path, error] : items) {
    if (error.rfind("unsafe entry", 0) == 0) {
      CHECK_THAT(run.out, Catch::Contains("error: " + path + ": unsafe entry"));
    }
  }
  CHECK_FALSE(fs::exists(work / "escaped.txt"));
  CHECK_FALSE(fs::exists("/abs/absolute.txt"));
}

TEST_CASE("ingest: a DOCX cut short inside a zip is one item with an error, not an archive of XML parts",
          "[e2e][archive][bad-input]") {
  TempDir work;
  // A LibreOffice DOCX as a download that stopped 40 bytes into word/document.xml's local header.
  std::string docx = read_file(fixture("formats/docx/libreoffice-customer-service.docx"));
  std::size_t at = 0;
  for (at = docx.find(std::string("PK\x03\x04", 4)); at != std::string::npos;
       at = docx.find(std::string("PK\x03\x04", 4), at + 1)) {
    if (docx.compare(at + 30, 17, "word/document.xml") == 0) {
      break;
    }
  }
  REQUIRE(at != std::string::npos);
  fs::path bundle = work / "showcase.zip";
  write_archive(bundle, {
                            {"Showcase/Team rota.docx", docx.substr(0, at + 40)},
                            {"Showcase/01 Notes.txt", "Notes from the team meeting about the waiting list."},
                        });
  Run run = ingest(work / "store", bundle, "T1");
  auto items = items_of(work / "store", "T1");
  CHECK(paths_of(items) == std::set<std::string>{"Showcase/Team rota.docx", "Showcase/01 Notes.txt"});
  CHECK_THAT(items["Showcase/Team rota.docx"], Catch::StartsWith("corrupt DOCX: "));
  CHECK(items["Showcase/01 Notes.txt"].empty());
  CHECK_THAT(run.out, Catch::Contains("error: Showcase/Team rota.docx: corrupt DOCX: "));
}

TEST_CASE("ingest: the files macOS and Windows add to a zip are skipped with one warning, not items",
          "[e2e][archive]") {
  TempDir work;
  SECTION("Finder's Compress: __MACOSX/ copies and .DS_Store") {
    Run run = ingest(work / "store", fixture("formats/archive/python-macos-finder.zip"), "M1");
    CHECK(paths_of(items_of(work / "store", "M1")) ==
          std::set<std::string>{"Showcase/01 Complaint.txt", "Showcase/02 Feedback.txt"});
    CHECK_THAT(run.out, Catch::Contains("warning: python-macos-finder.zip: skipped 4 files that macOS or Windows adds"));
    // They no longer block the check as unreadable items.
    Run check = run_evidex(work / "store", {"check", "--apprentice", "M1", "--format", "json"});
    CHECK_THAT(check.out, !Catch::Contains("__MACOSX") && !Catch::Contains(".DS_Store"));
  }
  SECTION("a Mac folder zipped with Info-ZIP: ._ copies, .DS_Store, Icon\\r, Thumbs.db, desktop.ini") {
    Run run = ingest(work / "store", fixture("formats/archive/infozip-mac-folder.zip"), "M2");
    CHECK(paths_of(items_of(work / "store", "M2")) ==
          std::set<std::string>{"Portfolio/Feedback.txt", "Portfolio/Letters/Complaint reply.txt"});
    CHECK_THAT(run.out, Catch::Contains("skipped 6 files"));
  }
}

TEST_CASE("ingest: names from Windows zips become folders and the right letters", "[e2e][archive]") {
  TempDir work;
  SECTION("CP437 names without the UTF-8 flag, backslashes") {
    Run run = ingest(work / "store", fixture("formats/archive/python-windows-cp437.zip"), "W1");
    CHECK(paths_of(items_of(work / "store", "W1")) ==
          std::set<std::string>{"Evidence/Résumé.txt", "Evidence/Große Übung.txt", "Evidence/Complaint.txt"});
    CHECK_THAT(run.out, Catch::Contains("skipped 2 files"));
  }
  SECTION("UTF-8 names with the flag, backslashes") {
    ingest(work / "store", fixture("formats/archive/python-windows-utf8.zip"), "W2");
    CHECK(paths_of(items_of(work / "store", "W2")) ==
          std::set<std::string>{"Evidence/Café notes – week 1.txt", "Evidence/Naïve Ωmega.txt"});
  }
  SECTION("the shared corpus: Windows Explorer (CP850), CP866, Shift-JIS") {
    if (!fs::exists(corpus_dir() / "MANIFEST.tsv")) {
      WARN("corpus not available");
      return;
    }
    ingest(work / "store", corpus_dir() / "archives/ztzip__windows-compressed.zip", "C1");
    CHECK(paths_of(items_of(work / "store", "C1")) ==
          std::set<std::string>{"windows-default-encoded/raudjärv.txt", "windows-default-encoded/römer.txt"});
    ingest(work / "store", corpus_dir() / "archives/libarchive__test_read_format_zip_filename_cp866.zip", "C2");
    CHECK(paths_of(items_of(work / "store", "C2")) == std::set<std::string>{"ПРИВЕТ", "привет"});
    ingest(work / "store", corpus_dir() / "archives/tika__testZipEntryNameCharsetShiftSJIS.zip", "C3");
    CHECK(paths_of(items_of(work / "store", "C3")) == std::set<std::string>{"文章1.txt", "文章2.txt"});
  }
}

TEST_CASE("ingest: no entry of the corpus archives is lost", "[e2e][archive][bad-input]") {
  if (!fs::exists(corpus_dir() / "MANIFEST.tsv")) {
    WARN("corpus not available");
    return;
  }
  TempDir work;
  int n = 0;
  for (const auto& entry : fs::directory_iterator(corpus_dir() / "archives")) {
    std::size_t entries = file_entries(entry.path());
    if (entries == 0) {
      continue;  // not a listable archive (encrypted headers, an office file, a lone stream)
    }
    std::string apprentice = "Z" + std::to_string(++n);
    INFO(entry.path().filename().string());
    Run r = run_evidex(work / "store", {"ingest", entry.path().string(), "--apprentice", apprentice, "--quiet"});
    REQUIRE(r.exit_code == 0);
    // Nested archives add items of their own; none may go missing.
    CHECK(items_of(work / "store", apprentice).size() >= entries);
  }
  CHECK(n >= 30);
}
