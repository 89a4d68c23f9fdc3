#include "indexer/extract/handlers.hpp"
#include "indexer/util/errors.hpp"
#include "tests/support/extract_helper.hpp"

#include <catch2/catch.hpp>

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-stdio.h>

#include <functional>
#include <memory>
#include <set>

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

// No Linux program writes .msg files, so the variants the corpus lacks (RTF-only body, embedded
// message) are rebuilt from the corpus files' own MAPI streams with libgsf.
template <class T>
using GPtr = std::unique_ptr<T, decltype([](T* p) { g_object_unref(p); })>;

bool is_storage(GsfInput* input) {
  return GSF_IS_INFILE(input) && gsf_infile_num_children(GSF_INFILE(input)) >= 0;
}

// Copies from into to, leaving out the entries named in skip; edit may rewrite a stream.
void copy_storage(GsfInfile* from, GsfOutfile* to, const std::set<std::string>& skip,
                  const std::function<std::string(const std::string&, std::string)>& edit) {
  for (int i = 0; i < gsf_infile_num_children(from); ++i) {
    std::string name = gsf_infile_name_by_index(from, i);
    if (skip.contains(name)) {
      continue;
    }
    GPtr<GsfInput> child{gsf_infile_child_by_index(from, i)};
    bool dir = is_storage(child.get());
    GPtr<GsfOutput> out{gsf_outfile_new_child(to, name.c_str(), dir)};
    if (dir) {
      copy_storage(GSF_INFILE(child.get()), GSF_OUTFILE(out.get()), {}, [](auto&, std::string b) { return b; });
    } else {
      std::string bytes(static_cast<std::size_t>(gsf_input_size(child.get())), '\0');
      if (!bytes.empty()) {
        gsf_input_read(child.get(), bytes.size(), reinterpret_cast<guint8*>(bytes.data()));
      }
      bytes = edit(name, std::move(bytes));
      gsf_output_write(out.get(), bytes.size(), reinterpret_cast<const guint8*>(bytes.data()));
    }
    gsf_output_close(out.get());
  }
}

GPtr<GsfInfile> open_ole(const std::filesystem::path& file) {
  GPtr<GsfInput> input{gsf_input_stdio_new(file.c_str(), nullptr)};
  REQUIRE(input);
  GPtr<GsfInfile> ole{gsf_infile_msole_new(input.get(), nullptr)};
  REQUIRE(ole);
  return ole;
}

// Writes a new .msg: the root entries of base (minus skip), then whatever more() adds.
void write_msg(const std::filesystem::path& target, const std::filesystem::path& base, const std::set<std::string>& skip,
               const std::function<void(GsfOutfile*)>& more) {
  GPtr<GsfOutput> sink{gsf_output_stdio_new(target.c_str(), nullptr)};
  REQUIRE(sink);
  GPtr<GsfOutfile> root{gsf_outfile_msole_new(sink.get())};
  auto source = open_ole(base);
  copy_storage(source.get(), root.get(), skip, [](auto&, std::string b) { return b; });
  more(root.get());
  gsf_output_close(GSF_OUTPUT(root.get()));
  gsf_output_close(sink.get());
}

void write_stream(GsfOutfile* dir, const char* name, std::string_view bytes) {
  GPtr<GsfOutput> out{gsf_outfile_new_child(dir, name, FALSE)};
  gsf_output_write(out.get(), bytes.size(), reinterpret_cast<const guint8*>(bytes.data()));
  gsf_output_close(out.get());
}

}  // namespace

TEST_CASE("a .msg with only an RTF body hands the decompressed RTF on as a child", "[msg]") {
  TempDir dir;
  auto source = corpus_dir() / "email/tika__test-outlook2003.msg";
  write_msg(dir / "rtf-only.msg", source, {"__substg1.0_1000001E", "__substg1.0_1000001F", "__substg1.0_10130102"},
            [](GsfOutfile*) {});
  TempDir scratch;
  auto x = extract_with(msg(), dir / "rtf-only.msg", scratch);
  CHECK(x.result.meta.at("subject") == "Welcome to Microsoft Office Outlook 2003");
  REQUIRE_FALSE(x.result.children.empty());
  CHECK(x.result.children[0].name == "message-body.rtf");
  std::string rtf = read_file(x.result.children[0].file);
  CHECK(rtf.starts_with("{\\rtf1"));
  CHECK(rtf.find("Thank you for using") != std::string::npos);
}

TEST_CASE("an embedded Outlook message becomes a standalone .msg child", "[msg]") {
  TempDir dir;
  auto outer = corpus_dir() / "email/tika__test-outlook.msg";
  auto inner = corpus_dir() / "email/tika__test-outlook2003.msg";
  write_msg(dir / "with-embedded.msg", outer, {}, [&](GsfOutfile* root) {
    GPtr<GsfOutput> attach{gsf_outfile_new_child(root, "__attach_version1.0_#00000000", TRUE)};
    // Attachment properties: 8-byte header, then PidTagAttachMethod (0x37050003) = 5, embedded message.
    std::string props(8, '\0');
    props += std::string("\x03\x00\x05\x37\x06\x00\x00\x00\x05\x00\x00\x00\x00\x00\x00\x00", 16);
    write_stream(GSF_OUTFILE(attach.get()), "__properties_version1.0", props);
    GPtr<GsfOutput> object{gsf_outfile_new_child(GSF_OUTFILE(attach.get()), "__substg1.0_3701000D", TRUE)};
    auto source = open_ole(inner);
    // An embedded message has no named-property map and a 24-byte property header.
    copy_storage(source.get(), GSF_OUTFILE(object.get()), {"__nameid_version1.0"},
                 [](const std::string& name, std::string bytes) {
                   return name == "__properties_version1.0" ? bytes.erase(24, 8) : bytes;
                 });
    gsf_output_close(object.get());
    gsf_output_close(attach.get());
  });
  TempDir scratch;
  auto x = extract_with(msg(), dir / "with-embedded.msg", scratch);
  CHECK(x.result.meta.at("subject") == "Microsoft Outlook Express 6");
  REQUIRE(x.result.children.size() == 1);
  const auto& child = x.result.children[0];
  CHECK(child.name == "Welcome to Microsoft Office Outlook 2003.msg");
  REQUIRE(child.error.empty());
  TempDir inner_scratch;
  auto y = extract_with(msg(), child.file, inner_scratch);
  CHECK(y.result.meta.at("subject") == "Welcome to Microsoft Office Outlook 2003");
  CHECK(y.result.meta.at("date") == "2010-03-28T22:27:38Z");
  CHECK(contains_normalised(y.text, "Thank you for using Microsoft® Office Outlook® 2003!"));
  CHECK(y.result.children.size() == 11);
}

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

TEST_CASE("a .msg whose root entry claims a sibling reads as the intact message", "[msg][bad-input]") {
  // fixtures/fuzz/extract_msg/root-entry-with-siblings.msg is the corpus's test-outlook.msg with the
  // root entry's left sibling set to entry 1, which libgsf 1.14.50 leaked (fixtures/fuzz/README.md).
  TempDir a;
  TempDir b;
  auto intact = extract_with(msg(), corpus_dir() / "email/tika__test-outlook.msg", a);
  auto patched = extract_with(msg(), fixture("fuzz/extract_msg/root-entry-with-siblings.msg"), b);
  CHECK(patched.text == intact.text);
  CHECK(patched.result.meta == intact.result.meta);
  CHECK(patched.result.children.size() == intact.result.children.size());
  CHECK(intact.text.find("Nouvel utilisateur de Outlook Express") != std::string::npos);
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
