// The IQA sample's candidates, made from a real store: evidence types, methods with evidence, the
// verdict and the risk flags that come from the apprentice's own evidence set.
#include "indexer/store/store.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/sha256.hpp"
#include "query/iqa/sample_candidates.hpp"
#include "tests/support/standards.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace evidex;
using indexer::NewTag;

namespace {

const mapping::Standard& st0072() { return test::shipped_standard("ST0072"); }

const mapping::StandardLibrary& library() {
  static const mapping::StandardLibrary shipped(mapping::standard_dirs());
  return shipped;
}

indexer::NewItem item(const std::string& path, const std::string& type, const std::string& error = "") {
  indexer::NewItem i;
  i.record.path = path;
  i.record.type = type;
  i.record.sha256 = sha256_hex(path);
  i.record.error = error;
  i.text = error.empty() ? "Evidence: " + path : "";
  return i;
}

// Appendix 4's form as plain text, as tests/query/authenticity/test_declaration.cpp writes it.
indexer::NewItem declaration(const std::string& name, const std::string& signature = "S. Patel") {
  indexer::NewItem i = item("08 Declaration of Authenticity.txt", "text");
  i.text = "Declaration of Authenticity\n"
           "I confirm that the work/evidence uploaded is my own work and has been personally created by me.\n"
           "Apprentice name\t" +
           name + "\nApprentice signature\t" + signature +
           "\nDate\t20/02/2026\n"
           "I confirm that the Showcase work/evidence is that of the above member of staff\n"
           "Employer name\tDaniel Brooks\nEmployer signature\tD. Brooks\nDate\t20/02/2026\n";
  return i;
}

struct CandidateStore {
  test::TempDir dir;
  indexer::Store store{dir / "store", indexer::Store::Mode::write};

  void add(const indexer::ApprenticeInfo& who, const std::vector<indexer::NewItem>& items) {
    store.put_bundle(who, indexer::BundleInfo{}, items);
  }

  // Explicit tags on the apprentice's showcase.pdf for every showcase pass criterion and the first
  // `distinctions` distinction criteria.
  void tag_showcase(const std::string& apprentice, std::size_t distinctions) {
    std::int64_t first = store.item(apprentice, "showcase.pdf")->id;
    std::vector<NewTag> tags;
    std::size_t d = 0;
    for (const auto* c : st0072().criteria_for("showcase")) {
      if (c->distinction_in("showcase") && d++ >= distinctions) {
        continue;
      }
      tags.push_back({first, c->ref, "explicit", std::nullopt, c->ref, "text", 0, ""});
    }
    store.replace_tags(apprentice, tags, {});
  }
};

const query::SampleCandidate& candidate(const std::vector<query::SampleCandidate>& all, const std::string& id) {
  auto it = std::find_if(all.begin(), all.end(), [&](const query::SampleCandidate& c) { return c.apprentice == id; });
  REQUIRE(it != all.end());
  return *it;
}

}  // namespace

TEST_CASE("sample candidates: one per apprentice, in id order, with assessor and evidence types", "[sample]") {
  CandidateStore s;
  s.add({"B2", "Bo Jones", "ST0072", ""}, {item("notes.txt", "text")});
  s.add({"A1", "Sam Patel", "ST0072", "IEA7"},
        {item("account.docx", "docx"), item("call.wav", "audio"), item("more.docx", "docx"), declaration("Sam Patel")});
  auto all = query::collect_candidates(s.store, library());
  REQUIRE(all.size() == 2);
  CHECK(all[0].apprentice == "A1");
  CHECK(all[1].apprentice == "B2");

  const auto& a = candidate(all, "A1");
  CHECK(a.name == "Sam Patel");
  CHECK(a.assessor == "IEA7");
  CHECK(a.standard == "ST0072");
  CHECK(a.evidence_types == std::vector<std::string>{"audio", "docx", "text"});
  CHECK(a.items == 4);
  CHECK(a.location.empty());  // the store does not know where the assessment took place
  CHECK(a.declaration == "complete");
  CHECK(a.risks.empty());
  CHECK(candidate(all, "B2").assessor.empty());
}

