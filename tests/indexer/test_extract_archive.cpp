#include "indexer/extract/handlers.hpp"
#include "indexer/util/errors.hpp"
#include "tests/support/archive_writer.hpp"
#include "tests/support/corpus_manifest.hpp"
#include "tests/support/test_support.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

using namespace evidex;
using namespace evidex::indexer;
using evidex::test::fixture;
using evidex::test::TempDir;
namespace fs = std::filesystem;

namespace {

const Extractor& archive_handler() {
  static const auto handler = make_archive_extractor();
  return *handler;
}

/// A context as the pipeline gives it, with the whole bundle's budgets left.
ExtractContext context_for(const fs::path& file, const fs::path& scratch) {
  ExtractContext ctx;
  ctx.item_path = file.filename().string();
  ctx.scratch_dir = scratch;
  ctx.budget_bytes = ctx.limits.max_total_bytes;
  ctx.budget_entries = ctx.limits.max_entries;
  return ctx;
}

Extraction run(const fs::path& file, const fs::path& scratch,
               const std::function<void(ExtractContext&)>& adjust = {}) {
  ExtractContext ctx = context_for(file, scratch);
  if (adjust) {
    adjust(ctx);
  }
  return archive_handler().extract(file, ctx);
}

const Child* child_named(const Extraction& x, std::string_view name) {
  auto it = std::find_if(x.children.begin(), x.children.end(), [&](const Child& c) { return c.name == name; });
  return it == x.children.end() ? nullptr : &*it;
}

std::string child_bytes(const Extraction& x, std::string_view name) {
  const Child* c = child_named(x, name);
  REQUIRE(c != nullptr);
  REQUIRE(c->error.empty());
  return test::read_file(c->file);
}

std::vector<std::string> names_of(const Extraction& x) {
  std::vector<std::string> names;
  for (const auto& c : x.children) {
    names.push_back(c.name);
  }
  return names;
}

/// Every path under dir, relative to it.
std::set<std::string> tree_of(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    out.insert(fs::relative(e.path(), dir).string());
  }
  return out;
}

bool any_warning_starts(const Extraction& x, std::string_view prefix) {
  return std::any_of(x.warnings.begin(), x.warnings.end(),
                     [&](const std::string& w) { return w.rfind(prefix, 0) == 0; });
}

std::string item_error_reason(const fs::path& file, const fs::path& scratch) {
  try {
    run(file, scratch);
  } catch (const ItemError& e) {
    return e.reason();
  }
  return "(no ItemError)";
}

/// A zip written by libarchive itself at test time: one member of `zeros` zero bytes, then a
/// small text member. (Committing a 50 MB bomb would be absurd.)
void write_zero_bomb(const fs::path& out, std::uint64_t zeros, bool gzip_tar) {
  std::unique_ptr<archive, int (*)(archive*)> a(archive_write_new(), archive_write_free);
  if (gzip_tar) {
    archive_write_set_format_pax_restricted(a.get());
    archive_write_add_filter_gzip(a.get());
  } else {
    archive_write_set_format_zip(a.get());
  }
  REQUIRE(archive_write_open_filename(a.get(), out.c_str()) == ARCHIVE_OK);
  auto add = [&](const char* name, std::uint64_t size, const char* text) {
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(), archive_entry_free);
    archive_entry_set_pathname(e.get(), name);
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(size));
    REQUIRE(archive_write_header(a.get(), e.get()) == ARCHIVE_OK);
    if (text) {
      archive_write_data(a.get(), text, size);
      return;
    }
    std::vector<char> block(1 << 20, 0);
    for (std::uint64_t left = size; left > 0;) {
      auto n = std::min<std::uint64_t>(left, block.size());
      REQUIRE(archive_write_data(a.get(), block.data(), n) == static_cast<la_ssize_t>(n));
      left -= n;
    }
  };
  add("zeros.bin", zeros, nullptr);
  add("after.txt", 14, "after the bomb");
  REQUIRE(archive_write_close(a.get()) == ARCHIVE_OK);
}

}  // namespace

