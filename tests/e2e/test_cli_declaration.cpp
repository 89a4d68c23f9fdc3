// `evidex declaration` through the binary, on real declarations made by LibreOffice and Python
// (fixtures/declarations/), each ingested in a folder bundle beside two documents that only mention
// the declaration: a reflective account and an evidence map.
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace evidex::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Strings = std::vector<std::string>;

struct Showcase {
  TempDir work;
  fs::path store = work / "store";

  /// A folder bundle holding the mentions and, under `name`, the declaration fixture (if any).
  explicit Showcase(const std::string& declaration = "", const std::string& name = "08 Declaration of Authenticity",
                    const std::string& registered = "Sam Patel") {
    fs::path bundle = work / "showcase";
    fs::create_directories(bundle);
    fs::copy_file(fixture("declarations/libreoffice-reflective-mentions.docx"),
                  bundle / "01 Reflective account - preparing my showcase.docx");
    fs::copy_file(fixture("declarations/python-evidence-map.csv"), bundle / "00 Evidence map.csv");
    if (!declaration.empty()) {
      fs::copy_file(fixture("declarations/" + declaration),
                    bundle / (name + fs::path(declaration).extension().string()));
    }
    ingest(bundle, registered);
  }
  struct Bundle {
    fs::path path;
  };
  /// An existing bundle, ingested as it is.
  Showcase(const Bundle& bundle, const std::string& registered) { ingest(bundle.path, registered); }

  void ingest(const fs::path& bundle, const std::string& registered) {
    Strings args{"ingest", bundle.string(), "--apprentice", "A1", "--quiet"};
    if (!registered.empty()) {
      args.insert(args.end(), {"--name", registered});
    }
    REQUIRE(run_evidex(store, args).exit_code == 0);
  }

  json check(const Strings& extra = {}) {
    Strings args{"declaration", "--apprentice", "A1", "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    Run r = run_evidex(store, args);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);  // a report, whatever it says
    return json::parse(r.out);
  }
};

Strings strings(const json& j) {
  return j.get<Strings>();
}

}  // namespace

TEST_CASE("declaration e2e: the sample showcase's filled-in DOCX is complete and names Sam Patel",
          "[e2e][declaration]") {
  Showcase s(Showcase::Bundle{fixture("sample-bundle.zip")}, "Sam Patel");
  json d = s.check();
  CHECK(d["status"] == "complete");
  CHECK(d["path"] == "Showcase/08 Declaration of Authenticity.docx");
  CHECK(strings(d["missing_fields"]).empty());
  CHECK(d["name_matches"] == true);
  CHECK(d["name_found"] == "Sam Patel");
  CHECK(strings(d["problems"]).empty());
  CHECK(d["fields"]["employer signature"] == "D. Brooks");
  CHECK(d["dates"]["employer date"] == "2026-02-20");
  // The evidence map's row for the declaration is not taken for the form.
  CHECK(strings(d["other_forms"]).empty());

  SECTION("signed after the assessment date") {
    json late = s.check({"--assessment-date", "2026-02-19"});
    CHECK(late["status"] == "complete");
    CHECK(strings(late["problems"]) == Strings{"apprentice date 20/02/2026 is after the assessment date 2026-02-19",
                                               "employer date 20/02/2026 is after the assessment date 2026-02-19"});
    CHECK(strings(s.check({"--assessment-date", "2026-02-20"})["problems"]).empty());
  }
  SECTION("text for people, CSV for programs") {
    Run text = run_evidex(s.store, {"declaration", "--apprentice", "A1"});
    CHECK(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::StartsWith("Declaration of Authenticity, apprentice A1 (Sam Patel): COMPLETE\n"
                                           "  Showcase/08 Declaration of Authenticity.docx\n"));
    CHECK_THAT(text.out, Catch::Contains("employer signature    D. Brooks"));
    CHECK(text.out.find("\033[") == std::string::npos);  // no colour when stdout is not a terminal
    Run csv = run_evidex(s.store, {"declaration", "--apprentice", "A1", "--format", "csv"});
    CHECK_THAT(csv.out, Catch::StartsWith("apprentice,status,path,missing_fields,name_matches,name_found,"));
    CHECK_THAT(csv.out,
               Catch::Contains("\r\nA1,complete,Showcase/08 Declaration of Authenticity.docx,,yes,Sam Patel,"));
  }
}

TEST_CASE("declaration e2e: an unsigned DOCX is incomplete, naming both signatures", "[e2e][declaration]") {
  Showcase s("libreoffice-unsigned.docx");
  json d = s.check();
  CHECK(d["status"] == "incomplete");
  CHECK(d["path"] == "08 Declaration of Authenticity.docx");
  CHECK(strings(d["missing_fields"]) == Strings{"apprentice signature", "employer signature"});
  CHECK(d["name_matches"] == true);
  CHECK(d["fields"]["apprentice signature"].is_null());  // Word's "Click or tap here to enter text."
  CHECK(strings(d["problems"]).empty());
}

TEST_CASE("declaration e2e: a typed PDF (LibreOffice export) is complete", "[e2e][declaration]") {
  Showcase s("libreoffice-typed.pdf");
  json d = s.check();
  CHECK(d["status"] == "complete");
  CHECK(d["path"] == "08 Declaration of Authenticity.pdf");
  CHECK(strings(d["missing_fields"]).empty());
  CHECK(d["name_matches"] == true);
  CHECK(d["fields"]["employer name"] == "Northgate Home Insurance (Daniel Brooks, Team Leader)");
  CHECK(d["dates"]["apprentice date"] == "2026-02-20");  // "20 February 2026"
  CHECK(d["dates"]["employer date"] == "2026-02-20");    // "20th Feb 2026"
  CHECK(strings(d["problems"]).empty());
}

