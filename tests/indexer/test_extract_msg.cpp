#include "indexer/extract/handlers.hpp"
#include "indexer/util/errors.hpp"
#include "tests/support/extract_helper.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
using namespace evidex::test;

namespace {

const indexer::Extractor& msg() {
  static auto extractor = indexer::make_msg_extractor();
  return *extractor;
}

std::string reason_for(const std::filesystem::path& file) {
  TempDir scratch;
  try {
    extract_with(msg(), file, scratch);
  } catch (const ItemError& e) {
    return e.reason();
  }
  return "(no ItemError)";
}

}  // namespace

TEST_CASE("Outlook 2003 .msg: MAPI headers, plain body, image attachments", "[msg]") {
  TempDir scratch;
  auto x = extract_with(msg(), corpus_dir() / "email/tika__test-outlook2003.msg", scratch);
  INFO(x.text.substr(0, 2000));
  CHECK(x.text.starts_with("From: Microsoft Outlook 2003 Team <olteam@microsoft.com>\n"
                           "To: New Outlook User\n"
                           "Subject: Welcome to Microsoft Office Outlook 2003\n"
                           "Date: 2010-03-28T22:27:38Z\n"));
  CHECK(contains_normalised(x.text, "Thank you for using Microsoft® Office Outlook® 2003!"));
  CHECK(x.result.meta.at("subject") == "Welcome to Microsoft Office Outlook 2003");
  CHECK(x.result.meta.at("from") == "Microsoft Outlook 2003 Team <olteam@microsoft.com>");
  CHECK(x.result.meta.at("date") == "2010-03-28T22:27:38Z");
  REQUIRE(x.result.children.size() == 11);
  CHECK(x.result.children[0].name == "1.jpg");
  // JPEG bytes, copied whole from the 3701 stream.
  CHECK(read_file(x.result.children[0].file).starts_with("\xFF\xD8\xFF"));
  CHECK(std::filesystem::file_size(x.result.children[0].file) == 1969);
}

TEST_CASE("Outlook .msg with 8-bit and UTF-16 strings decodes accented French and German", "[msg]") {
  TempDir scratch;
  auto x = extract_with(msg(), corpus_dir() / "email/tika__test-outlook.msg", scratch);
  CHECK(contains_normalised(x.text, "From: L'Équipe Microsoft Outlook Express <msoe@microsoft.com>"));
  CHECK(contains_normalised(x.text, "La réponse à vos attentes en matière de messagerie"));

  TempDir scratch2;
  auto y = extract_with(msg(), corpus_dir() / "email/spamscope__mail_outlook_1", scratch2);
  CHECK(y.result.meta.at("subject") == "Newsletter Prüfung Personalwesen / Prüfung Eröffnungsbilanz");
  CHECK(y.result.meta.at("to") == "Gaiser-Schönenborn, Andrea");
  CHECK(contains_normalised(y.text, "Sehr geehrte Frau Gaiser-Schönenborn,"));
  REQUIRE_FALSE(y.result.children.empty());
  CHECK(y.result.children[0].name == "newsletter.png");
  CHECK(read_file(y.result.children[0].file).starts_with("\x89PNG"));
}

TEST_CASE("bad .msg files", "[msg][bad-input]") {
  CHECK(reason_for(fixture("bad/msg-not-ole.msg")).starts_with("corrupt Outlook message: "));
  CHECK(reason_for(fixture("bad/msg-ole-word-document.msg")) ==
        "corrupt Outlook message: no MAPI property streams");

  TempDir dir;
  std::string whole = read_file(corpus_dir() / "email/tika__test-outlook.msg");
  write_file(dir / "truncated.msg", whole.substr(0, 1536));
  CHECK(reason_for(dir / "truncated.msg").starts_with("corrupt Outlook message: "));
  write_file(dir / "empty.msg", "");
  CHECK(reason_for(dir / "empty.msg").starts_with("corrupt Outlook message: "));
}
