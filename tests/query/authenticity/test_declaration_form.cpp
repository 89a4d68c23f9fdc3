// Recognising the Declaration of Authenticity in extracted text, and reading its fields, in the
// shapes the extractors give it: DOCX/ODT tables (label TAB value), PDF blocks, typed "label: value".
#include "query/authenticity/declaration_form.hpp"

#include <catch2/catch.hpp>

using evidex::query::is_filled;
using evidex::query::read_declaration_form;

namespace {

const std::string k_sentences =
    "I confirm that the work/evidence uploaded is my own work and has been personally created by me and "
    "demonstrates my knowledge, skills and competence.\n"
    "I understand that the grade awarded may be invalidated, if it is found work/evidence that does not belong to me "
    "has been uploaded.\n"
    "All work/evidence uploaded towards this assessment is current.\n";

// `evidex text` of Showcase/08 in fixtures/sample-bundle.zip (a LibreOffice DOCX).
const std::string k_docx =
    "Declaration of Authenticity\n"
    "Apprenticeship Standard\tCustomer Service Practitioner\n"
    "Component\tShowcase\n" +
    k_sentences +
    "Apprentice name\tSam Patel\n"
    "Apprentice signature\tS. Patel\n"
    "Date\t20/02/2026\n"
    "I confirm that the Showcase work/evidence is that of the above member of staff\n"
    "Employer name\tNorthgate Home Insurance (Daniel Brooks, Team Leader)\n"
    "Employer signature\tD. Brooks\n"
    "Date\t20/02/2026\n";

}  // namespace

TEST_CASE("declaration form: a DOCX table gives label TAB value", "[declaration]") {
  auto form = read_declaration_form(k_docx);
  CHECK(form.is_form);
  CHECK(form.title);
  CHECK(form.sentences == 4);
  CHECK(form.labels == 6);
  CHECK(form.fields["apprentice name"] == "Sam Patel");
  CHECK(form.fields["apprentice signature"] == "S. Patel");
  CHECK(form.fields["apprentice date"] == "20/02/2026");
  CHECK(form.fields["employer name"] == "Northgate Home Insurance (Daniel Brooks, Team Leader)");
  CHECK(form.fields["employer signature"] == "D. Brooks");
  CHECK(form.fields["employer date"] == "20/02/2026");
}

TEST_CASE("declaration form: an empty value cell leaves the label alone on its line", "[declaration]") {
  // What the extractor writes for a row whose value cell is empty: the label, then the next row.
  auto form = read_declaration_form("Declaration of Authenticity\n" + k_sentences +
                                    "Apprentice name\tSam Patel\n"
                                    "Apprentice signature\n"
                                    "Date\t20/02/2026\n"
                                    "I confirm that the Showcase work/evidence is that of the above member of staff\n"
                                    "Employer name\tDaniel Brooks\n"
                                    "Employer signature\n"
                                    "Date\n"
                                    "***** The Apprentice will complete and upload this form at the same time as "
                                    "uploading the Showcase to SEPA via their login*****\n");
  CHECK(form.is_form);
  CHECK(form.fields["apprentice signature"].empty());
  CHECK(form.fields["apprentice date"] == "20/02/2026");
  CHECK(form.fields["employer signature"].empty());
  CHECK(form.fields.count("employer date") == 1);
  CHECK(form.fields["employer date"].empty());  // the closing instruction is not its value
}

TEST_CASE("declaration form: a PDF gives each cell as a block of lines", "[declaration]") {
  // `evidex text` of fixtures/declarations/libreoffice-typed.pdf (LibreOffice's PDF export).
  auto form = read_declaration_form(
      "Declaration of Authenticity\nApprenticeship Standard\n\nCustomer Service "
      "Practitioner\n\nComponent\n\nShowcase\n\n"
      "I confirm that the work/evidence uploaded is my own work and has been personally\n"
      "created by me and demonstrates my knowledge, skills and competence.\n"
      "I understand that the grade awarded may be invalidated, if it is found work/evidence\n"
      "that does not belong to me has been uploaded.\n"
      "All work/evidence uploaded towards this assessment is current.\n"
      "Apprentice name\n\nSam Patel\n\nApprentice signature\n\nSam Patel\n\nDate\n\n20 February 2026\n\n"
      "I confirm that the Showcase work/evidence is that of the above member of staff\n"
      "Employer name\n\nNorthgate Home Insurance (Daniel Brooks,\nTeam Leader)\n\n"
      "Employer signature\n\nDaniel Brooks\n\nDate\n\n20th Feb 2026\n\n"
      "***** The Apprentice will complete and upload this form at the same time as uploading\n"
      "the Showcase to SEPA via their login*****\n\n\f");
  CHECK(form.is_form);
  CHECK(form.sentences == 4);  // sentences wrapped over two lines still count
  CHECK(form.fields["apprentice name"] == "Sam Patel");
  CHECK(form.fields["apprentice signature"] == "Sam Patel");
  CHECK(form.fields["apprentice date"] == "20 February 2026");
  CHECK(form.fields["employer name"] == "Northgate Home Insurance (Daniel Brooks, Team Leader)");
  CHECK(form.fields["employer signature"] == "Daniel Brooks");
  CHECK(form.fields["employer date"] == "20th Feb 2026");
}