TEST_CASE("a showcase zip yields its files with their folders, not its directories", "[archive]") {
  TempDir scratch;
  auto x = run(fixture("formats/archive/python-showcase.zip"), scratch.path());
  CHECK(names_of(x) == std::vector<std::string>{"showcase/README.txt", "showcase/evidence/log.txt", "notes.csv"});
  CHECK(child_bytes(x, "showcase/README.txt") == "Showcase for the Level 3 apprenticeship.\nKSB mapping below.\n");
  CHECK(child_bytes(x, "showcase/evidence/log.txt") ==
        "Week 12: configured the firewall rules and documented the change.\n");
  CHECK(child_bytes(x, "notes.csv") == "criterion,evidence\nK1,log.txt\n");
  CHECK(x.expanded_bytes == 60 + 66 + 30);
  CHECK(x.meta.at("format").rfind("ZIP", 0) == 0);
  CHECK(x.pages.empty());
  CHECK(x.warnings.empty());
  for (const auto& c : x.children) {
    CHECK(c.file.parent_path() == scratch.path());
  }
}

TEST_CASE("tar.gz, tar.Z, 7z and cpio give the same members as the zip", "[archive]") {
  for (const char* name : {"formats/archive/bsdtar-showcase.tar.gz", "formats/archive/bsdtar-showcase.tar.Z",
                           "formats/archive/7z-showcase.7z", "formats/archive/bsdtar-showcase.cpio"}) {
    INFO(name);
    TempDir scratch;
    auto x = run(fixture(name), scratch.path());
    auto names = names_of(x);
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"notes.csv", "showcase/README.txt", "showcase/evidence/log.txt"});
    CHECK(child_bytes(x, "showcase/evidence/log.txt") ==
          "Week 12: configured the firewall rules and documented the change.\n");
    CHECK(x.expanded_bytes == 156);
  }
  TempDir scratch;
  auto tgz = run(fixture("formats/archive/bsdtar-showcase.tar.gz"), scratch.path());
  CHECK(tgz.meta.at("compression") == "gzip");
  TempDir z_scratch;
  auto tar_z = run(fixture("formats/archive/bsdtar-showcase.tar.Z"), z_scratch.path());
  CHECK(tar_z.meta.at("compression") == "compress (.Z)");
}

TEST_CASE("a zip in a zip: the inner zip is a child the handler opens in turn", "[archive]") {
  TempDir scratch;
  auto outer = run(fixture("formats/archive/python-nested.zip"), scratch.path());
  REQUIRE(child_named(outer, "portfolio/inner.zip") != nullptr);
  CHECK(child_bytes(outer, "cover.txt") == "Cover sheet.\n");
  TempDir inner_scratch;
  auto inner = run(child_named(outer, "portfolio/inner.zip")->file, inner_scratch.path());
  CHECK(child_bytes(inner, "deep/reflection.txt") == "Reflective account: nested two levels down.\n");
}

TEST_CASE("a lone gzip file yields one member named after it", "[archive]") {
  TempDir scratch;
  ExtractContext ctx = context_for(fixture("formats/archive/python-notes.txt.gz"), scratch.path());
  ctx.item_path = "bundle.zip/minutes/python-notes.txt.gz";
  auto x = archive_handler().extract(fixture("formats/archive/python-notes.txt.gz"), ctx);
  REQUIRE(x.children.size() == 1);
  CHECK(x.children[0].name == "python-notes.txt");
  CHECK(test::read_file(x.children[0].file) == "Lone gzip member: meeting notes.\n");
}

TEST_CASE("zip slip: traversal and absolute names become errors, nothing lands outside scratch",
          "[archive][bad-input]") {
  TempDir sandbox;
  fs::path scratch = sandbox.path() / "a" / "b" / "scratch";
  fs::create_directories(scratch);
  auto before = tree_of(sandbox.path());
  auto x = run(fixture("bad/archive-zip-slip.zip"), scratch);

  REQUIRE(x.children.size() == 3);
  const Child* evil = child_named(x, "evil.txt");
  REQUIRE(evil != nullptr);
  CHECK(evil->error == "unsafe entry: path '../../evil.txt' leaves the bundle; not extracted");
  CHECK(evil->file.empty());
  const Child* abs = child_named(x, "abs.txt");
  REQUIRE(abs != nullptr);
  CHECK(abs->error == "unsafe entry: absolute path '/abs.txt'; not extracted");
  CHECK(child_bytes(x, "good.txt") == "good content\n");

  auto after = tree_of(sandbox.path());
  for (const auto& p : after) {
    if (!before.count(p)) {
      CHECK(p.rfind("a/b/scratch/", 0) == 0);
    }
  }
  CHECK_FALSE(fs::exists(sandbox.path() / "a" / "evil.txt"));
  CHECK_FALSE(fs::exists("/abs.txt"));
}

