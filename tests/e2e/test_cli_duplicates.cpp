// `evidex duplicates` and `evidex template` through the binary: what an IQA looking for copied
// work across a cohort, and an apprentice checking their own showcase, see.
#include "indexer/store/signatures.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace evidex::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

/// Five apprentices of a cohort, each a folder bundle of fixtures/duplicates files:
/// P001 Priya Shah and P002 Jordan Lee are colleagues at Brightwater Energy; Jordan copied Priya's
/// account (15 % of its words edited) and her filled-in witness statement. P004 handed in Tom's
/// (P003) account as extra evidence. Everybody has blank forms; nobody else copied anything.
struct CohortStore {
  TempDir work;
  fs::path store = work / "store";

  void bundle(const std::string& apprentice, const std::vector<std::pair<std::string, std::string>>& files) {
    fs::path dir = work / apprentice;
    fs::create_directories(dir);
    for (const auto& [name, source] : files) {
      fs::copy_file(fixture("duplicates/" + source), dir / name);
    }
    Run run = run_evidex(store, {"ingest", dir.string(), "--apprentice", apprentice, "--quiet"});
    REQUIRE(run.exit_code == 0);
  }

  CohortStore() {
    bundle("P001", {{"01 Complaint account.txt", "accounts/priya-shah-complaint.txt"},
                    {"Declaration.docx", "forms/declaration-priya-shah.docx"},
                    {"witness.docx", "forms/witness-statement-priya-shah.docx"},
                    {"blank witness form.docx", "forms/witness-statement-blank.docx"},
                    {"review.odt", "forms/progress-review-blank.odt"}});
    bundle("P002", {{"my account.txt", "accounts/priya-shah-complaint-edited-15.txt"},
                    {"Declaration.docx", "forms/declaration-jordan-lee.docx"},
                    {"witness.docx", "forms/witness-statement-copied.docx"},
                    {"witness form.docx", "forms/witness-statement-blank.docx"},
                    {"declaration form.docx", "forms/declaration-blank.docx"},
                    {"review.odt", "forms/progress-review-blank.odt"}});
    bundle("P003", {{"account.txt", "accounts/tom-reilly-complaint.txt"},
                    {"review.odt", "forms/progress-review-tom-reilly.odt"},
                    {"declaration.docx", "forms/declaration-blank.docx"}});
    bundle("P004", {{"account.txt", "accounts/aisha-khan-complaint.txt"},
                    {"extra evidence.txt", "accounts/tom-reilly-complaint.txt"},
                    {"review.odt", "forms/progress-review-aisha-khan.odt"}});
    bundle("P005", {{"account.txt", "accounts/ben-okafor-complaint.txt"},
                    {"declaration.docx", "forms/declaration-blank.docx"},
                    {"witness.docx", "forms/witness-statement-blank.docx"}});
  }

  json duplicates(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"duplicates", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    Run run = run_evidex(store, args);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    return json::parse(run.out);
  }
};

using Members = std::set<std::pair<std::string, std::string>>;

Members members(const json& group) {
  Members out;
  for (const auto& i : group["items"]) {
    out.emplace(i["apprentice"].get<std::string>(), i["path"].get<std::string>());
  }
  return out;
}

/// The group with exactly these members, or null.
json group_of(const json& result, const Members& wanted) {
  for (const auto& g : result["groups"]) {
    if (members(g) == wanted) {
      return g;
    }
  }
  return nullptr;
}