TEST_CASE("sample candidates: the verdict, methods with evidence and a distinction-ready flag", "[sample]") {
  CandidateStore s;
  s.add({"D1", "Sam Patel", "ST0072", "E1"}, {item("showcase.pdf", "pdf"), declaration("Sam Patel")});
  s.add({"P1", "Sam Patel", "ST0072", "E1"}, {item("showcase.pdf", "pdf"), declaration("Sam Patel")});
  s.add({"N1", "Sam Patel", "ST0072", "E1"}, {item("showcase.pdf", "pdf"), declaration("Sam Patel")});
  s.tag_showcase("D1", 7);  // 7 of 10 distinction criteria: distinction-ready
  s.tag_showcase("P1", 6);
  auto all = query::collect_candidates(s.store, library());

  const auto& d = candidate(all, "D1");
  CHECK(d.verdict == "distinction-ready");
  CHECK(d.risks == std::vector<std::string>{"distinction-ready verdict (grade boundary)"});
  // ST0072's 11S1-11S3 are assessed by the showcase and by the observation.
  CHECK(d.methods == std::vector<std::string>{"observation", "showcase"});

  const auto& p = candidate(all, "P1");
  CHECK(p.verdict == "pass-ready");
  CHECK(p.risks.empty());

  const auto& n = candidate(all, "N1");
  CHECK(n.verdict == "not-ready");
  CHECK(n.methods.empty());
  CHECK(n.risks.empty());
}

TEST_CASE("sample candidates: items that could not be read are a risk, naming them", "[sample]") {
  CandidateStore s;
  s.add({"A1", "Sam Patel", "ST0072", ""},
        {item("a.docx", "docx"), item("slides.pptx", "pptx", "corrupt zip"), declaration("Sam Patel")});
  std::vector<indexer::NewItem> many{item("ok.txt", "text"), declaration("Sam Patel")};
  for (int i = 1; i <= 5; ++i) {
    many.push_back(item("bad" + std::to_string(i) + ".pdf", "pdf", "encrypted"));
  }
  s.add({"A2", "Sam Patel", "ST0072", ""}, many);
  auto all = query::collect_candidates(s.store, library());
  CHECK(candidate(all, "A1").risks == std::vector<std::string>{"1 item could not be read: slides.pptx"});
  CHECK(candidate(all, "A2").risks ==
        std::vector<std::string>{"5 items could not be read: bad1.pdf, bad2.pdf, bad3.pdf and 2 more"});
}

TEST_CASE("sample candidates: a declaration missing, incomplete or in another name is a risk", "[sample]") {
  CandidateStore s;
  s.add({"A1", "Sam Patel", "ST0072", ""}, {item("account.docx", "docx")});
  s.add({"A2", "Sam Patel", "ST0072", ""}, {declaration("Sam Patel", "")});
  s.add({"A3", "Sam Patel", "ST0072", ""}, {declaration("Jordan Reid")});
  s.add({"A4", "", "ST0072", ""}, {declaration("Jordan Reid")});  // no registered name: nothing to compare
  auto all = query::collect_candidates(s.store, library());
  // The forms filled in alike are near copies of each other too: only the declaration's flags here.
  auto declaration_risks = [&](const std::string& id) {
    std::vector<std::string> out;
    for (const auto& r : candidate(all, id).risks) {
      if (r.rfind("declaration", 0) == 0) {
        out.push_back(r);
      }
    }
    return out;
  };
  CHECK(candidate(all, "A1").declaration == "missing");
  CHECK(candidate(all, "A1").risks == std::vector<std::string>{"declaration missing"});
  CHECK(candidate(all, "A2").declaration == "incomplete");
  CHECK(declaration_risks("A2") == std::vector<std::string>{"declaration incomplete (apprentice signature missing)"});
  CHECK(candidate(all, "A3").declaration == "complete");
  CHECK(declaration_risks("A3") ==
        std::vector<std::string>{"declaration name mismatch ('Jordan Reid' on the form, 'Sam Patel' registered)"});
  CHECK(declaration_risks("A4").empty());
}

