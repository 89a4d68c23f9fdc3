#include "indexer/extract/handlers.hpp"
#include "indexer/extract/mail_parts.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/text_encoding.hpp"
#include "tests/support/extract_helper.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>

using namespace evidex;
using namespace evidex::test;

namespace {

const indexer::Extractor& eml() {
  static auto extractor = indexer::make_eml_extractor();
  return *extractor;
}

const indexer::Child* child_named(const indexer::Extraction& x, std::string_view name) {
  for (const auto& child : x.children) {
    if (child.name == name) {
      return &child;
    }
  }
  return nullptr;
}

std::string child_names(const indexer::Extraction& x) {
  std::string names;
  for (const auto& child : x.children) {
    names += "[" + child.name + (child.error.empty() ? "" : " ! " + child.error) + "] ";
  }
  return names;
}

}  // namespace

TEST_CASE("a customer's thank-you e-mail: headers, plain body, PDF and DOCX attachments", "[eml]") {
  TempDir scratch;
  auto x = extract_with(eml(), fixture("formats/eml/python-thank-you-attachments.eml"), scratch);
  INFO(x.text);
  CHECK(x.text.starts_with("From: Priya Shah <priya.shah@example.com>\n"
                           "To: Sam Apprentice <sam@example.org>\n"
                           "Cc: Team Lead <lead@example.org>\n"
                           "Subject: Thank you for resolving my complaint so quickly\n"
                           "Date: Fri, 01 Mar 2024 10:22:00 +0000\n"));
  CHECK(contains_normalised(x.text, "Thank you for resolving my complaint so quickly. I have attached my feedback form."));
  // multipart/alternative: the plain text is taken, the HTML copy is not added again.
  CHECK_FALSE(contains_normalised(x.text, "(HTML version)"));
  CHECK(x.result.meta.at("subject") == "Thank you for resolving my complaint so quickly");
  CHECK(x.result.meta.at("from") == "Priya Shah <priya.shah@example.com>");
  CHECK(x.result.meta.at("to") == "Sam Apprentice <sam@example.org>");
  CHECK(x.result.meta.at("date") == "2024-03-01T10:22:00Z");

  INFO(child_names(x.result));
  REQUIRE(x.result.children.size() == 2);
  for (std::string name : {"customer-feedback.pdf", "customer-feedback.docx"}) {
    const auto* child = child_named(x.result, name);
    REQUIRE(child);
    CHECK(child->error.empty());
    CHECK(read_file(child->file) == read_file(fixture("formats/eml/" + name)));
    CHECK(child->file.parent_path() == scratch.path());
  }
  CHECK(x.result.expanded_bytes == std::filesystem::file_size(fixture("formats/eml/customer-feedback.pdf")) +
                                       std::filesystem::file_size(fixture("formats/eml/customer-feedback.docx")));
}

TEST_CASE("an HTML-only e-mail is turned into text without markup, style or script", "[eml]") {
  TempDir scratch;
  auto x = extract_with(eml(), fixture("formats/eml/python-html-only.eml"), scratch);
  INFO(x.text);
  CHECK(contains_normalised(x.text, "Great service"));
  CHECK(contains_normalised(x.text, "The engineer arrived on time and explained everything."));
  CHECK(x.text.find('<', x.text.find("Date:")) == std::string::npos);
  CHECK(x.text.find("color:red") == std::string::npos);
  CHECK(x.text.find("hidden") == std::string::npos);
  CHECK(x.result.children.empty());
}

TEST_CASE("quoted-printable windows-1252 body becomes UTF-8", "[eml]") {
  TempDir scratch;
  auto x = extract_with(eml(), fixture("formats/eml/python-qp-windows-1252.eml"), scratch);
  INFO(x.text);
  CHECK(contains_normalised(x.text, "Café prices: “smart quotes” – cost €5 per naïve piñata."));
}

