// Evidence maps: reading their tables (CSV dialects, header rows) and the names in them.
#include "mapping/evidence_map/csv_table.hpp"
#include "mapping/evidence_map/file_names.hpp"
#include "mapping/evidence_map/map_header.hpp"

#include <catch2/catch.hpp>

using namespace evidex::mapping;

TEST_CASE("evidence map: header cells", "[evidence-map]") {
  auto kind = [](std::string_view label) { return classify_header(label); };
  for (const char* label : {"File", "Filename", "File name", "EVIDENCE", "Document", "Item", "Title", "Evidence name",
                            "Name of evidence"}) {
    INFO(label);
    CHECK(kind(label) == HeaderKind::evidence_name);
  }
  for (const char* label :
       {"Evidence No", "Evidence No.", "Evidence number", "Evidence Ref", "Evidence #", "No.", "#"}) {
    INFO(label);
    CHECK(kind(label) == HeaderKind::evidence_number);
  }
  for (const char* label : {"KSB", "KSBs", "KSB(s)", "ksb refs", "Criteria", "Criterion", "Reference(s)",
                            "References", "Ref", "Refs", "Standard ref", "Knowledge, skills and behaviours",
                            "Knowledge, Skills & Behaviours", "Mapped to", "Criteria covered"}) {
    INFO(label);
    CHECK(kind(label) == HeaderKind::criteria);
  }
  for (const char* label : {"Notes", "Date", "Page", "KSB description", "Document type", "summary", ""}) {
    INFO(label);
    CHECK(kind(label) == HeaderKind::other);
  }
}

TEST_CASE("evidence map: CSV reading and evidence numbers", "[evidence-map]") {
  Table t = parse_csv("a,\"b,c\"\n\n\"d\"\"e\",\"f\ng\"\n", ',');
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].cells == std::vector<std::string>{"a", "b,c"});
  CHECK(t.rows[1].number == 3);  // the empty line is row 2
  CHECK(t.rows[1].cells == std::vector<std::string>{"d\"e", "f\ng"});
  CHECK(csv_delimiters("x;y;z\n1;2,5;3\n").front() == ';');
  CHECK(csv_delimiters("x\ty\n1\t2\n").front() == '\t');
  CHECK(csv_delimiters("x,y\n1,2\n").front() == ',');

  CHECK(evidence_number("E06") == 6);
  CHECK(evidence_number("6") == 6);
  CHECK(evidence_number(" Evidence 06 ") == 6);
  CHECK(evidence_number("No. 12") == 12);
  CHECK(evidence_number("#3") == 3);
  CHECK_FALSE(evidence_number("2026"));
  CHECK_FALSE(evidence_number("12S3"));
  CHECK_FALSE(evidence_number("E06 call"));
  CHECK(normalise_name("Reflective_account-Handling  a Complaint.DOCX") ==
        "reflective account handling a complaint docx");
  CHECK(normalise_name("Résumé") == "resume");
}
