#include "tests/support/zoo_compare.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace evidex::test::zoo {
namespace {

using nlohmann::json;

// A member of evidex's output, or null when the output lacks it (a shape error is then a mismatch,
// not undefined behaviour of const operator[]).
const json& field(const json& j, const char* key) {
  static const json null;
  return j.is_object() && j.contains(key) ? j[key] : null;
}

std::string show(const json& j) {
  return j.is_string() ? j.get<std::string>() : j.dump();
}

std::string join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) {
    out += (out.empty() ? "" : ", ") + x;
  }
  return out;
}

std::set<std::string> strings(const json& array) {
  std::set<std::string> out;
  for (const auto& x : array) {
    out.insert(show(x));
  }
  return out;
}

// "expected X, got Y" for two sets, naming only the differences.
void compare_sets(const std::string& what, const std::set<std::string>& expected, const std::set<std::string>& actual,
                  Mismatches& out) {
  std::set<std::string> missing, extra;
  std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(),
                      std::inserter(missing, missing.end()));
  std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(),
                      std::inserter(extra, extra.end()));
  if (!missing.empty()) {
    out.push_back(what + " missing [" + join(missing) + "]");
  }
  if (!extra.empty()) {
    out.push_back(what + " unexpected [" + join(extra) + "]");
  }
}

// Whether an item listed under a criterion covers it: a source that can cover, and not set apart
// (coverage lists a reference an item only mentions, or a tag on an unreadable item, with
// "counts": false and a "why_not").
bool counts(const json& item) {
  const std::string source = item.value("source", "");
  bool can_cover = source == "explicit" || source == "map" || source == "manual";
  return can_cover && item.value("counts", true);
}

// A blocking finding of the label: a code and a path (null, a path, or {"any_of": [paths]}).
bool finding_matches(const json& expected, const json& actual) {
  if (expected["code"] != field(actual, "code")) {
    return false;
  }
  const json& path = expected["path"];
  if (path.is_object()) {
    const auto& any = path["any_of"];
    return std::find(any.begin(), any.end(), field(actual, "path")) != any.end();
  }
  return path == field(actual, "path");
}

std::string finding(const json& f) {
  return show(field(f, "code")) + "@" + (field(f, "path").is_null() ? std::string("-") : show(field(f, "path")));
}

}  // namespace

Mismatches compare_items(const json& label, const json& items) {
  Mismatches out;
  std::set<std::string> paths, errors;
  for (const auto& item : items) {
    paths.insert(show(field(item, "path")));
    if (!field(item, "error").is_null()) {
      errors.insert(show(field(item, "path")));
    }
  }
  compare_sets("items", strings(label["items"]["paths"]), paths, out);
  compare_sets("items with an error", strings(label["items"]["errors"]), errors, out);
  return out;
}

Mismatches compare_coverage(const json& label, const json& coverage) {
  Mismatches out;
  const json& want = label["coverage"];
  if (want.is_null()) {
    return out;
  }
  if (field(coverage, "verdict") != want["verdict"]) {
    out.push_back("verdict " + show(field(coverage, "verdict")) + ", expected " + show(want["verdict"]));
  }
  std::map<std::string, json> by_ref;
  for (const auto& c : field(coverage, "criteria")) {
    by_ref[show(field(c, "ref"))] = c;
  }
  std::set<std::string> not_covering = strings(want["not_covering"]);
  // Mismatches of one kind are gathered by item, so that a map read wrongly is one line, not 39.
  std::set<std::string> unlisted, uncovered;
  std::map<std::string, std::set<std::string>> wrongly_covered, missing_source, covering_lists;
  auto source_of = [](const json& i) { return show(field(i, "path")) + " (" + show(field(i, "source")) + ")"; };
  for (const auto& [ref, expected] : want["criteria"].items()) {
    auto it = by_ref.find(ref);
    if (it == by_ref.end()) {
      unlisted.insert(ref);
      continue;
    }
    const json& items = field(it->second, "items");
    if (field(it->second, "covered") != expected["covered"]) {
      if (expected["covered"].get<bool>()) {
        uncovered.insert(ref);
      } else {
        std::string by;
        for (const auto& i : items) {
          if (counts(i)) {
            by += (by.empty() ? "" : ", ") + source_of(i);
          }
        }
        wrongly_covered[by].insert(ref);
      }
    }
    for (const auto& e : expected["by"]) {
      bool found = std::any_of(items.begin(), items.end(), [&](const json& i) {
        return field(i, "path") == e["path"] && field(i, "source") == e["source"] && counts(i);
      });
      if (!found) {
        missing_source[show(e["path"]) + " (" + show(e["source"]) + ")"].insert(ref);
      }
    }
    for (const auto& i : items) {
      if (counts(i) && field(i, "source") != "manual" && not_covering.count(show(field(i, "path")))) {
        covering_lists[source_of(i)].insert(ref);
      }
    }
  }
  if (!unlisted.empty()) {
    out.push_back("criteria not listed [" + join(unlisted) + "]");
  }
  if (!uncovered.empty()) {
    out.push_back("not covered [" + join(uncovered) + "]");
  }
  for (const auto& [by, refs] : wrongly_covered) {
    out.push_back("covered by " + by + " but should not be [" + join(refs) + "]");
  }
  for (const auto& [source, refs] : missing_source) {
    out.push_back(source + " does not cover [" + join(refs) + "]");
  }
  for (const auto& [source, refs] : covering_lists) {
    out.push_back(source + " covers [" + join(refs) + "] but must cover nothing");
  }
  return out;
}

