// Type detection by content: the extension is only a hint.
#include "indexer/detect/detect.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

using namespace evidex;
using namespace evidex::indexer;
using test::corpus_dir;
using test::fixture;

namespace {

Detected detect_copy(const std::filesystem::path& source, const std::string& name) {
  test::TempDir dir;
  auto copy = dir / "file";
  std::filesystem::copy_file(source, copy);
  return Detector().detect(copy, name);
}

/// A package as a download that stopped a few bytes into the local header of part: every part
/// before it is whole, the part's own name is cut, and there is no central directory.
std::string cut_into_part(const std::string& package, const std::string& part) {
  const std::string local_header("PK\x03\x04", 4);
  for (auto at = package.find(local_header); at != std::string::npos; at = package.find(local_header, at + 1)) {
    if (package.compare(at + 30, part.size(), part) == 0) {
      return package.substr(0, at + 40);
    }
  }
  FAIL("no local header for " << part);
  return {};
}

}  // namespace

TEST_CASE("detect: a document cut short before its main part is the document its name says", "[detect]") {
  // Read as a plain zip, its XML parts became items and the damage went unsaid; the document handler
  // reads it instead and says "corrupt DOCX: ...".
  test::TempDir dir;
  auto write_cut = [&](const std::string& fixture_path, const std::string& part) {
    auto file = dir / std::filesystem::path(fixture_path).filename().string();
    test::write_file(file, cut_into_part(test::read_file(fixture(fixture_path)), part));
    return file;
  };
  auto docx = write_cut("formats/docx/libreoffice-customer-service.docx", "word/document.xml");
  auto xlsx = write_cut("formats/xlsx/libreoffice-evidence-map.xlsx", "xl/workbook.xml");
  CHECK(Detector().detect(docx, "Showcase/Team rota.docx").mime ==
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  CHECK(Detector().detect(xlsx, "Showcase/Map.xlsx").mime ==
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  // Without a name that claims a document, the bytes alone do not say which one it was.
  CHECK(Detector().detect(docx, "Showcase/parts.zip").mime == "application/zip");
  // A real zip named .docx by mistake has no package parts: it is a zip, and the mismatch is said.
  Detected zip = detect_copy(fixture("formats/archive/python-showcase.zip"), "Showcase/Evidence.docx");
  CHECK(zip.mime == "application/zip");
  CHECK(zip.mismatch);
}

TEST_CASE("detect: each kind of real file is named by its content", "[detect]") {
  auto [file, expected] = GENERATE(table<std::string, std::string>({
      {"formats/pdf/libreoffice-customer-service.pdf", "application/pdf"},
      {"formats/docx/libreoffice-customer-service.docx",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {"formats/xlsx/libreoffice-evidence-map.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {"formats/pptx/libreoffice-two-slides.pptx",
       "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
      {"formats/odt/libreoffice-customer-service.odt", "application/vnd.oasis.opendocument.text"},
      {"formats/doc/libreoffice-customer-service.doc", "application/msword"},
      {"formats/eml/python-thank-you-attachments.eml", "message/rfc822"},
      {"formats/mbox/python-three-messages.mbox", "application/mbox"},
      {"formats/rtf/libreoffice-reflective-account.rtf", "text/rtf"},
      {"formats/archive/python-showcase.zip", "application/zip"},
      {"formats/archive/7z-showcase.7z", "application/x-7z-compressed"},
      {"formats/archive/bsdtar-showcase.tar.gz", "application/gzip"},
  }));
  // A neutral name, so that only the content can decide.
  Detected d = detect_copy(fixture(file), "upload");
  INFO(file << ": " << d.description);
  CHECK(d.mime == expected);
  CHECK_FALSE(d.mismatch);
}

TEST_CASE("detect: a .pdf that is really a .docx is a docx, and the mismatch is recorded", "[detect]") {
  Detected d = detect_copy(fixture("formats/docx/libreoffice-customer-service.docx"), "Showcase/report.pdf");
  CHECK(d.mime == "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  CHECK(d.name_mime == "application/pdf");
  CHECK(d.mismatch);
}

TEST_CASE("detect: files libmagic cannot name are found by looking inside", "[detect]") {
  // A zip libmagic calls data, with an OOXML package inside.
  CHECK(detect_copy(corpus_dir() / "office/pptx__missing_rels_item.pptx", "x").mime ==
        "application/vnd.openxmlformats-officedocument.presentationml.presentation");
  // A self-extracting zip: an executable stub, then the archive.
  CHECK(detect_copy(corpus_dir() / "archives/libarchive__test_read_format_zip_sfx", "x").mime == "application/zip");
  // UTF-16 text without a BOM.
  CHECK(detect_copy(corpus_dir() / "html-text/chardet__UTF-16LE__nobom-utf16le.txt", "x.txt").mime == "text/plain");
  // A password-protected docx is an OLE2 container with an EncryptedPackage stream.
  CHECK(detect_copy(corpus_dir() / "office/tika__testWORD_protected_passtika.docx", "x.docx").mime ==
        "application/x-encrypted-office");
  // An .xlsb is a zip with binary parts.
  CHECK(detect_copy(corpus_dir() / "office/xlrd__sample.xlsb", "x").mime ==
        "application/vnd.ms-excel.sheet.binary.macroEnabled.12");
}

TEST_CASE("detect: an e-mail that libmagic takes for HTML is an e-mail", "[detect]") {
  Detected d = detect_copy(corpus_dir() / "email/rubymail__raw_email_encoded_stack_level_too_deep.eml", "mail.eml");
  CHECK(d.mime == "message/rfc822");
  // And a single message with an mbox "From " envelope line stays a message when named .eml.
  CHECK(detect_copy(corpus_dir() / "email/tika__testEmailWithPNGAtt.eml", "mail.eml").mime == "message/rfc822");
  CHECK(detect_copy(corpus_dir() / "email/tika__simple.mbox", "simple.mbox").mime == "application/mbox");
}

TEST_CASE("detect: names map to types and short names", "[detect]") {
  CHECK(mime_for_name("Showcase/Report.PDF") == "application/pdf");
  CHECK(mime_for_name("no-extension") == "");
  CHECK(mime_for_name(".hidden") == "");
  CHECK(short_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document") == "docx");
  CHECK(short_type("image/png") == "image");
  CHECK(short_type("application/x-whatever") == "unknown");
}

TEST_CASE("detect: the text fast path answers as every signature would, on every text file we hold", "[detect]") {
  // Every file of the fixtures and of the real-world corpus, under its own name and renamed to .txt
  // and .html: where the fast path answers, the full path must give the same type.
  Detector detector;
  std::size_t fast = 0, compared = 0;
  for (const auto& root : {test::fixture(""), corpus_dir()}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file() || entry.file_size() == 0) {
        continue;
      }
      const std::string own = entry.path().filename().string();
      for (const std::string& name : {own, own + ".txt", own + ".html"}) {
        Detected quick = detector.detect(entry.path(), name);
        Detected full = detector.detect_by_signatures(entry.path(), name);
        ++compared;
        REQUIRE(full.by_signatures);
        if (quick.by_signatures) {
          CHECK(quick.mime == full.mime);
          continue;
        }
        ++fast;
        INFO(entry.path() << " named " << name << ": fast " << quick.mime << " (" << quick.description
                          << "), full " << full.mime << " (" << full.description << ")");
        // libmagic may name the language of a text ("C source", "Python script"): the same kind to
        // evidex, read by the same text handler.
        CHECK((quick.mime == full.mime || (quick.mime == "text/plain" && full.mime.rfind("text/x-", 0) == 0)));
        CHECK(short_type(quick.mime) == short_type(full.mime));
        CHECK(quick.mismatch == full.mismatch);
        CHECK_THAT(full.description, Catch::EndsWith(quick.description));
      }
    }
  }
  CHECK(compared > 1000);
  CHECK(fast > 50);  // the fast path is really taken
}