TEST_CASE("links and special files are listed with a reason, never followed", "[archive][bad-input]") {
  TempDir scratch;
  auto x = run(fixture("bad/archive-links.tar"), scratch.path());
  CHECK(names_of(x) == std::vector<std::string>{"a", "link-out", "hard", "pipe", "z-after.txt"});
  CHECK(child_named(x, "link-out")->error == "unsafe entry: symbolic link to '../x'; not followed");
  // A hard link to a member before it is a second name for the same bytes: it is kept.
  CHECK(child_bytes(x, "hard") == "target file\n");
  CHECK(child_named(x, "pipe")->error == "unsafe entry: named pipe (FIFO); not extracted");
  CHECK(child_bytes(x, "a") == "target file\n");
  CHECK(child_bytes(x, "z-after.txt") == "after the links\n");
  CHECK(tree_of(scratch.path()).size() == 3);
}

TEST_CASE("a link that leaves the bundle, a file under it, and every other refused entry are children",
          "[archive][bad-input]") {
  // Issue 8, defect 7: "evil -> <outside>" then "evil/file.txt". Each refused entry is a child with
  // its reason; each legitimate one is extracted; nothing is written outside scratch.
  TempDir sandbox;
  fs::path outside = sandbox.path() / "outside";
  fs::path scratch = sandbox.path() / "a" / "scratch";
  fs::create_directories(outside);
  fs::create_directories(scratch);
  fs::path tar = sandbox.path() / "links.tar.gz";
  using test::Entry;
  test::write_archive(tar,
                      {
                          {"evil", "", Entry::Kind::symlink, outside.string()},
                          {"evil/file.txt", "under the link"},
                          {"letter.txt", "the letter"},
                          {"letter copy.txt", "", Entry::Kind::hardlink, "letter.txt"},
                          {"./docs/../letter again.txt", "", Entry::Kind::hardlink, "./letter.txt"},
                          {"passwd", "", Entry::Kind::hardlink, "/etc/passwd"},
                          {"up", "", Entry::Kind::hardlink, "../../secret.txt"},
                          {"ghost", "", Entry::Kind::hardlink, "not-there.txt"},
                          {"/abs-dir/", "", Entry::Kind::directory},
                          {"../up-dir/", "", Entry::Kind::directory},
                          {"fine-dir/", "", Entry::Kind::directory},
                          {"fine-dir/notes.txt", "notes"},
                      },
                      "tar.gz");
  auto before = tree_of(sandbox.path());
  auto x = run(tar, scratch);
  CHECK(names_of(x) == std::vector<std::string>{"evil", "evil/file.txt", "letter.txt", "letter copy.txt",
                                                "docs/letter again.txt", "passwd", "up", "ghost", "abs-dir", "up-dir",
                                                "fine-dir/notes.txt"});
  CHECK(child_named(x, "evil")->error == "unsafe entry: symbolic link to '" + outside.string() + "'; not followed");
  // Any archiver would write it through the link, outside: it is refused, and still listed.
  CHECK(child_named(x, "evil/file.txt")->error == "unsafe entry: path runs through the symbolic link 'evil' to '" +
                                                       outside.string() +
                                                       "', which points outside the bundle; not extracted");
  CHECK(child_bytes(x, "letter copy.txt") == "the letter");
  REQUIRE(child_named(x, "docs/letter again.txt") != nullptr);
  CHECK(child_named(x, "docs/letter again.txt")->error ==
        "unsafe entry: path './docs/../letter again.txt' leaves the bundle; not extracted");
  CHECK(child_named(x, "passwd")->error ==
        "unsafe entry: hard link to '/etc/passwd' (it points outside the bundle); not followed");
  CHECK(child_named(x, "up")->error ==
        "unsafe entry: hard link to '../../secret.txt' (it points outside the bundle); not followed");
  CHECK(child_named(x, "ghost")->error ==
        "unsafe entry: hard link to 'not-there.txt' (no member of that name comes before it); not followed");
  CHECK(child_named(x, "abs-dir")->error == "unsafe entry: directory with absolute path '/abs-dir/'; not extracted");
  CHECK(child_named(x, "up-dir")->error == "unsafe entry: directory '../up-dir/' leaves the bundle; not extracted");
  CHECK(child_bytes(x, "fine-dir/notes.txt") == "notes");
  CHECK(fs::is_empty(outside));
  for (const auto& p : tree_of(sandbox.path())) {
    if (!before.count(p)) {
      CHECK(p.rfind("a/scratch/", 0) == 0);
    }
  }
}

