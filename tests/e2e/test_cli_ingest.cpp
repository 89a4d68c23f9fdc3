// `evidex ingest`, `items`, `text`, `show` through the real binary, as an EPAO's scripts use them.
#include "indexer/store/sqlite.hpp"
#include "tests/support/archive_writer.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <csignal>
#include <set>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace evidex::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string k_letter = "Dear Sir, I escalated the complaint to my team leader on Monday.";

// A showcase-like bundle: good items of several kinds plus the bad inputs an upload brings.
fs::path make_bundle(const TempDir& dir, const std::string& extra_note = "") {
  fs::path corpus = corpus_dir();
  std::vector<Entry> inner{{"inner/feedback.txt", "Customer feedback: very helpful and polite."}};
  write_archive(dir / "inner.zip", inner);
  std::vector<Entry> entries{
      {"showcase/01-letter.txt", k_letter + extra_note},
      {"showcase/02-report.docx", read_file(corpus / "office/xapian__Doc.docx")},
      {"showcase/03-crazyones.pdf", read_file(corpus / "pdf/pypdf__crazyones.pdf")},
      {"showcase/04-thanks.eml", read_file(corpus / "email/tika__testEmailWithPNGAtt.eml")},
      {"showcase/05-nested.zip", read_file(dir / "inner.zip")},
      {"showcase/06-really-a-docx.pdf", read_file(corpus / "office/xapian__Doc.docx")},
      {"showcase/07-empty.txt", ""},
      {"showcase/08-broken.pdf", read_file(corpus / "pdf/pypdf__crazyones.pdf").substr(0, 300)},
      {"showcase/09-encrypted.pdf", read_file(corpus / "pdf/pypdf__r4-aes-user-password.pdf")},
      {"../../escaped.txt", "should never land outside"},
      {"/etc/evidex-absolute.txt", "absolute"},
      {"showcase/link", "", Entry::Kind::symlink, "../../../etc/passwd"},
  };
  fs::path bundle = dir / "bundle.zip";
  write_archive(bundle, entries);
  return bundle;
}

json items_of(const fs::path& store, const std::string& apprentice) {
  Run r = run_evidex(store, {"items", "--apprentice", apprentice, "--format", "json"});
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

const json* find_path(const json& items, const std::string& path) {
  for (const auto& item : items) {
    if (item["path"] == path) {
      return &item;
    }
  }
  return nullptr;
}

// Blob files in the store, and the hashes its records use: equal when nothing is orphaned.
std::pair<std::set<std::string>, std::set<std::string>> blobs_and_references(const fs::path& store) {
  std::set<std::string> files, used;
  if (fs::exists(store / "blobs")) {
    for (const auto& e : fs::recursive_directory_iterator(store / "blobs")) {
      if (e.is_regular_file()) {
        files.insert(e.path().filename().string());
      }
    }
  }
  evidex::indexer::Db db(store / "evidex.sqlite", false);
  auto q = db.prepare("SELECT sha256 FROM items WHERE sha256 <> '' UNION SELECT sha256 FROM bundles");
  while (q.step()) {
    used.insert(q.text(0));
  }
  return {files, used};
}

std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    names.insert(e.path().string());
  }
  return names;
}

}  // namespace