TEST_CASE("RFC 2047 subject and sender, RFC 2231 attachment name", "[eml]") {
  TempDir scratch;
  auto x = extract_with(eml(), fixture("formats/eml/python-rfc2047-subject.eml"), scratch);
  INFO(x.text);
  CHECK(contains_normalised(x.text, "Subject: Réponse : état du projet ✓"));
  CHECK(contains_normalised(x.text, "From: Zoë Müller <zoe@example.de>"));
  CHECK(contains_normalised(x.text, "Voir la pièce jointe."));
  CHECK(x.result.meta.at("subject") == "Réponse : état du projet ✓");
  INFO(child_names(x.result));
  const auto* child = child_named(x.result, "résumé.txt");
  REQUIRE(child);
  CHECK(read_file(child->file) == "Résumé des retours\n");
  // An attached text file is a child, not part of the body.
  CHECK_FALSE(contains_normalised(x.text, "Résumé des retours"));
}

TEST_CASE("base64 UTF-8 body is decoded", "[eml]") {
  TempDir scratch;
  auto x = extract_with(eml(), fixture("formats/eml/python-base64-utf8.eml"), scratch);
  INFO(x.text);
  CHECK(contains_normalised(x.text, "Grüße aus Köln — 日本語のテキスト and ελληνικά."));
  CHECK(x.result.meta.at("subject") == "Grüße");
}

TEST_CASE("a forwarded message becomes an .eml child that extracts on its own", "[eml]") {
  TempDir scratch;
  auto x = extract_with(eml(), fixture("formats/eml/python-forwarded.eml"), scratch);
  INFO(x.text);
  CHECK(contains_normalised(x.text, "Forwarding the customer's original complaint."));
  CHECK_FALSE(contains_normalised(x.text, "The parcel arrived damaged."));
  INFO(child_names(x.result));
  REQUIRE(x.result.children.size() == 1);
  const auto& child = x.result.children[0];
  CHECK(child.name == "Original complaint about the delivery.eml");
  TempDir inner_scratch;
  auto inner = extract_with(eml(), child.file, inner_scratch);
  CHECK(contains_normalised(inner.text, "The parcel arrived damaged."));
  REQUIRE(inner.result.children.size() == 1);
  CHECK(inner.result.children[0].name == "damage.jpg");
  CHECK(read_file(inner.result.children[0].file) == "photo-bytes");
}

TEST_CASE("bad e-mails", "[eml][bad-input]") {
  TempDir scratch;
  SECTION("zero bytes") {
    try {
      extract_with(eml(), fixture("bad/eml-empty.eml"), scratch);
      FAIL("no ItemError");
    } catch (const ItemError& e) {
      CHECK(e.reason().starts_with("empty"));
    }
  }
  SECTION("an attachment named ../../etc/passwd is reduced to its base name") {
    auto x = extract_with(eml(), fixture("bad/eml-traversal-filename.eml"), scratch);
    INFO(child_names(x.result));
    REQUIRE(x.result.children.size() == 1);
    CHECK(x.result.children[0].name == "passwd");
    CHECK(x.result.children[0].file.parent_path() == scratch.path());
  }
  SECTION("200 nested multiparts are cut off with a warning") {
    auto x = extract_with(eml(), fixture("bad/eml-deep-nesting.eml"), scratch);
    CHECK(contains_normalised(x.text, "Subject: Deeply nested"));
    CHECK_FALSE(contains_normalised(x.text, "The deepest text."));
    REQUIRE(x.result.warnings.size() == 1);
    CHECK(x.result.warnings[0].starts_with("limit exceeded"));
  }
  SECTION("the entry budget stops attachments") {
    indexer::ExtractContext ctx = context_for(scratch, "thank-you.eml", 1);
    auto x = eml().extract(fixture("formats/eml/python-thank-you-attachments.eml"), ctx);
    CHECK(x.children.size() == 1);
    REQUIRE(x.warnings.size() == 1);
    CHECK(x.warnings[0].starts_with("limit exceeded"));
  }
  SECTION("the byte budget stops attachments") {
    indexer::ExtractContext ctx = context_for(scratch, "thank-you.eml", 100, 1000);
    auto x = eml().extract(fixture("formats/eml/python-thank-you-attachments.eml"), ctx);
    REQUIRE_FALSE(x.children.empty());
    CHECK(x.children[0].error.starts_with("limit exceeded"));
    CHECK(x.children[0].file.empty());
    CHECK(x.expanded_bytes == 0);
    CHECK(std::filesystem::is_empty(scratch.path()));
  }
}