TEST_CASE("every member whose path runs through an earlier symbolic link is refused with the link named",
          "[archive][bad-input]") {
  // Where the link points decides the reason, never whether the member is refused: no link is
  // followed, so the member's place in the bundle is not where its name says.
  TempDir sandbox;
  fs::path scratch = sandbox.path() / "scratch";
  fs::create_directories(scratch);
  fs::path tar = sandbox.path() / "through-links.tar.gz";
  using test::Entry;
  test::write_archive(tar,
                      {
                          {"showcase/real/", "", Entry::Kind::directory},
                          {"showcase/shared", "", Entry::Kind::symlink, "../.."},
                          {"showcase/shared/planted.txt", "planted"},
                          {"showcase/shared/deeper/more.txt", "more"},
                          {"showcase/docs", "", Entry::Kind::symlink, "real"},
                          {"showcase/docs/notes.txt", "notes"},
                          {"showcase/docs/inner", "", Entry::Kind::symlink, "/etc"},
                          {"showcase/sharedness.txt", "a name that only starts like the link"},
                          {"showcase/real/notes.txt", "the real notes"},
                      },
                      "tar.gz");
  auto x = run(tar, scratch);
  CHECK(names_of(x) == std::vector<std::string>{"showcase/shared", "showcase/shared/planted.txt",
                                                "showcase/shared/deeper/more.txt", "showcase/docs",
                                                "showcase/docs/notes.txt", "showcase/docs/inner",
                                                "showcase/sharedness.txt", "showcase/real/notes.txt"});
  CHECK(child_named(x, "showcase/shared")->error == "unsafe entry: symbolic link to '../..'; not followed");
  CHECK(child_named(x, "showcase/shared/planted.txt")->error ==
        "unsafe entry: path runs through the symbolic link 'showcase/shared' to '../..', which points outside the "
        "bundle; not extracted");
  CHECK_THAT(child_named(x, "showcase/shared/deeper/more.txt")->error,
             Catch::StartsWith("unsafe entry: path runs through the symbolic link 'showcase/shared'"));
  CHECK(child_named(x, "showcase/docs/notes.txt")->error ==
        "unsafe entry: path runs through the symbolic link 'showcase/docs' to 'real', which is not followed; not "
        "extracted");
  CHECK_THAT(child_named(x, "showcase/docs/inner")->error,
             Catch::StartsWith("unsafe entry: path runs through the symbolic link 'showcase/docs'"));
  CHECK(child_bytes(x, "showcase/sharedness.txt") == "a name that only starts like the link");
  CHECK(child_bytes(x, "showcase/real/notes.txt") == "the real notes");
}

TEST_CASE("damaged headers libarchive skips over are counted in a warning", "[archive][bad-input]") {
  fs::path tar = test::corpus_dir() / "hostile/nodetar__bad-cksum.tar";
  if (!fs::exists(tar)) {
    WARN("corpus not available");
    return;
  }
  TempDir scratch;
  auto x = run(tar, scratch.path());
  CHECK(any_warning_starts(x, "corrupt archive: skipped 2 damaged entry headers"));
}