TEST_CASE("ingest keeps every good item and reports each bad one in one line", "[e2e][bad-input]") {
  TempDir work;
  fs::path bundle = make_bundle(work);
  fs::path store = work / "store";
  auto before = listing(work.path());
  Run r = run_evidex(store, {"ingest", bundle.string(), "--apprentice", "A17", "--name", "Sam Patel", "--quiet"});
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("for apprentice A17"));

  // Nothing appeared outside the store and the bundle's folder, whatever the archive's names said.
  for (const auto& p : listing(work.path())) {
    bool known = before.count(p) || p.rfind(store.string(), 0) == 0;
    CHECK((known || p.empty()));
    if (!known) {
      FAIL_CHECK("written outside the store: " << p);
    }
  }
  CHECK_FALSE(fs::exists("/etc/evidex-absolute.txt"));

  json items = items_of(store, "A17");
  auto item = [&](const std::string& path) {
    const json* found = find_path(items, path);
    INFO("item " << path << " in " << items.dump(1));
    REQUIRE(found);
    return *found;
  };
  json letter = item("showcase/01-letter.txt");
  CHECK(letter["error"].is_null());
  CHECK(letter["words"] == 12);
  CHECK(letter["sha256"].get<std::string>().size() == 64);
  for (const char* key : {"path", "mime", "bytes", "words", "sha256", "tags", "error"}) {
    CHECK(letter.contains(key));
  }
  CHECK(item("showcase/05-nested.zip/inner/feedback.txt")["error"].is_null());

  json mislabelled = item("showcase/06-really-a-docx.pdf");
  CHECK(mislabelled["mime"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  CHECK(mislabelled["type_mismatch"] == true);
  CHECK(letter["type_mismatch"] == false);
  CHECK_THAT(mislabelled["warnings"].dump(), Catch::Contains("the name says pdf but the content is docx"));

  CHECK_THAT(item("showcase/07-empty.txt")["error"].get<std::string>(), Catch::StartsWith("empty"));
  CHECK_FALSE(item("showcase/08-broken.pdf")["error"].is_null());
  CHECK_THAT(item("showcase/09-encrypted.pdf")["error"].get<std::string>(), Catch::Contains("encrypted"));
  CHECK_THAT(item("escaped.txt")["error"].get<std::string>(), Catch::StartsWith("unsafe entry"));
  CHECK_THAT(item("showcase/link")["error"].get<std::string>(), Catch::StartsWith("unsafe entry"));

  // The summary names each bad item with its reason.
  CHECK_THAT(r.out, Catch::Contains("error: showcase/09-encrypted.pdf: encrypted"));
  CHECK_THAT(r.out, Catch::Contains("error: showcase/07-empty.txt: empty"));
}

TEST_CASE("text gives the indexed text, show gives the exact original bytes", "[e2e]") {
  TempDir work;
  fs::path bundle = make_bundle(work);
  fs::path store = work / "store";
  REQUIRE(run_evidex(store, {"ingest", bundle.string(), "--apprentice", "A17", "-q"}).exit_code == 0);

  Run text = run_evidex(store, {"text", "--apprentice", "A17", "showcase/01-letter.txt"});
  CHECK(text.exit_code == 0);
  CHECK(text.out == k_letter + "\n");

  Run pdf = run_evidex(store, {"text", "--apprentice", "A17", "showcase/03-crazyones.pdf"});
  CHECK_THAT(pdf.out, Catch::Contains("The misfits."));

  Run show = run_evidex(store, {"show", "--apprentice", "A17", "showcase/02-report.docx", "--out",
                                (work / "copy.docx").string()});
  CHECK(show.exit_code == 0);
  CHECK(read_file(work / "copy.docx") == read_file(corpus_dir() / "office/xapian__Doc.docx"));

  Run missing = run_evidex(store, {"text", "--apprentice", "A17", "no/such/item.pdf"});
  CHECK(missing.exit_code == 3);
  CHECK_THAT(missing.err, Catch::Contains("no/such/item.pdf"));
}

TEST_CASE("re-ingesting the same bundle changes nothing, a new version replaces the old", "[e2e]") {
  TempDir work;
  fs::path bundle = make_bundle(work);
  fs::path store = work / "store";
  REQUIRE(run_evidex(store, {"ingest", bundle.string(), "--apprentice", "A17", "-q"}).exit_code == 0);
  json first = items_of(store, "A17");

  Run again = run_evidex(store, {"ingest", bundle.string(), "--apprentice", "A17", "-q"});
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("unchanged"));
  CHECK(items_of(store, "A17") == first);

  TempDir work2;
  fs::path v2 = make_bundle(work2, " Version two.");
  REQUIRE(run_evidex(store, {"ingest", v2.string(), "--apprentice", "A17", "-q"}).exit_code == 0);
  json second = items_of(store, "A17");
  CHECK(second.size() == first.size());
  Run text = run_evidex(store, {"text", "--apprentice", "A17", "showcase/01-letter.txt"});
  CHECK_THAT(text.out, Catch::Contains("Version two."));
  // The replaced letter's original bytes are gone from the store; the shared ones stay.
  const json* old_letter = find_path(first, "showcase/01-letter.txt");
  const json* docx = find_path(second, "showcase/02-report.docx");
  REQUIRE(old_letter);
  REQUIRE(docx);
  std::string old_sha = (*old_letter)["sha256"];
  std::string docx_sha = (*docx)["sha256"];
  CHECK_FALSE(fs::exists(store / "blobs" / old_sha.substr(0, 2) / old_sha));
  CHECK(fs::exists(store / "blobs" / docx_sha.substr(0, 2) / docx_sha));
}

