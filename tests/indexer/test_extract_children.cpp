// The one way handlers name and write child files (indexer/extract/children.hpp).
#include "indexer/extract/children.hpp"
#include "tests/support/extract_helper.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using namespace evidex;
using namespace evidex::indexer;
using evidex::test::TempDir;
namespace fs = std::filesystem;

namespace {

/// A context as the pipeline gives it, writing into scratch, with the whole bundle's budgets.
ExtractContext context_in(const TempDir& scratch) { return test::context_for(scratch, "parent.bin"); }

std::vector<fs::path> files_under(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      out.push_back(entry.path());
    }
  }
  return out;
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

TEST_CASE("child names: traversal, absolute paths, backslashes", "[children]") {
  SafeName climbed = clean_child_name("../../x/evil.sh");
  CHECK(climbed.name == "x/evil.sh");
  CHECK(climbed.climbed);
  CHECK_FALSE(climbed.absolute);

  SafeName absolute = clean_child_name("/etc/passwd");
  CHECK(absolute.name == "etc/passwd");
  CHECK(absolute.absolute);

  SafeName drive = clean_child_name("C:\\Users\\sam\\report.pdf");
  CHECK(drive.name == "Users/sam/report.pdf");
  CHECK(drive.absolute);

  CHECK(safe_child_name("a\\.\\b\\\\c.txt") == "a/b/c.txt");
  CHECK(safe_child_name("./../", "fallback") == "fallback");
  CHECK(safe_child_name("", "attachment-1") == "attachment-1");
}

TEST_CASE("child names: control characters and invalid UTF-8", "[children]") {
  CHECK(safe_child_name("a\nb.txt") == "a\xEF\xBF\xBD" "b.txt");
  CHECK(safe_child_name("caf\xE9.txt") == "caf\xEF\xBF\xBD.txt");
  CHECK(safe_child_name("caf\xC3\xA9.txt") == "café.txt");
  // As a file name, characters a file system refuses are dropped, and only the last part is kept.
  CHECK(safe_child_name("dir/a\nb:c.txt", {}, NameStyle::file_name) == "abc.txt");
  CHECK(safe_child_name("../../etc/passwd", {}, NameStyle::file_name) == "passwd");
  CHECK(safe_child_name(" .. ", {}, NameStyle::file_name).empty());
}

TEST_CASE("child names: long names keep their end", "[children]") {
  std::string deep;
  for (int i = 0; i < 500; ++i) {
    deep += "level/";
  }
  deep += "file.txt";
  std::string name = safe_child_name(deep);
  CHECK(name.size() <= k_max_child_path_bytes + 8);
  CHECK(name.ends_with("/level/file.txt"));
  CHECK(name.starts_with("\xE2\x80\xA6/"));

  std::string file_name = safe_child_name(std::string(300, 'x') + ".docx", {}, NameStyle::file_name);
  CHECK(file_name.size() == k_max_child_file_name_bytes);
  CHECK(file_name.ends_with(".docx"));
}

TEST_CASE("the child writer: files, unique names, errors", "[children]") {
  TempDir scratch;
  ExtractContext ctx = context_in(scratch);
  Extraction out;
  ChildWriter writer(ctx, out, "attachment");
  CHECK(writer.add("a.txt", "one"));
  CHECK(writer.add("a.txt", "two"));
  CHECK(writer.add("dir.d/a", "three"));
  CHECK(writer.add_error("a.txt", "corrupt: unreadable"));
  CHECK(writer.add("b.txt", [](const ChunkSink& sink) {
    sink("par");
    sink("tial");
    return std::string("corrupt embedded file: cut short");
  }));

  REQUIRE(out.children.size() == 5);
  CHECK(out.children[0].name == "a.txt");
  CHECK(out.children[1].name == "a (2).txt");
  CHECK(out.children[2].name == "dir.d/a");
  CHECK(out.children[3].name == "a (3).txt");
  CHECK(out.children[3].error == "corrupt: unreadable");
  CHECK(out.children[4].error == "corrupt embedded file: cut short");
  CHECK(out.children[4].file.empty());
  CHECK(test::read_file(out.children[0].file) == "one");
  CHECK(test::read_file(out.children[1].file) == "two");
  CHECK(out.expanded_bytes == 11);
  CHECK(ctx.budget_bytes == ctx.limits.max_total_bytes - 11);
  CHECK(ctx.budget_entries == ctx.limits.max_entries - 5);
  // Each rename is said, so that "a (2).txt" is not taken for the uploader's own name.
  REQUIRE(out.warnings.size() == 2);
  CHECK(out.warnings[0] == "'a.txt' appears more than once; this one is stored as 'a (2).txt'");
  // Nothing outside scratch_dir, and nothing left of the children that failed.
  for (const auto& file : files_under(scratch.path())) {
    CHECK(file.parent_path() == scratch.path());
  }
  CHECK(files_under(scratch.path()).size() == 3);
}