TEST_CASE("a thousand hard links to one member are stopped like any bomb", "[archive][bad-input]") {
  TempDir work;
  using test::Entry;
  std::vector<Entry> entries{{"big.txt", std::string(1 << 20, 'x')}};
  for (int i = 0; i < 1000; ++i) {
    entries.push_back({"copy" + std::to_string(i) + ".txt", "", Entry::Kind::hardlink, "big.txt"});
  }
  test::write_archive(work / "links.tar.gz", entries, "tar.gz");
  auto x = run(work / "links.tar.gz", work.path(), [](ExtractContext& ctx) { ctx.budget_bytes = 64 << 20; });
  CHECK(x.expanded_bytes <= (64u << 20));
  CHECK(std::any_of(x.children.begin(), x.children.end(),
                    [](const Child& c) { return c.error.rfind("limit exceeded", 0) == 0; }));
}

TEST_CASE("what macOS and Windows add to a zip is skipped, with one warning that counts it", "[archive]") {
  TempDir scratch;
  auto finder = run(fixture("formats/archive/python-macos-finder.zip"), scratch.path());
  CHECK(names_of(finder) == std::vector<std::string>{"Showcase/01 Complaint.txt", "Showcase/02 Feedback.txt"});
  REQUIRE(finder.warnings.size() == 1);
  CHECK(finder.warnings[0] ==
        "skipped 4 files that macOS or Windows adds to uploads and that are not evidence (__MACOSX/, ._ copies, "
        ".DS_Store, Thumbs.db, desktop.ini), such as 'Showcase/.DS_Store'");
  TempDir scratch2;
  auto folder = run(fixture("formats/archive/infozip-mac-folder.zip"), scratch2.path());
  CHECK(names_of(folder) == std::vector<std::string>{"Portfolio/Feedback.txt", "Portfolio/Letters/Complaint reply.txt"});
  CHECK(any_warning_starts(folder, "skipped 6 files that macOS or Windows adds"));
  // A name that only looks alike is evidence.
  TempDir work;
  test::write_archive(work / "alike.zip", {{"Thumbs.db notes.txt", "notes"}, {"my._file.txt", "file"},
                                           {"MACOSX/readme.txt", "readme"}});
  TempDir scratch3;
  auto alike = run(work / "alike.zip", scratch3.path());
  CHECK(names_of(alike) == std::vector<std::string>{"Thumbs.db notes.txt", "my._file.txt", "MACOSX/readme.txt"});
  CHECK(alike.warnings.empty());
}

TEST_CASE("Windows zip names: backslashes are folders, CP437 and UTF-8 names are the right letters", "[archive]") {
  TempDir scratch;
  auto cp437 = run(fixture("formats/archive/python-windows-cp437.zip"), scratch.path());
  CHECK(names_of(cp437) ==
        std::vector<std::string>{"Evidence/Résumé.txt", "Evidence/Große Übung.txt", "Evidence/Complaint.txt"});
  CHECK(any_warning_starts(cp437, "skipped 2 files"));
  TempDir scratch2;
  auto utf8 = run(fixture("formats/archive/python-windows-utf8.zip"), scratch2.path());
  CHECK(names_of(utf8) == std::vector<std::string>{"Evidence/Café notes – week 1.txt", "Evidence/Naïve Ωmega.txt"});
}

TEST_CASE("an encrypted member is an error, the plain one beside it is extracted", "[archive][bad-input]") {
  TempDir scratch;
  auto x = run(fixture("bad/archive-encrypted.zip"), scratch.path());
  REQUIRE(child_named(x, "secret.txt") != nullptr);
  CHECK(child_named(x, "secret.txt")->error == "encrypted archive entry: password required");
  CHECK(child_bytes(x, "plain.txt") == "plain part\n");
}

TEST_CASE("a truncated zip keeps the members read before the cut", "[archive][bad-input]") {
  TempDir scratch;
  auto x = run(fixture("bad/archive-truncated.zip"), scratch.path());
  REQUIRE(x.children.size() == 4);
  for (int i = 0; i < 3; ++i) {
    std::string expected;
    for (int k = 0; k < 40; ++k) {
      expected += "part " + std::to_string(i) + " ";
    }
    CHECK(child_bytes(x, "part" + std::to_string(i) + ".txt") == expected);
  }
  CHECK(child_named(x, "part3.txt")->error.rfind("corrupt archive entry: ", 0) == 0);
  CHECK(any_warning_starts(x, "corrupt archive: "));
  CHECK(tree_of(scratch.path()).size() == 3);
}

