// Whether the name written on a declaration is the apprentice's registered name.
#include "query/authenticity/person_names.hpp"

#include <catch2/catch.hpp>

using evidex::query::compare_names;
using evidex::query::NameMatch;

TEST_CASE("names: case, spacing, punctuation, titles, order and middle names do not matter", "[declaration][names]") {
  auto [written, registered] = GENERATE(table<std::string, std::string>({
      {"Sam Patel", "Sam Patel"},
      {"SAM  PATEL", "sam patel"},
      {" Sam Patel. ", "Sam Patel"},
      {"Mr Sam Patel", "Sam Patel"},
      {"Patel, Sam", "Sam Patel"},
      {"Sam J. Patel", "Sam Patel"},
      {"Samuel James Patel", "Samuel Patel"},
      {"Samuel Patel", "Samuel James Patel"},
      {"Mary-Jane O'Neil", "Mary Jane O'Neil"},
      {"mary jane o neil", "Mary-Jane O’Neil"},
      {"Zoë Brontë", "Zoe Bronte"},
      {"Sam Patel", "S Patel"},  // the register knows only the initial
  }));
  CAPTURE(written, registered);
  CHECK(compare_names(written, registered) == NameMatch::same);
}

TEST_CASE("names: initials are the same person but not the full name the form asks for", "[declaration][names]") {
  CHECK(compare_names("S. Patel", "Sam Patel") == NameMatch::initials);
  CHECK(compare_names("S J Patel", "Sam Patel") == NameMatch::initials);
  CHECK(compare_names("Sam P.", "Sam Patel") == NameMatch::initials);
  CHECK(compare_names("T. Patel", "Sam Patel") == NameMatch::different);
}

TEST_CASE("names: a first name that may be a short form is not taken for a match", "[declaration][names]") {
  CHECK(compare_names("Samuel Patel", "Sam Patel") == NameMatch::short_form);
  CHECK(compare_names("Sam Patel", "Samantha Patel") == NameMatch::short_form);
}

TEST_CASE("names: someone else's name, or half a name, is different", "[declaration][names]") {
  CHECK(compare_names("Jordan Reid", "Sam Patel") == NameMatch::different);
  CHECK(compare_names("Sam Reid", "Sam Patel") == NameMatch::different);
  CHECK(compare_names("Patel", "Sam Patel") == NameMatch::different);
  CHECK(compare_names("Sam", "Sam Patel") == NameMatch::different);
  CHECK(compare_names("Sam Patel-Jones", "Sam Patel") == NameMatch::different);
  CHECK(compare_names("", "Sam Patel") == NameMatch::different);
  CHECK(compare_names("Mr", "Sam Patel") == NameMatch::different);
}