TEST_CASE("the child writer: the entry budget", "[children]") {
  TempDir scratch;
  SECTION("skipped after the budget, with one warning") {
    ExtractContext ctx = context_in(scratch);
    ctx.budget_entries = 2;
    Extraction out;
    ChildWriter writer(ctx, out, "member");
    CHECK(writer.add("1.txt", "1"));
    CHECK(writer.add_error("2.txt", "corrupt"));
    CHECK_FALSE(writer.add("3.txt", "3"));
    CHECK_FALSE(writer.add("4.txt", "4"));
    CHECK(writer.refused());
    CHECK(out.children.size() == 2);
    REQUIRE(out.warnings.size() == 1);
    CHECK(starts_with(out.warnings[0], "limit exceeded: entry count"));
    CHECK(files_under(scratch.path()).size() == 1);
  }
  SECTION("recorded with the error when the writer lists what it refuses") {
    ExtractContext ctx = context_in(scratch);
    ctx.budget_entries = 0;
    Extraction out;
    ChildWriter writer(ctx, out, "embedded file", ChildWriter::WhenRefused::record);
    CHECK_FALSE(writer.add("1.txt", "1"));
    CHECK_FALSE(writer.add("2.txt", "2"));
    REQUIRE(out.children.size() == 2);
    for (const auto& child : out.children) {
      CHECK(starts_with(child.error, "limit exceeded: entry count"));
      CHECK(child.file.empty());
    }
    CHECK(out.warnings.size() == 1);
    CHECK(fs::is_empty(scratch.path()));
  }
}

TEST_CASE("the child writer: the byte budget", "[children]") {
  TempDir scratch;
  ExtractContext ctx = context_in(scratch);
  ctx.budget_bytes = 10;
  Extraction out;
  ChildWriter writer(ctx, out, "attachment");
  CHECK(writer.add("small.txt", "123456"));
  CHECK_FALSE(writer.add("big.txt", [](const ChunkSink& sink) {
    CHECK(sink("1234"));
    CHECK_FALSE(sink("5678"));
    return std::string();
  }));
  CHECK_FALSE(writer.add("tiny.txt", "1"));
  REQUIRE(out.children.size() == 2);
  CHECK(out.children[1].name == "big.txt");
  CHECK(starts_with(out.children[1].error, "limit exceeded: the bundle's size budget"));
  CHECK(out.children[1].file.empty());
  REQUIRE(out.warnings.size() == 1);
  CHECK(starts_with(out.warnings[0], "limit exceeded: the bundle's size budget"));
  CHECK(out.expanded_bytes == 6);
  CHECK(ctx.budget_bytes == 4);
  CHECK(files_under(scratch.path()).size() == 1);
}

TEST_CASE("the child writer: the per-item cap and the write check", "[children]") {
  TempDir scratch;
  ExtractContext ctx = context_in(scratch);
  ctx.limits.max_item_bytes = 5;
  Extraction out;
  ChildWriter writer(ctx, out, "member");
  CHECK(writer.add("big.txt", "123456"));
  CHECK(writer.add("fits.txt", "12345"));
  writer.set_write_check([](std::uint64_t bytes) {
    return bytes > 2 ? std::string("limit exceeded: expansion ratio over 200:1") : std::string();
  });
  CHECK(writer.add("bomb.txt", "123"));
  CHECK(writer.add_written("written.txt", [](const fs::path& file) {
    test::write_file(file, "1234567");
    return true;
  }));
  REQUIRE(out.children.size() == 4);
  CHECK(out.children[0].error == "limit exceeded: member larger than the per-item limit of 5 bytes");
  CHECK(out.children[1].error.empty());
  CHECK(out.children[2].error == "limit exceeded: expansion ratio over 200:1");
  CHECK(out.children[3].error == "limit exceeded: member larger than the per-item limit of 5 bytes");
  CHECK_FALSE(writer.refused());  // the per-item cap stops one child, not the writer
  CHECK(out.warnings.empty());
  CHECK(out.expanded_bytes == 5);
  CHECK(files_under(scratch.path()).size() == 1);
}