bool mentions(const json& result, const std::string& apprentice, const std::string& path) {
  for (const auto& g : result["groups"]) {
    if (members(g).count({apprentice, path})) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("duplicates of the sample showcase: the account and its PDF export", "[e2e][duplicates]") {
  TempDir work;
  REQUIRE(run_evidex(work / "store", {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A001",
                                      "--quiet"})
              .exit_code == 0);
  Run run = run_evidex(work / "store", {"duplicates", "--format", "json"});
  REQUIRE(run.exit_code == 0);
  json result = json::parse(run.out);
  REQUIRE(result["groups"].size() == 1);
  json g = result["groups"][0];
  CHECK(g["kind"] == "same-text");
  CHECK(g["similarity"] == 1.0);
  CHECK(g["cross_apprentice"] == false);
  CHECK(g["apprentices"] == json::array({"A001"}));
  CHECK(members(g) == Members{{"A001", "Showcase/01 Reflective account - handling a complaint (12S3, 12S6).docx"},
                              {"A001", "Showcase/02 Reflective account - handling a complaint.pdf"}});

  Run text = run_evidex(work / "store", {"duplicates", "--apprentice", "A001"});
  REQUIRE(text.exit_code == 0);
  CHECK_THAT(text.out,
             Catch::Contains("1. same-text, similarity 1.00") && Catch::Contains("within one showcase (A001)") &&
                 Catch::Contains("A001:  Showcase/02 Reflective account - handling a complaint.pdf") &&
                 Catch::Contains("1 group of duplicates (0 exact, 1 same-text, 0 near); 0 across apprentices"));
  CHECK_THAT(text.out, !Catch::Contains("\033["));  // not a terminal: no colour

  Run csv = run_evidex(work / "store", {"duplicates", "--format", "csv"});
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out == "group,kind,similarity,cross_apprentice,apprentice,path\r\n"
                   "1,same-text,1.00,false,A001,\"Showcase/01 Reflective account - handling a complaint (12S3, "
                   "12S6).docx\"\r\n"
                   "1,same-text,1.00,false,A001,Showcase/02 Reflective account - handling a complaint.pdf\r\n");
}

TEST_CASE("duplicates across a cohort: copies found, shared forms and different accounts not", "[e2e][duplicates]") {
  CohortStore c;
  json result = c.duplicates();
  INFO(result.dump(1));

  // The cross-apprentice near copy of an account, 15 % of its words edited.
  json account = group_of(result, {{"P001", "01 Complaint account.txt"}, {"P002", "my account.txt"}});
  REQUIRE(account.is_object());
  CHECK(account["kind"] == "near");
  CHECK(account["cross_apprentice"] == true);
  CHECK(account["risk"] == "authenticity");
  CHECK(account["similarity"].get<double>() >= 0.3);
  CHECK(account["similarity"].get<double>() < 0.6);
  CHECK(account["pairs"].size() == 1);
  // The filled-in witness statement Jordan copied from Priya's.
  json witness = group_of(result, {{"P001", "witness.docx"}, {"P002", "witness.docx"}});
  REQUIRE(witness.is_object());
  CHECK(witness["kind"] == "near");
  // Tom's account handed in by Aisha under another name.
  json exact = group_of(result, {{"P003", "account.txt"}, {"P004", "extra evidence.txt"}});
  REQUIRE(exact.is_object());
  CHECK(exact["kind"] == "exact");
  CHECK(exact["reason"] == "byte-identical files under different names");
  // Not copying: blank built-in forms (even byte-identical ones), the two declarations filled in
  // at one employer on one day, and four different accounts of handling a complaint.
  for (const auto& [apprentice, path] : std::vector<std::pair<std::string, std::string>>{
           {"P001", "blank witness form.docx"}, {"P002", "witness form.docx"}, {"P002", "declaration form.docx"},
           {"P003", "declaration.docx"}, {"P005", "declaration.docx"}, {"P005", "witness.docx"},
           {"P001", "Declaration.docx"}, {"P002", "Declaration.docx"}, {"P004", "account.txt"},
           {"P005", "account.txt"}}) {
    INFO(apprentice << ": " << path);
    CHECK_FALSE(mentions(result, apprentice, path));
  }
  // The training provider's review form is not registered, but four apprentices hold its text (two
  // blank copies, two filled in): a template by frequency, neither the blank copies nor the
  // filled-in reviews are copying.
  for (const char* apprentice : {"P001", "P002", "P003", "P004"}) {
    INFO(apprentice);
    CHECK_FALSE(mentions(result, apprentice, "review.odt"));
  }

  Run text = run_evidex(c.store, {"duplicates"});
  REQUIRE(text.exit_code == 0);
  CHECK_THAT(text.out,
             Catch::Contains("AUTHENTICITY RISK: the same or copied evidence from 2 apprentices (P001, P002)") &&
                 Catch::Contains("near copies: about") && Catch::Contains("across apprentices"));

  // Per apprentice: every group with one of their items, including those with other apprentices.
  json p3 = c.duplicates({"--apprentice", "P003"});
  for (const auto& g : p3["groups"]) {
    std::set<std::string> who(g["apprentices"].begin(), g["apprentices"].end());
    CHECK(who.count("P003"));
  }
  CHECK(group_of(p3, {{"P003", "account.txt"}, {"P004", "extra evidence.txt"}}).is_object());
  Run none = run_evidex(c.store, {"duplicates", "--apprentice", "P005"});
  REQUIRE(none.exit_code == 0);
  CHECK_THAT(none.out, Catch::Contains("No duplicates found.") && Catch::Contains("0 groups of duplicates"));

  // A stricter threshold keeps the witness statement (names changed only) and drops the account.
  json strict = c.duplicates({"--threshold", "0.5"});
  CHECK(group_of(strict, {{"P001", "witness.docx"}, {"P002", "witness.docx"}}).is_object());
  CHECK_FALSE(group_of(strict, {{"P001", "01 Complaint account.txt"}, {"P002", "my account.txt"}}).is_object());
}

TEST_CASE("template add, list and remove: a registered form stops counting as copying", "[e2e][duplicates]") {
  CohortStore c;
  Run add = run_evidex(c.store, {"template", "add", fixture("duplicates/forms/progress-review-blank.odt").string(),
                                 "--name", "Harbourside monthly review"});
  INFO(add.err);
  REQUIRE(add.exit_code == 0);
  CHECK_THAT(add.out, Catch::StartsWith("Registered template 1 'Harbourside monthly review'") &&
                          Catch::Contains("recomputed the signatures of 20 items"));

  json result = c.duplicates();
  INFO(result.dump(1));
  for (const char* apprentice : {"P001", "P002", "P003", "P004"}) {
    CHECK_FALSE(mentions(result, apprentice, "review.odt"));
  }
  CHECK(result["groups"].size() == 3);  // the account, the witness statement, the exact copy

  Run again = run_evidex(c.store, {"template", "add", fixture("duplicates/forms/progress-review-blank.odt").string()});
  REQUIRE(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("already registered as template 1"));

  Run list = run_evidex(c.store, {"template", "list", "--format", "json"});
  REQUIRE(list.exit_code == 0);
  json templates = json::parse(list.out)["templates"];
  REQUIRE(templates.size() == 3);
  CHECK(templates[0]["key"] == "declaration-of-authenticity");
  CHECK(templates[0]["builtin"] == true);
  CHECK(templates[0]["id"].is_null());
  CHECK(templates[1]["key"] == "witness-statement");
  CHECK(templates[2]["id"] == 1);
  CHECK(templates[2]["name"] == "Harbourside monthly review");
  CHECK(templates[2]["builtin"] == false);
  CHECK(templates[2]["words"].get<int>() > 100);
  Run text_list = run_evidex(c.store, {"template", "list"});
  CHECK_THAT(text_list.out, Catch::Contains("Harbourside monthly review") && Catch::Contains("built in") &&
                                Catch::Contains("3 templates (2 built in, 1 registered"));

  Run remove = run_evidex(c.store, {"template", "remove", "1"});
  REQUIRE(remove.exit_code == 0);
  CHECK_THAT(remove.out, Catch::Contains("Removed template 1 'Harbourside monthly review'"));
  CHECK(c.duplicates()["groups"].size() == 3);  // the review is a template by frequency anyway

  // Mistakes: exit 3 for what cannot be found or read, 2 for a wrong command line.
  Run gone = run_evidex(c.store, {"template", "remove", "1"});
  CHECK(gone.exit_code == 3);
  CHECK_THAT(gone.err, Catch::Contains("template 1: no such template"));
  Run builtin = run_evidex(c.store, {"template", "remove", "witness-statement"});
  CHECK(builtin.exit_code == 2);
  CHECK_THAT(builtin.err, Catch::Contains("built in and cannot be removed"));
  CHECK(run_evidex(c.store, {"template", "remove", "first"}).exit_code == 2);
  write_file(c.work / "tiny.txt", "Name:\nDate:\n");
  Run tiny = run_evidex(c.store, {"template", "add", (c.work / "tiny.txt").string()});
  CHECK(tiny.exit_code == 3);
  CHECK_THAT(tiny.err, Catch::Contains("tiny.txt: too little text for a template"));
  Run missing = run_evidex(c.store, {"template", "add", (c.work / "nothing.txt").string()});
  CHECK(missing.exit_code == 3);
  CHECK_THAT(missing.err, Catch::Contains("nothing.txt: not a readable file"));
  // A plain text file is read as it is.
  write_file(c.work / "form.txt", read_file(fixture("duplicates/accounts/tom-reilly-complaint.txt")));
  REQUIRE(run_evidex(c.store, {"template", "add", (c.work / "form.txt").string()}).exit_code == 0);
  CHECK_FALSE(mentions(c.duplicates(), "P003", "account.txt"));
}

TEST_CASE("duplicates: usage errors and missing stores", "[e2e][duplicates]") {
  TempDir work;
  Run no_store = run_evidex(work / "store", {"duplicates"});
  CHECK(no_store.exit_code == 3);
  CHECK_THAT(no_store.err, Catch::Contains("no evidex store here"));
  // The built-in templates are listed even without a store.
  Run list = run_evidex(work / "store", {"template", "list"});
  CHECK(list.exit_code == 0);
  CHECK_THAT(list.out, Catch::Contains("Declaration of Authenticity"));

  REQUIRE(run_evidex(work / "store", {"ingest", fixture("duplicates/accounts").string(), "--apprentice", "P1",
                                      "--quiet"})
              .exit_code == 0);
  for (const char* threshold : {"0", "-0.1", "1.5", "high"}) {
    INFO(threshold);
    CHECK(run_evidex(work / "store", {"duplicates", "--threshold", threshold}).exit_code == 2);
  }
  CHECK(run_evidex(work / "store", {"duplicates", "--format", "xml"}).exit_code == 2);
  Run unknown = run_evidex(work / "store", {"duplicates", "--apprentice", "P9"});
  CHECK(unknown.exit_code == 3);
  CHECK_THAT(unknown.err, Catch::Contains("apprentice 'P9'"));
  // The fixtures folder itself: Priya's account and its edited copy, in one showcase.
  json result = json::parse(run_evidex(work / "store", {"duplicates", "--format", "json", "--threshold", "1"}).out);
  CHECK(result["groups"].empty());
  result = json::parse(run_evidex(work / "store", {"duplicates", "--format", "json"}).out);
  REQUIRE(result["groups"].size() == 1);
  CHECK(members(result["groups"][0]) ==
        Members{{"P1", "priya-shah-complaint-edited-15.txt"}, {"P1", "priya-shah-complaint.txt"}});
  CHECK(result["groups"][0]["risk"] == "repetition");
}

TEST_CASE("duplicates computes the signatures a store lacks, once", "[e2e][duplicates]") {
  TempDir work;
  REQUIRE(run_evidex(work / "store", {"ingest", fixture("duplicates/accounts").string(), "--apprentice", "P1",
                                      "--quiet"})
              .exit_code == 0);
  {
    evidex::indexer::Store store(work / "store", evidex::indexer::Store::Mode::read);
    CHECK(evidex::indexer::missing_signatures(store) == 0);  // the ingest wrote them
  }
  {
    // As a store written before signatures existed would be.
    evidex::indexer::Store store(work / "store", evidex::indexer::Store::Mode::write);
    evidex::indexer::clear_signatures(store);
    CHECK(evidex::indexer::missing_signatures(store) == 5);
  }
  json result = json::parse(run_evidex(work / "store", {"duplicates", "--format", "json"}).out);
  CHECK(result["groups"].size() == 1);
  evidex::indexer::Store store(work / "store", evidex::indexer::Store::Mode::read);
  CHECK(evidex::indexer::missing_signatures(store) == 0);
}