TEST_CASE("declaration e2e: another apprentice's name on the form is reported", "[e2e][declaration]") {
  Showcase s("libreoffice-other-name.docx");
  json d = s.check();
  CHECK(d["status"] == "complete");
  CHECK(d["name_matches"] == false);
  CHECK(d["name_found"] == "Jordan Reid");
  CHECK(strings(d["problems"]) ==
        Strings{"the apprentice name on the form, 'Jordan Reid', is not the registered name 'Sam Patel'"});
}

TEST_CASE("declaration e2e: signatures pasted as pictures count as signed", "[e2e][declaration]") {
  auto file = GENERATE(as<std::string>{}, "libreoffice-image-signature.docx", "libreoffice-image-signature.odt");
  CAPTURE(file);
  Showcase s(file);
  json d = s.check();
  CHECK(d["status"] == "complete");
  CHECK(strings(d["missing_fields"]).empty());
  CHECK(d["fields"]["apprentice signature"] == "[image]");
  CHECK(d["fields"]["employer signature"] == "[image]");
  CHECK(d["dates"]["apprentice date"] == "2026-02-20");  // "20.02.26"
  CHECK(d["name_matches"] == true);
}

TEST_CASE("declaration e2e: 31 February is filled in but is not a date", "[e2e][declaration]") {
  Showcase s("libreoffice-bad-date.docx");
  json d = s.check();
  CHECK(d["status"] == "complete");
  CHECK(strings(d["missing_fields"]).empty());
  CHECK(d["fields"]["apprentice date"] == "31/02/2026");
  CHECK(d["dates"]["apprentice date"].is_null());
  CHECK(strings(d["problems"]) == Strings{"apprentice date '31/02/2026' is not a date (day/month/year expected)"});
}

TEST_CASE("declaration e2e: the form typed in an e-mail body", "[e2e][declaration]") {
  Showcase s("python-email-declaration.eml");
  json d = s.check();
  CHECK(d["status"] == "complete");
  CHECK(d["path"] == "08 Declaration of Authenticity.eml");
  CHECK(d["fields"]["employer name"] == "Daniel Brooks, Northgate Home Insurance");
  CHECK(d["dates"]["apprentice date"] == "2026-02-20");
}

TEST_CASE("declaration e2e: no declaration is 'missing', mentions of it are not the form", "[e2e][declaration]") {
  SECTION("only a reflective account and an evidence map that mention it") {
    Showcase s;
    json d = s.check();
    CHECK(d["status"] == "missing");
    CHECK(d["path"].is_null());
    CHECK(strings(d["missing_fields"]).empty());
    CHECK(d["name_matches"].is_null());
    CHECK(strings(d["problems"]).empty());
    Run text = run_evidex(s.store, {"declaration", "--apprentice", "A1"});
    CHECK(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("MISSING"));
  }
  SECTION("a photo of the signed form has no text to check") {
    Showcase s("libreoffice-scanned.png", "08 Declaration of Authenticity (signed)");
    json d = s.check();
    CHECK(d["status"] == "missing");
    CHECK(strings(d["problems"]) ==
          Strings{"08 Declaration of Authenticity (signed).png is named like a declaration but has no text to read "
                  "(a scan or a photo?): check it by eye, or upload the form as a document"});
  }
  SECTION("the distinction showcase folder has none") {
    Showcase s(Showcase::Bundle{fixture("bundles/distinction-showcase")}, "");
    CHECK(s.check()["status"] == "missing");
  }
}

TEST_CASE("declaration e2e: no registered name, so the name is not checked", "[e2e][declaration]") {
  Showcase s("libreoffice-typed.pdf", "08 Declaration of Authenticity", "");
  json d = s.check();
  CHECK(d["status"] == "complete");
  CHECK(d["name_matches"].is_null());
  CHECK(d["registered_name"].is_null());
  CHECK(d["name_found"] == "Sam Patel");
  CHECK(strings(d["problems"]) ==
        Strings{"no name is registered for apprentice A1, so the name on the form ('Sam Patel') was not checked: "
                "ingest with --name \"Full Name\" to check it"});
}

TEST_CASE("declaration e2e: usage errors", "[e2e][declaration]") {
  Showcase s("libreoffice-typed.pdf");
  Run bad_date = run_evidex(s.store, {"declaration", "--apprentice", "A1", "--assessment-date", "01/03/2026"});
  CHECK(bad_date.exit_code == 2);
  CHECK(bad_date.err == "evidex: --assessment-date: '01/03/2026' is not a date (YYYY-MM-DD)\n");
  CHECK(run_evidex(s.store, {"declaration", "--apprentice", "A1", "--assessment-date", "2026-02-29"}).exit_code == 2);
  CHECK(run_evidex(s.store, {"declaration", "--apprentice", "A1", "--format", "xml"}).exit_code == 2);
  CHECK(run_evidex(s.store, {"declaration"}).exit_code == 2);
  Run unknown = run_evidex(s.store, {"declaration", "--apprentice", "NOBODY"});
  CHECK(unknown.exit_code == 3);
}
