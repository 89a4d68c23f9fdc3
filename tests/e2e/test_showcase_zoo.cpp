// The showcase zoo: every labelled showcase of fixtures/showcases/ ingested into one store through
// the evidex binary, and every label (items, coverage per criterion with its source, verdict,
// declaration, check codes, duplicate groups) compared with what evidex says. One line per bundle:
// "zoo PASS <name>" or "zoo FAIL <name>: <mismatches>". Labels say what a correct tool answers
// (fixtures/showcases/README.md), so a FAIL is evidex's to fix, not the label's.
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"
#include "tests/support/zoo_compare.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>

using namespace evidex::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> label_files() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fixture("showcases"))) {
    std::string name = e.path().filename().string();
    if (name.size() > 11 && name.ends_with(".label.json")) {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Runs one query command; a non-JSON answer becomes a mismatch rather than an exception.
json query(const fs::path& store, std::vector<std::string> args, zoo::Mismatches& out, int* exit_code = nullptr) {
  args.insert(args.end(), {"--format", "json"});
  Run r = run_evidex(store, args);
  if (exit_code) {
    *exit_code = r.exit_code;
  }
  try {
    return json::parse(r.out);
  } catch (const json::exception&) {
    out.push_back(args[0] + " exit " + std::to_string(r.exit_code) + ", no JSON: " + r.err.substr(0, 200));
    return json::object();
  }
}

zoo::Mismatches ingest(const fs::path& store, const json& label) {
  zoo::Mismatches out;
  const json& a = label["apprentice"];
  for (const auto& step : label["ingest"]) {
    std::vector<std::string> args{"ingest", fixture("showcases/" + step["path"].get<std::string>()).string(),
                                  "--apprentice", a["id"], "--name", a["name"], "--standard", a["standard"],
                                  "--assessor", a["assessor"], "--quiet"};
    if (step["replace"].get<bool>()) {
      args.push_back("--replace");
    }
    Run r;
    if (label["store_after_subcommand"].get<bool>()) {
      args.insert(args.end(), {"--store", store.string()});
      r = run_evidex_raw(args);
    } else {
      r = run_evidex(store, args);
    }
    if (r.exit_code != 0) {
      std::string err = r.err.substr(0, r.err.find('\n'));
      out.push_back("ingest " + step["path"].get<std::string>() + " exit " + std::to_string(r.exit_code) + ": " + err);
    }
  }
  return out;
}

zoo::Mismatches score(const fs::path& store, const json& label) {
  zoo::Mismatches out;
  std::string id = label["apprentice"]["id"];
  auto add = [&](const auto& compare) {
    try {
      auto m = compare();
      out.insert(out.end(), m.begin(), m.end());
    } catch (const json::exception& e) {
      out.push_back(std::string("output not in the documented shape: ") + e.what());
    }
  };
  add([&] { return zoo::compare_items(label, query(store, {"items", "--apprentice", id}, out)); });
  if (!label["coverage"].is_null()) {
    add([&] {
      return zoo::compare_coverage(label, query(store, {"coverage", "--apprentice", id, "--method", "showcase"}, out));
    });
  }
  add([&] { return zoo::compare_declaration(label, query(store, {"declaration", "--apprentice", id}, out)); });
  std::vector<std::string> check{"check", "--apprentice", id};
  for (const char* option : {"assessment_date", "received"}) {
    if (label["check_options"].contains(option)) {
      std::string flag = std::string("--") + option;
      std::replace(flag.begin(), flag.end(), '_', '-');
      check.insert(check.end(), {flag, label["check_options"][option]});
    }
  }
  add([&] {
    int exit_code = -1;
    json c = query(store, check, out, &exit_code);
    return zoo::compare_check(label, c, exit_code);
  });
  add([&] { return zoo::compare_duplicates(label, query(store, {"duplicates", "--apprentice", id}, out)); });
  return out;
}

}  // namespace

TEST_CASE("showcase zoo: every labelled showcase comes out as its label says", "[e2e][zoo]") {
  auto labels = label_files();
  REQUIRE(labels.size() >= 40);
  TempDir work;
  fs::path store = work / "store";
  // Every bundle into one store first, so that copies across apprentices are visible to all.
  std::vector<std::pair<json, zoo::Mismatches>> results;
  for (const auto& file : labels) {
    json label = json::parse(read_file(file));
    results.emplace_back(label, ingest(store, label));
  }
  std::vector<std::string> failed;
  for (auto& [label, mismatches] : results) {
    auto more = score(store, label);
    mismatches.insert(mismatches.end(), more.begin(), more.end());
    std::string name = label["bundle"];
    if (mismatches.empty()) {
      std::cout << "zoo PASS " << name << "\n";
      continue;
    }
    std::string line = "zoo FAIL " + name + ": ";
    for (std::size_t i = 0; i < mismatches.size(); ++i) {
      line += (i ? "; " : "") + mismatches[i];
    }
    std::cout << line << "\n";
    failed.push_back(name);
  }
  std::cout << "zoo: " << results.size() - failed.size() << " of " << results.size() << " showcases pass\n"
            << std::flush;
  INFO(failed.size() << " showcases do not come out as labelled (see the zoo FAIL lines)");
  CHECK(failed.empty());
}