TEST_CASE("not an archive, empty, or cut before the first member: ItemError", "[archive][bad-input]") {
  TempDir dir;
  TempDir scratch;
  test::write_file(dir / "letter.txt", "Dear assessor, this is plain text and no archive at all.\n");
  CHECK(item_error_reason(dir / "letter.txt", scratch.path()).rfind("corrupt archive: ", 0) == 0);
  test::write_file(dir / "empty.zip", "");
  CHECK(item_error_reason(dir / "empty.zip", scratch.path()).rfind("empty", 0) == 0);
  std::string zip = test::read_file(fixture("formats/archive/python-showcase.zip"));
  test::write_file(dir / "stub.zip", zip.substr(0, 20));
  CHECK(item_error_reason(dir / "stub.zip", scratch.path()).rfind("corrupt archive: ", 0) == 0);
  CHECK(fs::is_empty(scratch.path()));
}

TEST_CASE("the entry budget stops the archive after that many children", "[archive][bad-input]") {
  TempDir scratch;
  auto x = run(fixture("formats/archive/python-30-entries.zip"), scratch.path(),
               [](ExtractContext& ctx) { ctx.budget_entries = 10; });
  CHECK(x.children.size() == 10);
  CHECK(x.children.back().name == "entry09.txt");
  REQUIRE(any_warning_starts(x, "limit exceeded: entry count"));
  CHECK(tree_of(scratch.path()).size() == 10);
}

TEST_CASE("the per-item limit stops one member, the bundle budget stops the archive", "[archive][bad-input]") {
  SECTION("per item") {
    TempDir scratch;
    auto x = run(fixture("formats/archive/python-showcase.zip"), scratch.path(),
                 [](ExtractContext& ctx) { ctx.limits.max_item_bytes = 62; });
    CHECK(child_named(x, "showcase/README.txt")->error.empty());
    CHECK(child_named(x, "showcase/evidence/log.txt")->error ==
          "limit exceeded: member larger than the per-item limit of 62 bytes");
    CHECK(child_bytes(x, "notes.csv") == "criterion,evidence\nK1,log.txt\n");  // the archive goes on
    CHECK(x.expanded_bytes == 90);
    CHECK(tree_of(scratch.path()).size() == 2);
  }
  SECTION("bundle budget") {
    TempDir scratch;
    auto x = run(fixture("formats/archive/python-showcase.zip"), scratch.path(),
                 [](ExtractContext& ctx) { ctx.budget_bytes = 100; });
    CHECK(x.children.size() == 2);
    CHECK(child_named(x, "showcase/evidence/log.txt")->error.rfind("limit exceeded: the bundle's size budget", 0) == 0);
    CHECK(any_warning_starts(x, "limit exceeded: the bundle's size budget"));
    CHECK(x.expanded_bytes == 60);
  }
}

TEST_CASE("a 50 MB member of zeros is stopped by the expansion ratio", "[archive][bad-input]") {
  for (bool tgz : {false, true}) {
    INFO((tgz ? "tar.gz" : "zip"));
    TempDir dir;
    fs::path bomb = dir / (tgz ? "bomb.tar.gz" : "bomb.zip");
    write_zero_bomb(bomb, 50ull << 20, tgz);
    REQUIRE(fs::file_size(bomb) < 200 * 1024);
    TempDir scratch;
    auto start = std::chrono::steady_clock::now();
    auto x = run(bomb, scratch.path());
    auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(elapsed < std::chrono::seconds(2));
    const Child* zeros = child_named(x, "zeros.bin");
    REQUIRE(zeros != nullptr);
    CHECK(zeros->error.rfind("limit exceeded: expansion ratio", 0) == 0);
    CHECK(zeros->file.empty());
    CHECK(x.expanded_bytes == (tgz ? 0u : 14u));  // the partial member was deleted
    if (tgz) {
      // Skipping the rest of a member in a gzip stream means inflating it: the archive stops.
      CHECK(child_named(x, "after.txt") == nullptr);
      CHECK(any_warning_starts(x, "limit exceeded: expansion ratio"));
    } else {
      CHECK(child_bytes(x, "after.txt") == "after the bomb");
    }
    CHECK(tree_of(scratch.path()).size() == (tgz ? 0u : 1u));
  }
}

