// The one dispatch from a result to a medium: every command's result type is written in each
// medium, and render() gives the JSON contract's value as text.
#include "query/render/render.hpp"

#include "query/authenticity/declaration.hpp"
#include "query/check/check.hpp"
#include "query/coverage/coverage.hpp"
#include "query/iqa/duplicates.hpp"
#include "query/iqa/sample.hpp"
#include "query/listing/apprentices_listing.hpp"
#include "query/listing/items.hpp"
#include "query/listing/standards_listing.hpp"
#include "query/listing/templates_listing.hpp"
#include "query/search/search.hpp"

#include <catch2/catch.hpp>

using namespace evidex;

// A result type missing a medium does not compile here, rather than falling back at run time.
static_assert(query::Renderable<query::Coverage>);
static_assert(query::Renderable<query::CheckResult>);
static_assert(query::Renderable<query::DeclarationCheck>);
static_assert(query::Renderable<query::DuplicateGroups>);
static_assert(query::Renderable<query::Sample>);
static_assert(query::Renderable<query::SearchResult>);
static_assert(query::Renderable<query::ItemListing>);
static_assert(query::Renderable<query::ApprenticeList>);
static_assert(query::Renderable<query::TemplateList>);
static_assert(query::Renderable<mapping::StandardLibrary>);
static_assert(query::Renderable<query::StandardCriteria>);
static_assert(!query::Renderable<std::string>);

TEST_CASE("render: each format goes to the result's own writer", "[output]") {
  query::CheckResult r;
  r.apprentice = "A1";
  r.standard = "ST0072";
  r.method = "showcase";
  r.verdict = "not-ready";
  r.blocking = {query::item_finding(query::FindingCode::extraction_failed, "Showcase/a.pptx", "could not be read")};
  r.notes = {query::showcase_finding(query::FindingCode::distinction_not_reached, "0 of 10")};

  const std::string json = query::render(r, query::Format::json);
  CHECK(json == query::json_text(query::check_json(r)));
  auto value = nlohmann::json::parse(json);
  CHECK(value["blocking"][0]["code"] == "extraction-failed");
  CHECK(value["blocking"][0]["path"] == "Showcase/a.pptx");
  CHECK(value["notes"][0]["path"].is_null());

  CHECK(query::render(r, query::Format::csv) ==
        "kind,code,path,message\r\nblocking,extraction-failed,Showcase/a.pptx,could not be read\r\n"
        "note,distinction-not-reached,,0 of 10\r\n");

  const std::string plain = query::render(r, query::Format::text);
  CHECK(plain.find("extraction-failed: Showcase/a.pptx: could not be read") != std::string::npos);
  CHECK(plain.find("\033[") == std::string::npos);
  CHECK(query::render(r, query::Format::text, true).find("\033[31m") != std::string::npos);
}