TEST_CASE("sample candidates: copies shared with other apprentices are a risk, copies in one bundle are not",
          "[sample]") {
  const std::string account =
      "On the Tuesday shift a customer rang about a burst pipe claim that had been waiting for an assessor "
      "for nine days. I listened to the whole story before asking questions, checked the policy wording for "
      "escape of water, and found the visit had been booked against the wrong postcode. I rebooked it for "
      "the next morning, arranged a dehumidifier through our approved supplier, and called the customer back "
      "within the hour to confirm. I logged the root cause so the booking team could fix the template.";
  std::string edited = account;
  edited.replace(edited.find("nine days"), 9, "eleven days");
  edited.replace(edited.find("Tuesday"), 7, "Friday");
  auto text_item = [](const std::string& path, const std::string& type, const std::string& text,
                      const std::string& bytes) {
    indexer::NewItem i = item(path, type);
    i.text = text;
    i.record.words = 85;
    i.record.bytes = 4096;
    i.record.sha256 = sha256_hex(bytes);
    return i;
  };
  CandidateStore s;
  // C1 and C2 hold the same file; C3 an edited copy of it; C4 its own account as DOCX and as PDF.
  s.add({"C2", "Sam Patel", "ST0072", ""},
        {text_item("my account.docx", "docx", account, "docx bytes"), declaration("Sam Patel")});
  s.add({"C3", "Sam Patel", "ST0072", ""},
        {text_item("complaint.docx", "docx", edited, "edited bytes"), declaration("Sam Patel")});
  const std::string own =
      "My second account is about a customer whose home insurance renewal had doubled. I explained how the "
      "premium was worked out, compared the cover options with her, and found a multi-policy discount that "
      "she had not been offered. She chose a higher excess to bring the price down further, and I sent a "
      "written summary the same afternoon so she could read the terms again with her partner before signing.";
  s.add({"C4", "Sam Patel", "ST0072", ""},
        {text_item("alone.docx", "docx", own, "own docx"), text_item("alone.pdf", "pdf", own, "own pdf")});
  // C5 shares another file with C1: C1's exact copies are then with C2 and C5, two items.
  const std::string policy =
      "Escalation procedure for the claims contact centre: a complaint that cannot be resolved on first contact "
      "is passed to the team leader with the case notes, the customer's preferred contact method and the outcome "
      "they expect. The team leader acknowledges it within one working day and sends the final response within "
      "eight weeks, naming the Financial Ombudsman Service and its six-month deadline.";
  s.add({"C5", "Sam Patel", "ST0072", ""},
        {text_item("procedure.pdf", "pdf", policy, "policy bytes"), declaration("Sam Patel")});
  std::vector<indexer::NewItem> c1{text_item("account.docx", "docx", account, "docx bytes"),
                                   text_item("escalation.pdf", "pdf", policy, "policy bytes"), declaration("Sam Patel")};
  s.add({"C1", "Sam Patel", "ST0072", ""}, c1);
  auto all = query::collect_candidates(s.store, library());
  auto copy_risks = [&](const std::string& id) {
    std::vector<std::string> out;
    for (const auto& r : candidate(all, id).risks) {
      if (r.rfind("cross-apprentice", 0) == 0) {
        out.push_back(r);
      }
    }
    return out;
  };
  // The near group is all three (C2's copy is C1's file), as `evidex duplicates` reports it.
  CHECK(copy_risks("C1") == std::vector<std::string>{"cross-apprentice exact copy with C2, C5 (2 items)",
                                                     "cross-apprentice near copy with C2, C3 (1 item)"});
  CHECK(copy_risks("C5") == std::vector<std::string>{"cross-apprentice exact copy with C1 (1 item)"});
  CHECK(copy_risks("C3") == std::vector<std::string>{"cross-apprentice near copy with C1, C2 (1 item)"});
  CHECK(copy_risks("C4").empty());
}

TEST_CASE("sample candidates: an apprentice whose standard is unknown is named", "[sample]") {
  CandidateStore s;
  s.add({"A1", "", "ST9999", ""}, {item("a.txt", "text")});
  CHECK_THROWS_AS(query::collect_candidates(s.store, library()), InputError);
  CHECK_THROWS_WITH(query::collect_candidates(s.store, library()), Catch::StartsWith("apprentice 'A1': "));
}

TEST_CASE("sample candidates: an empty store has none", "[sample]") {
  CandidateStore s;
  CHECK(query::collect_candidates(s.store, library()).empty());
}
