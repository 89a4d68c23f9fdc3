// `evidex duplicates` through the binary on forms nobody registered: a training provider's own
// wording of the Declaration of Authenticity, and a provider's progress review filled in by several
// apprentices, beside real copying that must still be found. Fixtures: fixtures/duplicates/.
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace evidex::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Files = std::vector<std::pair<std::string, std::string>>;  // name in the bundle, fixture
using Members = std::set<std::pair<std::string, std::string>>;

struct Cohort {
  TempDir work;
  fs::path store = work / "store";

  void bundle(const std::string& apprentice, const Files& files) {
    fs::path dir = work / apprentice;
    fs::create_directories(dir);
    for (const auto& [name, source] : files) {
      fs::copy_file(fixture("duplicates/" + source), dir / name);
    }
    REQUIRE(run_evidex(store, {"ingest", dir.string(), "--apprentice", apprentice, "--quiet"}).exit_code == 0);
  }

  json duplicates() {
    Run run = run_evidex(store, {"duplicates", "--format", "json"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    return json::parse(run.out);
  }
};

Members members(const json& group) {
  Members out;
  for (const auto& i : group["items"]) {
    out.emplace(i["apprentice"].get<std::string>(), i["path"].get<std::string>());
  }
  return out;
}

bool mentions(const json& result, const std::string& apprentice, const std::string& path) {
  for (const auto& g : result["groups"]) {
    if (members(g).count({apprentice, path})) {
      return true;
    }
  }
  return false;
}

json group_of(const json& result, const Members& wanted) {
  for (const auto& g : result["groups"]) {
    if (members(g) == wanted) {
      return g;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("duplicates: two declarations in a provider's own wording are not copies, a copied account is",
          "[e2e][duplicates]") {
  // Only two apprentices, so nothing is common enough to be a template by frequency: the form is
  // recognised as the Declaration of Authenticity.
  Cohort c;
  c.bundle("P001", {{"Declaration.docx", "forms/provider-declaration-priya-shah.docx"},
                    {"01 Complaint account.txt", "accounts/priya-shah-complaint.txt"}});
  c.bundle("P002", {{"Learner declaration.docx", "forms/provider-declaration-jordan-lee.docx"},
                    {"my account.txt", "accounts/priya-shah-complaint-edited-15.txt"}});
  json result = c.duplicates();
  INFO(result.dump(1));
  CHECK_FALSE(mentions(result, "P001", "Declaration.docx"));
  CHECK_FALSE(mentions(result, "P002", "Learner declaration.docx"));
  json account = group_of(result, {{"P001", "01 Complaint account.txt"}, {"P002", "my account.txt"}});
  REQUIRE(account.is_object());
  CHECK(account["kind"] == "near");
  CHECK(account["cross_apprentice"] == true);
  CHECK(result["groups"].size() == 1);

  // The declaration check reads the same items as the form.
  Run d = run_evidex(c.store, {"declaration", "--apprentice", "P002", "--format", "json"});
  REQUIRE(d.exit_code == 0);
  json declaration = json::parse(d.out);
  CHECK(declaration["path"] == "Learner declaration.docx");
  CHECK(declaration["status"] != "missing");
}

TEST_CASE("duplicates: a provider's review form filled in by three apprentices is a template nobody registered",
          "[e2e][duplicates]") {
  Cohort c;
  c.bundle("P001", {{"review.odt", "forms/progress-review-tom-reilly.odt"},
                    {"01 Complaint account.txt", "accounts/priya-shah-complaint.txt"}});
  c.bundle("P002", {{"review.odt", "forms/progress-review-aisha-khan.odt"},
                    {"my account.txt", "accounts/priya-shah-complaint-edited-15.txt"}});
  c.bundle("P003", {{"March review.odt", "forms/progress-review-ben-okafor.odt"},
                    {"account.txt", "accounts/ben-okafor-complaint.txt"}});
  json result = c.duplicates();
  INFO(result.dump(1));
  CHECK_FALSE(mentions(result, "P001", "review.odt"));
  CHECK_FALSE(mentions(result, "P002", "review.odt"));
  CHECK_FALSE(mentions(result, "P003", "March review.odt"));
  // The copied account is still a near copy, as strong as without the reviews.
  json account = group_of(result, {{"P001", "01 Complaint account.txt"}, {"P002", "my account.txt"}});
  REQUIRE(account.is_object());
  CHECK(account["similarity"].get<double>() >= 0.3);
  CHECK(result["groups"].size() == 1);
}

TEST_CASE("duplicates: a form held by only two apprentices is not a template by frequency", "[e2e][duplicates]") {
  // Two filled-in reviews of one provider: shared wording of two apprentices may be copying, so
  // they are compared (the second look discounts text only when three or more apprentices hold it).
  Cohort c;
  c.bundle("P001", {{"review.odt", "forms/progress-review-tom-reilly.odt"}});
  c.bundle("P002", {{"review.odt", "forms/progress-review-aisha-khan.odt"}});
  json result = c.duplicates();
  INFO(result.dump(1));
  CHECK(group_of(result, {{"P001", "review.odt"}, {"P002", "review.odt"}}).is_object());
}

TEST_CASE("duplicates: a provider's blank form uploaded by two apprentices, byte for byte, is not copying",
          "[e2e][duplicates]") {
  // The form is unknown to evidex and one file, so it is neither a registered template nor text
  // that several apprentices filled in: only its empty fields say it is a blank form. A filled-in
  // witness statement handed in by a second apprentice, byte for byte, is still copying.
  Cohort c;
  c.bundle("P001", {{"review.odt", "forms/progress-review-blank.odt"},
                    {"witness.docx", "forms/witness-statement-priya-shah.docx"}});
  c.bundle("P002", {{"Monthly review form.odt", "forms/progress-review-blank.odt"},
                    {"my witness statement.docx", "forms/witness-statement-priya-shah.docx"}});
  json result = c.duplicates();
  INFO(result.dump(1));
  CHECK_FALSE(mentions(result, "P001", "review.odt"));
  CHECK_FALSE(mentions(result, "P002", "Monthly review form.odt"));
  json copied = group_of(result, {{"P001", "witness.docx"}, {"P002", "my witness statement.docx"}});
  REQUIRE(copied.is_object());
  CHECK(copied["kind"] == "exact");
  CHECK(copied["cross_apprentice"] == true);
  CHECK(result["groups"].size() == 1);

  // The check of either apprentice blocks on the copied statement only.
  Run check = run_evidex(c.store, {"check", "--apprentice", "P002", "--format", "json"});
  INFO(check.out);
  json blocking = json::parse(check.out)["blocking"];
  std::set<std::string> duplicate_paths;
  for (const auto& b : blocking) {
    if (b["code"] == "duplicate") {
      duplicate_paths.insert(b["path"].get<std::string>());
    }
  }
  CHECK(duplicate_paths == std::set<std::string>{"my witness statement.docx"});
}

TEST_CASE("duplicates: a blank form as ODT and as its PDF, held by three apprentices, is not copying",
          "[e2e][duplicates]") {
  // Same text in two layouts and byte-identical PDFs: exact, same-text or near, a blank form is
  // never a group; the copied account beside it still is.
  Cohort c;
  c.bundle("P001", {{"review.odt", "forms/progress-review-blank.odt"},
                    {"01 Complaint account.txt", "accounts/priya-shah-complaint.txt"}});
  c.bundle("P002", {{"review.pdf", "forms/progress-review-blank.pdf"},
                    {"my account.txt", "accounts/priya-shah-complaint-edited-15.txt"}});
  c.bundle("P003", {{"Progress review (blank).pdf", "forms/progress-review-blank.pdf"},
                    {"account.txt", "accounts/ben-okafor-complaint.txt"}});
  json result = c.duplicates();
  INFO(result.dump(1));
  CHECK_FALSE(mentions(result, "P001", "review.odt"));
  CHECK_FALSE(mentions(result, "P002", "review.pdf"));
  CHECK_FALSE(mentions(result, "P003", "Progress review (blank).pdf"));
  json account = group_of(result, {{"P001", "01 Complaint account.txt"}, {"P002", "my account.txt"}});
  REQUIRE(account.is_object());
  CHECK(account["kind"] == "near");
  CHECK(account["similarity"].get<double>() >= 0.3);
  CHECK(result["groups"].size() == 1);
}

TEST_CASE("duplicates: a short blank sign-off sheet uploaded by two apprentices is not an exact copy",
          "[e2e][duplicates]") {
  // Sixteen words, fewer than an item needs to be compared for same text or near copies: only the
  // exact comparison sees it, and a blank form is not copying however short it is.
  const std::string sheet = "Team huddle sign off sheet\nApprentice name:\nEmployer name:\nDate of huddle:\n"
                            "Manager name:\nManager signature:\n";
  Cohort c;
  for (const char* apprentice : {"P001", "P002"}) {
    fs::path dir = c.work / apprentice;
    fs::create_directories(dir);
    write_file(dir / "Huddle sign-off sheet.txt", sheet);
    REQUIRE(run_evidex(c.store, {"ingest", dir.string(), "--apprentice", apprentice, "--quiet"}).exit_code == 0);
  }
  json result = c.duplicates();
  INFO(result.dump(1));
  CHECK(result["groups"].empty());
}

TEST_CASE("duplicates: a filled-in review handed in again beside blank copies of the form is still an exact copy",
          "[e2e][duplicates]") {
  // The blank copies make the form's skeleton template text; the answers written into the filled-in
  // review are its own words, so the second apprentice's copy of it is still copying.
  Cohort c;
  c.bundle("P001", {{"review.odt", "forms/progress-review-tom-reilly.odt"},
                    {"blank review.odt", "forms/progress-review-blank.odt"}});
  c.bundle("P002", {{"March review.odt", "forms/progress-review-tom-reilly.odt"},
                    {"review form.pdf", "forms/progress-review-blank.pdf"}});
  c.bundle("P003", {{"review (blank).odt", "forms/progress-review-blank.odt"}});
  json result = c.duplicates();
  INFO(result.dump(1));
  json copied = group_of(result, {{"P001", "review.odt"}, {"P002", "March review.odt"}});
  REQUIRE(copied.is_object());
  CHECK(copied["kind"] == "exact");
  CHECK_FALSE(mentions(result, "P001", "blank review.odt"));
  CHECK_FALSE(mentions(result, "P002", "review form.pdf"));
  CHECK_FALSE(mentions(result, "P003", "review (blank).odt"));
  CHECK(result["groups"].size() == 1);
}