TEST_CASE("declaration form: a blank PDF form has labels and nothing else", "[declaration]") {
  auto form = read_declaration_form("Declaration of Authenticity\n" + k_sentences +
                                    "Apprentice name\n\nApprentice signature\n\nDate\n\n"
                                    "I confirm that the Showcase work/evidence is that of the above member of staff\n"
                                    "Employer name\n\nEmployer signature\n\nDate\n\n"
                                    "***** The Apprentice will complete and upload this form at the same time as "
                                    "uploading\nthe Showcase to SEPA via their login*****\n");
  CHECK(form.is_form);
  REQUIRE(form.labels == 6);
  for (const auto& [field, value] : form.fields) {
    CAPTURE(field);
    CHECK(value.empty());
  }
}

TEST_CASE("declaration form: typed as 'label: value' in an e-mail, after the mail's own Date", "[declaration]") {
  auto form = read_declaration_form(
      "From: Daniel Brooks <daniel.brooks@northgate-home.example>\nSubject: Declaration of Authenticity - Sam Patel\n"
      "Date: Fri, 20 Feb 2026 16:05:00 +0000\n\nHello,\n\nDeclaration of Authenticity\n\n" +
      k_sentences +
      "\nApprentice's Name: Sam Patel\nApprentice signature: Sam Patel\nDate: 20 February 2026\n\n"
      "I confirm that the Showcase work/evidence is that of the above member of staff\n\n"
      "Employer name: Daniel Brooks, Northgate Home Insurance\nEmployer signature - Daniel Brooks\nDate: 20/02/2026\n\n"
      "Kind regards,\nDaniel Brooks\n");
  CHECK(form.is_form);
  CHECK(form.fields["apprentice name"] == "Sam Patel");
  CHECK(form.fields["apprentice date"] == "20 February 2026");
  CHECK(form.fields["employer name"] == "Daniel Brooks, Northgate Home Insurance");
  CHECK(form.fields["employer signature"] == "Daniel Brooks");
  CHECK(form.fields["employer date"] == "20/02/2026");
}

TEST_CASE("declaration form: a row with several fields, and bare labels taken by their block", "[declaration]") {
  auto form = read_declaration_form("Declaration of Authenticity\n" + k_sentences +
                                    "Signature of apprentice\tSam Patel\tName\tSam Patel\tDate\t20/02/2026\n"
                                    "I confirm that the Showcase work/evidence is that of the above member of staff\n"
                                    "Signed\tD. Brooks\tPrint name\tDaniel Brooks\tDate signed\t21/02/2026\n");
  CHECK(form.is_form);
  CHECK(form.labels == 6);
  CHECK(form.fields["apprentice signature"] == "Sam Patel");
  CHECK(form.fields["apprentice name"] == "Sam Patel");
  CHECK(form.fields["apprentice date"] == "20/02/2026");
  CHECK(form.fields["employer signature"] == "D. Brooks");
  CHECK(form.fields["employer name"] == "Daniel Brooks");
  CHECK(form.fields["employer date"] == "21/02/2026");
}

TEST_CASE("declaration form: a signature pasted as a picture is a value", "[declaration]") {
  auto form = read_declaration_form("Declaration of Authenticity\n" + k_sentences +
                                    "Apprentice name\tSam Patel\nApprentice signature\t[image]\nDate\t20.02.26\n");
  CHECK(form.fields["apprentice signature"] == "[image]");
  CHECK(is_filled(form.fields["apprentice signature"]));
  CHECK(form.fields.count("employer name") == 0);  // no such line: the check calls it missing
}

TEST_CASE("declaration form: the form inside a longer document, with other dates around it", "[declaration]") {
  std::string before = "Showcase portfolio\nDate: 01/09/2025\nName: Sam Patel\n";
  std::string after;
  for (int i = 0; i < 20; ++i) {
    after += "Appendix line " + std::to_string(i) + "\n";
  }
  after += "Date: 05/05/2026\n";
  auto form = read_declaration_form(before + "Appendix 4\nDeclaration of Authenticity\n" + k_sentences +
                                    "Apprentice name\tSam Patel\nApprentice signature\tS. Patel\nDate\t20/02/2026\n"
                                    "I confirm that the Showcase work/evidence is that of the above member of staff\n"
                                    "Employer name\tDaniel Brooks\nEmployer signature\tD. Brooks\n" +
                                    after);
  CHECK(form.is_form);
  CHECK(form.fields["apprentice date"] == "20/02/2026");  // not the portfolio's date above the form
  CHECK(form.fields.count("employer date") == 0);         // nor a date far below it
}