// The real-world corpus. For body and header rows, .eml children (mbox messages, forwarded
// messages) are extracted with the eml handler too, as the pipeline does. "attachment-text" is checked on the child's bytes (the phrase is in a text/plain
// attachment), "attachment-name" on the child names.
TEST_CASE("real-world e-mail corpus", "[eml][msg][mbox][corpus]") {
  auto [file, phrase, where] = GENERATE(table<std::string, std::string, std::string>({
      {"email/nodemailparser__base64encodedroot.eml", "", ""},
      {"email/nodemailparser__decoderended.eml", "Note: forwarded message attached.", "body"},
      {"email/nodemailparser__delivery-status.eml", "An error occurred while trying to deliver the mail", "body"},
      {"email/nodemailparser__nested.eml", "Good evening.", "body"},
      {"email/rubymail__attachment_message_rfc822.eml", "Just attaching another PDF", "body"},
      {"email/rubymail__attachment_nonascii_filename.eml", "ciële.txt", "attachment-name"},
      {"email/rubymail__attachment_pdf.eml", "Another PDF with 🎉 Unicode chars in it", "header"},
      {"email/rubymail__attachment_with_encoded_name.eml", "Test attachments oddly encoded with japanese charset.", "body"},
      {"email/rubymail__bad_encoded_subject.eml", "", ""},
      {"email/rubymail__basic_email_lf.eml", "Plain email.", "body"},
      {"email/rubymail__content_transfer_encoding_qp_with_space.eml", "good RX site for online purchases", "body"},
      {"email/rubymail__content_transfer_encoding_x_uuencode.eml", "Attached are the comments of the Public Generating Pool.", "body"},
      {"email/rubymail__encoding_madness.eml", "Body Text", "body"},
      {"email/rubymail__japanese_iso_2022.eml", "すみません。", "body"},
      {"email/rubymail__japanese_shift_jis.eml", "このメールはテスト用のメールです。", "body"},
      {"email/rubymail__ks_c_5601-1987.eml", "스티해", "body"},
      {"email/rubymail__raw_email_encoded_stack_level_too_deep.eml", "Nicolas Fouché has accepted your invitation to Gmail", "body"},
      {"email/rubymail__raw_email_with_illegal_boundary.eml", "", ""},
      {"email/rubymail__raw_email_with_nested_attachment.eml", "Here is a test of an attachment via email.", "body"},
      {"email/rubymail__report_422.eml", "THIS IS A WARNING MESSAGE ONLY", "body"},
      {"email/rubymail__utf8_headers.eml", "Säying Hello", "header"},
      {"email/spamscope__mail_malformed_2", "User's mailbox quota exceeded", "body"},
      {"email/spamscope__mail_outlook_1", "Fortbildungsbereich Verwaltung", "body"},
      {"email/spamscope__mail_test_12", "代开各地增值税发票", "header"},
      {"email/tika__complex.mbox", "When a Mapper completes, MapCompletionEvents are generated.", "body"},
      {"email/tika__simple.mbox", "Test content 2", "body"},
      {"email/tika__test-outlook.msg", "Nouvel utilisateur de Outlook Express", "body"},
      {"email/tika__test-outlook2003.msg", "Welcome to Microsoft Office Outlook 2003", "body"},
      {"email/tika__testEML_embedded_xhtml_and_img.eml", "Using inline content", "body"},
      {"email/tika__testEmailWithPNGAtt.eml", "This email has a PNG attachment included in it", "body"},
      {"email/tika__testGroupWiseEml.eml", "test333", "header"},
      {"email/tika__testLotusEml.eml", "Message body", "body"},
      {"email/tika__testRFC822_multipart_attachments.eml", "This is Test TXTA File for parser", "attachment-text"},
      {"email/tika__testThunderbirdEml.eml", "Dear Vladimir", "body"},
      {"email/xapian__html.eml", "This is a test HTML message.", "body"},
      {"hostile/nodemailparser__htmllargecallstack.eml", "", ""},
      {"hostile/nodemailparser__outofmemory.eml", "", ""},
  }));
  // What detection hands over: an OLE2 file to the .msg handler, an mbox to the mbox handler.
  auto msg = indexer::make_msg_extractor();
  auto mbox = indexer::make_mbox_extractor();
  bool is_msg = file.ends_with(".msg") || file.ends_with("mail_outlook_1");
  bool is_mbox = file.ends_with(".mbox");
  const indexer::Extractor& handler = is_msg ? *msg : is_mbox ? *mbox : eml();

  INFO(file);
  TempDir scratch;
  auto start = std::chrono::steady_clock::now();
  std::optional<Extracted> x;
  try {
    x = extract_with(handler, corpus_dir() / file, scratch);
  } catch (const ItemError& e) {
    INFO(e.what());
    CHECK(phrase.empty());
    return;
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  for (const auto& page : x->result.pages) {
    CHECK(is_valid_utf8(page));
  }
  for (const auto& child : x->result.children) {
    CHECK(is_valid_utf8(child.name));
    CHECK(child.name.find('/') == std::string::npos);
    CHECK((child.error.empty() ? child.file.parent_path() == scratch.path() : child.file.empty()));
  }
  if (phrase.empty()) {
    return;
  }
  std::string haystack = x->text;
  if (where == "attachment-name") {
    haystack = child_names(x->result);
  } else if (where == "attachment-text") {
    haystack.clear();
    for (const auto& child : x->result.children) {
      haystack += child.file.empty() ? "" : read_file(child.file) + "\n";
    }
  } else {
    // mbox messages and forwarded messages are children the pipeline extracts with this handler.
    for (const auto& child : x->result.children) {
      if (!child.name.ends_with(".eml")) {
        continue;
      }
      TempDir inner_scratch;
      haystack += extract_with(eml(), child.file, inner_scratch).text;
    }
  }
  INFO(haystack.substr(0, 3000));
  CHECK(contains_normalised(haystack, phrase));
}

TEST_CASE("mail charsets and attachment names", "[eml]") {
  using namespace evidex::indexer::mail;
  // UTF-8 mislabelled as Latin-1 (common in webmail) stays UTF-8.
  CHECK(text_to_utf8("caf\xC3\xA9", "iso-8859-1") == "café");
  CHECK(text_to_utf8("\x93quoted\x94", "iso-8859-1") == "“quoted”");
  // An unknown label falls back to detection.
  CHECK(text_to_utf8("Fran\xE7ois d'apr\xE8s une id\xE9" "e", "x-no-such-charset") == "François d'après une idée");
  CHECK(text_to_utf8("\xBD\xBA\xC6\xBC\xC7\xD8", "ks_c_5601-1987") == "스티해");
  CHECK(safe_file_name("C:\\Users\\sam\\report.pdf") == "report.pdf");
  CHECK(safe_file_name("../../etc/passwd") == "passwd");
  CHECK(safe_file_name("..").empty());
  CHECK(safe_file_name(" . ").empty());
  CHECK(safe_file_name("a\nb\x01.txt") == "ab.txt");
  CHECK(safe_file_name(std::string(300, 'x') + ".docx").size() == 200);
  CHECK(safe_file_name(std::string(300, 'x') + ".docx").ends_with(".docx"));
}
