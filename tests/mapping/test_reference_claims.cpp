// Which references an item claims for itself (they cover) and which it only lists or mentions
// (listed under the criterion, not counted): mapping/tagger/reference_claims.hpp.
#include "mapping/tagger/reference_claims.hpp"
#include "tests/support/standards.hpp"

#include <catch2/catch.hpp>

using namespace evidex::mapping;
using evidex::test::shipped_standard;

namespace {

const Standard& st0072() {
  return shipped_standard("ST0072");
}

/// The mention reason of the first reference to `ref` in `text` ("" for a claim).
std::string why_not(const std::string& text, const std::string& ref) {
  for (const auto& m : find_references(text, st0072())) {
    if (m.ref == ref) {
      return mention_reason(text, m);
    }
  }
  FAIL("no reference to " << ref);
  return {};
}

}  // namespace

TEST_CASE("reference claims: headings, brackets, the head and claiming sentences claim", "[claims]") {
  const std::string account =
      "Reflective account - handling a complaint\n"
      "Prepared by Sam Patel for 7K1–7K3 and 2K1, 2K3. Source: the product handbook and the bulletins.\n"
      "Records (12S6)\n"
      "I listened to the customer without interrupting and apologised for the missed visits (12S1, 12S2).\n"
      "Looking back on the whole call, this shows 12S3 because the customer accepted the offer we made.\n"
      "The team leader and I went through the notes again on Friday afternoon with 12S4 in the policy.\n"
      "I still need evidence for 12S5 because the customer has not replied to the letter I sent her.\n";
  CHECK(why_not(account, "7K2").empty());   // the head of the document
  CHECK(why_not(account, "12S6").empty());  // a heading
  CHECK(why_not(account, "12S2").empty());  // brackets after what was done
  CHECK(why_not(account, "12S3").empty());  // "this shows"
  CHECK_THAT(why_not(account, "12S4"), Catch::Contains("not claimed"));
  CHECK_THAT(why_not(account, "12S5"), Catch::Contains("not evidenced yet"));
  CHECK(list_reason("Showcase/01 Reflective account.docx", account, 12, st0072()).empty());
}

TEST_CASE("reference claims: lists, checklists, grids and copies of the standard claim nothing", "[claims]") {
  const std::string prose = "How I handled a customer who rang about missed contractor visits.\n";
  CHECK_THAT(list_reason("Showcase/KSB tracker.docx", prose, 1, st0072()), Catch::Contains("tracker"));
  CHECK_THAT(list_reason("ST0072 Customer service practitioner.pdf", prose, 1, st0072()),
             Catch::Contains("standard"));
  CHECK_THAT(list_reason("Notes.txt", prose, 39, st0072()), Catch::Contains("39 criteria"));
  CHECK_THAT(list_reason("Notes.txt",
                         "What I must show\n12S1 Listen actively\n- 12S2 Question\n\u2610 12S4 Escalate\n"
                         "12S7 Hand over\n",
                         4, st0072()),
             Catch::Contains("start with a criterion"));
  CHECK_THAT(list_reason("Grid.xlsx", "Grid\nFile\t12S1\t12S2\t12S3\t12S4\na.docx\tx\t\t\tx\n", 4, st0072()),
             Catch::Contains("tick grid"));
  // Headings that start with a criterion, among prose, are an account's own structure.
  CHECK(list_reason("Account.docx",
                    "12S1 Listening\nI let the customer explain everything before I said anything at all.\n"
                    "I wrote down the dates of the missed visits and the name of the contractor.\n"
                    "12S3 Resolving\nI offered a new contractor within 48 hours or a cash settlement.\n"
                    "The customer chose the contractor and I booked the visit while she was on the line.\n"
                    "12S6 Records\nEvery call went on the CRM the same day so the next adviser could see it.\n"
                    "I also attached the letters and the photos the customer sent in by e-mail.\n",
                    3, st0072())
            .empty());
}