TEST_CASE("declaration form: documents that only mention the declaration are not the form", "[declaration]") {
  SECTION("an evidence map row") {
    auto form = read_declaration_form(
        "Evidence map\nEvidence No\tFile\tKSB\nE08\t08 Declaration of Authenticity.docx\tn/a\n"
        "E01\t01 Reflective account.docx\t12S3, 12S6\n");
    CHECK_FALSE(form.is_form);
    CHECK(form.title);
    CHECK(form.labels == 0);
  }
  SECTION("a reflective account that opens with name, employer and date lines") {
    // `evidex text` of fixtures/declarations/libreoffice-reflective-mentions.docx.
    auto form = read_declaration_form(
        "Apprentice name: Sam Patel\nEmployer name: Northgate Home Insurance\nDate: 19/02/2026\n"
        "Reflective account: preparing my showcase\n"
        "Before gateway I checked every piece of evidence against the criteria with my coach. I made sure the "
        "evidence map listed each file, and I completed the Declaration of Authenticity with my team leader, who "
        "added his name, signature and date after mine.\n"
        "The declaration confirms that the work/evidence uploaded is my own work. I kept a copy for my records "
        "(12S6).\n");
    CHECK_FALSE(form.is_form);
    CHECK(form.labels == 3);
    CHECK(form.sentences == 0);
  }
  SECTION("prose about the fields is not a label") {
    auto form = read_declaration_form(
        "Declaration of Authenticity\nThe apprentice signature is needed before gateway.\n"
        "Apprentice signature is needed on the declaration before the showcase is uploaded to SEPA.\n"
        "Employer signature can be typed.\nName of the customer: Mrs Ward\nSigned off by the team leader.\n");
    CHECK_FALSE(form.is_form);
    CHECK(form.fields.count("apprentice signature") == 0);
  }
}

TEST_CASE("declaration form: blanks, rules, boxes and prompts are not filled in", "[declaration]") {
  auto value = GENERATE(as<std::string>{}, "", "   ", "________", "....", "__/__/____", "[ ]", "[]", "\u2610", "( )",
                        "- -", "\u2014", "[Enter name]", "<signature>", "Click or tap here to enter text.",
                        "Click here to enter a date.", "Enter name", "Enter employer name", "Please sign here",
                        "dd/mm/yyyy", "DD/MM/YY", "N/A", "n/a", "TBC", "to follow", "Signature", "Name", "Date");
  CAPTURE(value);
  CHECK_FALSE(is_filled(value));
}

TEST_CASE("declaration form: names, initials, scribbles and pictures are filled in", "[declaration]") {
  auto value = GENERATE(as<std::string>{}, "Sam Patel", "S. Patel", "SP", "x", "[image]", "31/02/2026",
                        "Daniel Brooks, Team Leader", "Entered by Sam");
  CAPTURE(value);
  CHECK(is_filled(value));
}

TEST_CASE("declaration form: a row of labels over a row of values pairs them by column", "[declaration]") {
  std::string text = "Declaration of Authenticity\n" + k_sentences +
                     "Apprentice name\tApprentice signature\tDate\n"
                     "Sam Patel\t\t20/02/2026\n"
                     "I confirm that the Showcase work/evidence is that of the above member of staff\n"
                     "Employer name\tEmployer signature\tDate\n"
                     "Daniel Brooks\tD. Brooks\t21/02/2026\n";
  auto form = read_declaration_form(text);
  REQUIRE(form.is_form);
  CHECK(form.fields.at("apprentice name") == "Sam Patel");
  CHECK(form.fields.at("apprentice signature").empty());
  CHECK(form.fields.at("apprentice date") == "20/02/2026");
  CHECK(form.fields.at("employer name") == "Daniel Brooks");
  CHECK(form.fields.at("employer signature") == "D. Brooks");
  CHECK(form.fields.at("employer date") == "21/02/2026");
}

TEST_CASE("declaration form: a row of labels with no values under it leaves every field empty", "[declaration]") {
  std::string text = "Declaration of Authenticity\n" + k_sentences +
                     "Apprentice name\tApprentice signature\tDate\n"
                     "I confirm that the Showcase work/evidence is that of the above member of staff\n"
                     "Employer name\tEmployer signature\tDate\n";
  auto form = read_declaration_form(text);
  REQUIRE(form.is_form);
  CHECK(form.fields.size() == 6);
  for (const auto& [field, value] : form.fields) {
    INFO(field);
    CHECK(value.empty());
  }
}
