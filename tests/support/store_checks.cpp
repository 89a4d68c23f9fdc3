#include "tests/support/store_checks.hpp"

#include "indexer/store/sqlite.hpp"
#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace evidex::test {
namespace fs = std::filesystem;

std::vector<std::string> item_paths(const fs::path& store, const std::string& apprentice) {
  Run items = run_evidex(store, {"items", "--apprentice", apprentice, "--format", "json"});
  std::vector<std::string> out;
  if (items.exit_code != 0) {
    return out;
  }
  for (const auto& item : nlohmann::json::parse(items.out)) {
    out.push_back(item["path"].get<std::string>());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> search_paths(const fs::path& store, const std::string& word, const std::string& apprentice) {
  Run search = run_evidex(store, {"search", word, "--apprentice", apprentice, "--limit", "1000", "--format", "json"});
  std::vector<std::string> out;
  if (search.exit_code != 0) {
    return out;
  }
  const auto result = nlohmann::json::parse(search.out);
  for (const auto& hit : result["hits"]) {
    out.push_back(hit["path"].get<std::string>());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string integrity(const fs::path& store) {
  indexer::Db db(store / "evidex.sqlite", false, true);
  auto check = db.prepare("PRAGMA integrity_check");
  std::string result;
  while (check.step()) {
    result += (result.empty() ? "" : "\n") + check.text(0);
  }
  return result;
}

std::vector<std::string> leftovers(const fs::path& store) {
  std::set<std::string> used;
  {
    indexer::Db db(store / "evidex.sqlite", false, true);
    auto s = db.prepare("SELECT sha256 FROM items UNION SELECT sha256 FROM bundles");
    while (s.step()) {
      used.insert(s.text(0));
    }
  }
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(store / "blobs", ec)) {
    if (entry.is_regular_file() && !used.count(entry.path().filename().string())) {
      out.push_back(entry.path().string());
    }
  }
  for (const auto& entry : fs::directory_iterator(store / "tmp", ec)) {
    out.push_back(entry.path().string());
  }
  return out;
}

std::map<std::string, std::string> file_bytes(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path() != dir / "lock") {
      out[fs::relative(entry.path(), dir).string()] = read_file(entry.path());
    }
  }
  return out;
}

long lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

}  // namespace evidex::test