TEST_CASE("a path that cannot be read exits 3 with one line naming it", "[e2e][bad-input]") {
  TempDir work;
  Run r = run_evidex(work / "store", {"ingest", (work / "missing.zip").string(), "--apprentice", "A1"});
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.err, Catch::Contains("missing.zip"));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);

  Run usage = run_evidex(work / "store", {"ingest", "--apprentice", "A1"});
  CHECK(usage.exit_code == 2);
  Run bad_id = run_evidex(work / "store", {"ingest", work.path().string(), "--apprentice", "../x"});
  CHECK(bad_id.exit_code == 2);
}

TEST_CASE("a killed ingest leaves the store as it was or complete, never half-written", "[e2e][bad-input]") {
  TempDir work;
  // Big enough that kills land mid-way: many small items.
  std::vector<Entry> entries;
  for (int i = 0; i < 300; ++i) {
    entries.push_back({"notes/note-" + std::to_string(i) + ".txt",
                       "Note " + std::to_string(i) + ": I followed up the customer's complaint."});
  }
  write_archive(work / "v2.zip", entries);
  fs::path v1 = make_bundle(work);
  fs::path store = work / "store";
  REQUIRE(run_evidex(store, {"ingest", v1.string(), "--apprentice", "A17", "-q"}).exit_code == 0);
  json original = items_of(store, "A17");

  bool saw_replaced = false;
  for (int delay_ms : {50, 150, 300, 600, 1200}) {
    pid_t pid =
        start_evidex(store, {"ingest", (work / "v2.zip").string(), "--apprentice", "A17", "--replace", "-q"});
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);

    json now = items_of(store, "A17");
    if (now == original) {
      continue;
    }
    // Otherwise the new bundle must be there whole.
    CHECK(now.size() == 300);
    saw_replaced = true;
    // The next writer repairs the index if the kill fell between the two commits; the store then
    // accepts ingests as usual and finds v2 unchanged.
    Run again = run_evidex(store, {"ingest", (work / "v2.zip").string(), "--apprentice", "A17", "--replace", "-q"});
    CHECK(again.exit_code == 0);
    CHECK_THAT(again.out, Catch::Contains("unchanged"));
    break;
  }
  INFO("a kill always landed before the commit: " << !saw_replaced);
  // A killed ingest's work files are removed by the next writer.
  CHECK(run_evidex(store, {"ingest", v1.string(), "--apprentice", "B2", "-q"}).exit_code == 0);
  CHECK(fs::is_empty(store / "tmp"));
  // ... and the originals it had stored before it died: no apprentice's file outlives its record.
  auto [files, used] = blobs_and_references(store);
  CHECK(files == used);
}

TEST_CASE("Ctrl-C stops an ingest and leaves the store unchanged", "[e2e]") {
  TempDir work;
  std::vector<Entry> entries;
  for (int i = 0; i < 400; ++i) {
    entries.push_back({"n" + std::to_string(i) + ".txt", "text " + std::to_string(i)});
  }
  write_archive(work / "big.zip", entries);
  fs::path store = work / "store";
  pid_t pid = start_evidex(store, {"ingest", (work / "big.zip").string(), "--apprentice", "A1", "-q"});
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  if (WEXITSTATUS(status) == 130) {
    Run items = run_evidex(store, {"items", "--apprentice", "A1"});
    CHECK(items.exit_code == 3);  // never committed: the apprentice is not there
    auto [files, used] = blobs_and_references(store);
    CHECK(files.empty());  // and none of the files it had started to store are left
  } else {
    CHECK(WEXITSTATUS(status) == 0);  // finished before the signal arrived
  }
}

TEST_CASE("an upload cut short keeps what it holds, and the store remembers it was cut", "[e2e][bad-input]") {
  TempDir work;
  std::vector<Entry> entries;
  for (int i = 0; i < 40; ++i) {
    entries.emplace_back("letters/letter-" + std::to_string(i) + ".txt",
                         "Letter " + std::to_string(i) + ": thank you for your patience with the claim.");
  }
  write_archive(work / "full.zip", entries);
  std::string bytes = read_file(work / "full.zip");
  write_file(work / "cut.zip", bytes.substr(0, bytes.size() / 2));
  fs::path store = work / "store";
  REQUIRE(run_evidex(store, {"ingest", (work / "cut.zip").string(), "--apprentice", "C3", "-q"}).exit_code == 0);
  json items = items_of(store, "C3");
  CHECK(items.size() >= 10);  // the members before the cut are kept
  CHECK(items.size() < 40);
  Run text = run_evidex(store, {"items", "--apprentice", "C3"});
  CHECK_THAT(text.out, Catch::Contains("warning: cut.zip:"));
}