TEST_CASE("the holes of a sparse member count like any other byte", "[archive][bad-input]") {
  // A pax tar (written by libarchive) whose member claims 1 GiB but stores 9 bytes.
  TempDir dir;
  fs::path tar = dir / "sparse.tar";
  {
    std::unique_ptr<archive, int (*)(archive*)> a(archive_write_new(), archive_write_free);
    archive_write_set_format_pax(a.get());
    REQUIRE(archive_write_open_filename(a.get(), tar.c_str()) == ARCHIVE_OK);
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(), archive_entry_free);
    const la_int64_t size = 1ll << 30;
    archive_entry_set_pathname(e.get(), "disk.img");
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), size);
    archive_entry_sparse_add_entry(e.get(), 0, 5);
    archive_entry_sparse_add_entry(e.get(), size - 4, 4);
    REQUIRE(archive_write_header(a.get(), e.get()) == ARCHIVE_OK);
    archive_write_data(a.get(), "hello", 5);
    archive_write_data(a.get(), "tail", 4);
    REQUIRE(archive_write_close(a.get()) == ARCHIVE_OK);
  }
  REQUIRE(fs::file_size(tar) < 64 * 1024);
  TempDir scratch;
  auto x = run(tar, scratch.path());
  REQUIRE(x.children.size() == 1);
  CHECK(x.children[0].error.rfind("limit exceeded: expansion ratio", 0) == 0);
  CHECK(fs::is_empty(scratch.path()));
}

TEST_CASE("the corpus zip bomb is stopped at the inner level", "[archive][bad-input]") {
  fs::path file = test::corpus_dir() / "hostile/libzip__bigzero-zip.zip";
  if (!fs::exists(file)) {
    WARN("corpus not available: " << file);
    return;
  }
  TempDir outer_scratch;
  auto outer = run(file, outer_scratch.path());
  REQUIRE(outer.children.size() == 1);
  REQUIRE(outer.children[0].error.empty());
  CHECK(outer.children[0].name == "bigzero.zip");

  TempDir inner_scratch;
  auto start = std::chrono::steady_clock::now();
  auto inner = run(outer.children[0].file, inner_scratch.path());
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE(inner.children.size() == 1);
  CHECK(inner.children[0].error.rfind("limit exceeded: expansion ratio", 0) == 0);
  CHECK(inner.expanded_bytes == 0);
  CHECK(seconds < 2.0);
  WARN("bigzero inner member stopped after " << seconds << " s: " << inner.children[0].error);
}

