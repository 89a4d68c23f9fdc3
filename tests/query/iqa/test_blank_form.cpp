// Whether an item's text reads as a form left blank, in the shapes the extractors give forms:
// DOCX/ODT tables (label TAB value; an empty cell leaves the label alone on its line) and typed
// "Label: value" lines. Texts are `evidex text` of the fixtures named.
#include "query/iqa/blank_form.hpp"

#include <catch2/catch.hpp>

using evidex::query::form_fields;
using evidex::query::reads_as_blank_form;

namespace {

// fixtures/showcases/*: Showcase/Witness testimony form.docx (LibreOffice DOCX, a table whose
// value cells are empty).
const std::string k_witness_testimony_blank =
    "Kestrel Training - Witness Testimony Form\n"
    "To be completed by a workplace witness who saw the apprentice at work.\n"
    "Apprentice name\n"
    "Witness name and job title\n"
    "Date of activity\n"
    "Describe what you saw the apprentice do\n"
    "Witness signature\n"
    "By signing, the witness confirms the account is accurate and that they are not related to the apprentice.\n";

// fixtures/duplicates/forms/progress-review-blank.odt: the standard filled in beforehand.
const std::string k_review_blank =
    "Harbourside Training: Monthly Progress Review\n"
    "Apprenticeship standard\tCustomer Service Practitioner Level 2 (ST0072)\n"
    "Apprentice:\n"
    "Employer:\n"
    "Skills coach:\n"
    "Review date:\n"
    "Months on programme:\n"
    "Complete every section in your own words before the review meeting. Your skills coach will add comments.\n"
    "1. What have you done at work since your last review that you are most proud of, and why?\n"
    "2. Which knowledge, skills and behaviours of the standard did this help you to develop?\n"
    "Apprentice signature\n"
    "Skills coach signature\n"
    "Manager signature\n";

// fixtures/duplicates/forms/progress-review-tom-reilly.odt: filled in, but nobody has signed it.
const std::string k_review_filled_unsigned =
    "Harbourside Training: Monthly Progress Review\n"
    "Apprenticeship standard\tCustomer Service Practitioner Level 2 (ST0072)\n"
    "Apprentice:\tTom Reilly\n"
    "Employer:\tKestrel Mobile\n"
    "Skills coach:\tDan Hughes\n"
    "Review date:\t13 March 2026\n"
    "Months on programme:\t7\n"
    "Complete every section in your own words before the review meeting. Your skills coach will add comments.\n"
    "1. What have you done at work since your last review that you are most proud of, and why?\n"
    "Sorting out the broken phone repair for the plumber who relied on his mobile for work.\n"
    "2. Which knowledge, skills and behaviours of the standard did this help you to develop?\n"
    "Dealing with conflict calmly and using our repair policy to give options.\n"
    "Apprentice signature\n"
    "Skills coach signature\n"
    "Manager signature\n";

// fixtures/duplicates/forms/witness-statement-priya-shah.docx, shortened.
const std::string k_witness_statement_filled =
    "Witness Statement\n"
    "Apprentice name:\tPriya Shah\n"
    "Employer:\tBrightwater Energy\n"
    "Witness name:\tHelen Carter\n"
    "Description of the activity witnessed\n"
    "Describe what the apprentice did: who was involved, what happened, where and when, why and how.\n"
    "On 3 March 2026 I sat beside Priya on the customer accounts desk while she took a call from a customer.\n"
    "Witness declaration\n"
    "I confirm that I personally witnessed the activity described in this statement.\n"
    "Witness signature:\tH. Carter\n"
    "Date:\t9 March 2026\n";

// A reflective account with headings over its paragraphs (fixtures/tagging style).
const std::string k_account_with_headings =
    "Handling a complaint\n"
    "Apprentice: Tom Reilly, Kestrel Mobile\n"
    "Situation\n"
    "On a busy Saturday morning a man came into the store holding a phone we had sent away for repair.\n"
    "What I did\n"
    "I moved the conversation to the consultation desk, tested the fault myself and offered him options.\n"
    "What I learnt\n"
    "Listening first calmed him down more than any policy could.\n";

}  // namespace

TEST_CASE("blank form: a table whose value cells are empty", "[blank_form]") {
  // Four labels over one another; the last stands over a sentence, as a heading would.
  CHECK(form_fields(k_witness_testimony_blank).empty == 4);
  CHECK(form_fields(k_witness_testimony_blank).filled == 0);
  CHECK(reads_as_blank_form(k_witness_testimony_blank));
}

TEST_CASE("blank form: typed labels with a colon and nothing after them, one field filled beforehand",
          "[blank_form]") {
  auto f = form_fields(k_review_blank);
  CHECK(f.filled == 2);  // the standard, and the title (its colon makes it read as "Label: value")
  CHECK(f.empty == 7);  // four of the five "Label:" lines (the fifth stands over a sentence), three signatures
  CHECK(reads_as_blank_form(k_review_blank));
}

TEST_CASE("blank form: rules to write on and prompts are empty, whatever the separator", "[blank_form]") {
  CHECK(reads_as_blank_form("Name: ____________\nDate: __/__/____\nSignature: [Sign here]\n"));
  CHECK(reads_as_blank_form("Learner name\t\nEmployer\t[Enter name]\nDate\tdd/mm/yyyy\n"));
  CHECK_FALSE(reads_as_blank_form("Name: Sam Patel\nDate: 20/02/2026\nSignature: S. Patel\n"));
}

TEST_CASE("blank form: a filled-in form left unsigned is not blank", "[blank_form]") {
  auto f = form_fields(k_review_filled_unsigned);
  CHECK(f.empty == 3);
  CHECK(f.filled == 7);
  CHECK_FALSE(reads_as_blank_form(k_review_filled_unsigned));
  CHECK_FALSE(reads_as_blank_form(k_witness_statement_filled));
}

TEST_CASE("blank form: an account's headings stand over paragraphs, so they are not empty fields",
          "[blank_form]") {
  CHECK(form_fields(k_account_with_headings).empty == 0);
  CHECK_FALSE(reads_as_blank_form(k_account_with_headings));
  CHECK_FALSE(reads_as_blank_form(""));
  CHECK_FALSE(reads_as_blank_form("Just one label\n"));
}

TEST_CASE("blank form: text broken one word a line is not a column of empty fields", "[blank_form]") {
  // As a re-flowed copy or a narrow PDF column gives it (evidex_bench_duplicates plants such copies).
  const std::string words = "ON\nA\nBUSY\nSATURDAY\nMORNING\nA\nMAN\nCAME\nINTO\nTHE\nSTORE\n";
  CHECK(form_fields(words).empty == 0);
  CHECK_FALSE(reads_as_blank_form(words));
  // One-word labels still count with a colon.
  CHECK(reads_as_blank_form("Name:\nDate:\nSignature:\n"));
}