Mismatches compare_declaration(const json& label, const json& declaration) {
  Mismatches out;
  const json& want = label["declaration"];
  if (field(declaration, "status") != want["status"]) {
    out.push_back("declaration " + show(field(declaration, "status")) + ", expected " + show(want["status"]));
  }
  if (!want["path"].is_null() && field(declaration, "path") != want["path"]) {
    out.push_back("declaration found in " + show(field(declaration, "path")) + ", expected " + show(want["path"]));
  }
  compare_sets("declaration fields", strings(want["missing_fields"]),
               strings(declaration.value("missing_fields", json::array())), out);
  if (want["status"] != "missing" && declaration.value("name_matches", json()) != want["name_matches"]) {
    out.push_back("name_matches " + show(declaration.value("name_matches", json())) + ", expected " +
                  show(want["name_matches"]));
  }
  return out;
}

Mismatches compare_check(const json& label, const json& check, int exit_code) {
  Mismatches out;
  const json& want = label["check"];
  if (field(check, "ready") != want["ready"]) {
    out.push_back("check ready " + show(field(check, "ready")) + ", expected " + show(want["ready"]));
  }
  int expected_exit = want["ready"].get<bool>() ? 0 : 1;
  if (exit_code != expected_exit) {
    out.push_back("check exit " + std::to_string(exit_code) + ", expected " + std::to_string(expected_exit));
  }
  for (const auto& e : want["blocking"]) {
    if (std::none_of(field(check, "blocking").begin(), field(check, "blocking").end(),
                     [&](const json& a) { return finding_matches(e, a); })) {
      out.push_back("check lacks " + finding(e));
    }
  }
  std::set<std::string> extra;
  for (const auto& a : field(check, "blocking")) {
    if (std::none_of(want["blocking"].begin(), want["blocking"].end(),
                     [&](const json& e) { return finding_matches(e, a); })) {
      extra.insert(finding(a));
    }
  }
  if (!extra.empty()) {
    out.push_back("check blocks on [" + join(extra) + "]");
  }
  std::set<std::string> notes;
  for (const auto& n : field(check, "notes")) {
    notes.insert(show(field(n, "code")));
  }
  compare_sets("check notes", strings(want["notes"]), notes, out);
  return out;
}

Mismatches compare_duplicates(const json& label, const json& duplicates) {
  Mismatches out;
  auto group = [](const json& kind, const json& items, bool from_label) {
    std::set<std::string> members;
    for (const auto& i : items) {
      members.insert(from_label ? show(i[0]) + ":" + show(i[1]) : show(field(i, "apprentice")) + ":" + show(field(i, "path")));
    }
    return show(kind) + "{" + join(members) + "}";
  };
  std::set<std::string> expected, actual;
  for (const auto& g : label["duplicates"]) {
    expected.insert(group(g["kind"], g["items"], true));
  }
  for (const auto& g : field(duplicates, "groups")) {
    actual.insert(group(field(g, "kind"), field(g, "items"), false));
  }
  compare_sets("duplicate groups", expected, actual, out);
  return out;
}

}  // namespace evidex::test::zoo