TEST_CASE("a chain of gzip headers ends at once, one layer per level", "[archive][bad-input]") {
  fs::path file = test::corpus_dir() / "hostile/libarchive__test_read_filter_gzip_recursive.gz";
  if (!fs::exists(file)) {
    WARN("corpus not available: " << file);
    return;
  }
  auto start = std::chrono::steady_clock::now();
  // Each level peels one gzip layer; the pipeline's depth limit bounds the rest.
  fs::path current = file;
  std::vector<std::unique_ptr<TempDir>> scratches;
  for (int level = 0; level < 6; ++level) {
    scratches.push_back(std::make_unique<TempDir>());
    try {
      auto x = run(current, scratches.back()->path());
      if (x.children.empty() || x.children[0].file.empty()) {
        break;
      }
      current = x.children[0].file;
    } catch (const ItemError& e) {
      CHECK(e.reason().rfind("corrupt", 0) == 0);
      break;
    }
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
}

// ---------------------------------------------------------------------------------------------
// The real-world corpus: every archive of archives/ and the archive files of hostile/.

namespace {

std::vector<test::CorpusRow> corpus_rows() {
  std::vector<test::CorpusRow> rows;
  for (const auto& row : test::corpus_manifest()) {
    bool archive_file = row.in_folder("archives/");
    if (row.in_folder("hostile/")) {
      for (const char* ext : {".zip", ".tar", ".gz", ".7z", ".rar"}) {
        archive_file |= row.has_extension(ext);
      }
    }
    if (archive_file) {
      rows.push_back(row);
    }
  }
  return rows;
}

/// What the pipeline would find under one archive: every child's path (joined with '/'), its
/// bytes, and every error, recursing with this handler into children that are archives.
struct Found {
  std::vector<std::string> paths;
  std::vector<std::string> errors;
  std::vector<std::string> texts;
};

void walk(const fs::path& file, const std::string& path, int depth, Found& found, const fs::path& scratch_base,
          int& scratch_count) {
  fs::path scratch = scratch_base / ("s" + std::to_string(++scratch_count));
  fs::create_directories(scratch);
  Extraction x;
  try {
    ExtractContext ctx = context_for(file, scratch);
    ctx.item_path = path;
    x = archive_handler().extract(file, ctx);
  } catch (const ItemError& e) {
    if (depth == 0) {
      found.errors.push_back(e.reason());
    }
    return;
  }
  for (const auto& c : x.children) {
    std::string child_path = path + "/" + c.name;
    found.paths.push_back(child_path);
    if (!c.error.empty()) {
      found.errors.push_back(c.error);
      continue;
    }
    CHECK(c.file.parent_path() == scratch);
    found.texts.push_back(test::read_file(c.file));
    if (depth < 3) {
      walk(c.file, child_path, depth + 1, found, scratch_base, scratch_count);
    }
  }
}

}  // namespace

TEST_CASE("real-world archive corpus: phrases found, encrypted ones say so, none crash",
          "[archive][bad-input]") {
  if (!fs::exists(test::corpus_dir() / "MANIFEST.tsv")) {
    WARN("corpus not available");
    return;
  }
  // Phrases we cannot get yet, and why. Asserted as not found, so the list stays honest.
  // (None at the moment: RAR5 encrypted members, which libarchive 3.6 cannot flag, are found by
  // the handler's own header scan.)
  const std::map<std::string, std::string> not_yet = {};
  auto rows = corpus_rows();
  REQUIRE(rows.size() >= 60);
  int with_phrase = 0;
  int found_count = 0;
  for (const auto& row : rows) {
    INFO(row.file);
    // Scratch directories two levels down a sandbox: a member that escaped its scratch through
    // "../" would land in the sandbox, where the listing below sees it.
    TempDir sandbox;
    fs::path scratch_base = sandbox.path() / "x" / "y";
    fs::create_directories(scratch_base);
    Found found;
    int scratch_count = 0;
    fs::path file = test::corpus_dir() / row.file;
    std::string name = file.filename().string();
    auto start = std::chrono::steady_clock::now();
    CHECK_NOTHROW(walk(file, name, 0, found, scratch_base, scratch_count));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
    for (const auto& p : tree_of(sandbox.path())) {
      bool inside = p == "x" || p == "x/y" || p.rfind("x/y/s", 0) == 0;
      CHECK(inside);
    }
    for (const auto& p : found.paths) {
      CHECK(p.find("/../") == std::string::npos);
    }
    if (row.expect_contains.empty()) {
      continue;
    }
    ++with_phrase;
    bool ok = false;
    if (!row.password.empty()) {
      ok = std::any_of(found.errors.begin(), found.errors.end(),
                       [](const std::string& e) { return e.rfind("encrypted", 0) == 0; });
    } else if (row.expect_in == "member-name") {
      ok = std::any_of(found.paths.begin(), found.paths.end(),
                       [&](const std::string& p) { return test::contains_normalised(p, row.expect_contains); });
    } else {
      ok = std::any_of(found.texts.begin(), found.texts.end(),
                       [&](const std::string& t) { return test::contains_normalised(t, row.expect_contains); });
    }
    if (not_yet.count(row.file)) {
      INFO("listed as not yet found: " << not_yet.at(row.file));
      CHECK_FALSE(ok);
    } else {
      CHECK(ok);
    }
    found_count += ok ? 1 : 0;
  }
  WARN("archive corpus phrases found: " << found_count << " of " << with_phrase);
}
