#include "query/items.hpp"

namespace evidex::query {

using nlohmann::json;

namespace {

std::string meta_or_empty(const indexer::ItemRecord& item, const char* key) {
  auto it = item.meta.find(key);
  return it == item.meta.end() ? std::string() : it->second;
}

}  // namespace

json items_json(const std::vector<indexer::ItemRecord>& items) {
  json out = json::array();
  for (const auto& item : items) {
    json j = {{"path", item.path},
              {"mime", item.mime},
              {"type", item.type},
              {"bytes", item.bytes},
              {"words", item.words},
              {"pages", item.pages},
              {"sha256", item.sha256},
              {"tags", json::array()},
              {"error", item.error.empty() ? json(nullptr) : json(item.error)},
              {"type_mismatch", item.mismatch},
              {"warnings", item.warnings}};
    for (const char* key : {"created", "modified", "title", "author"}) {
      std::string v = meta_or_empty(item, key);
      j[key] = v.empty() ? json(nullptr) : json(v);
    }
    out.push_back(std::move(j));
  }
  return out;
}

std::string render_items(const std::vector<indexer::ItemRecord>& items,
                         const std::vector<std::string>& bundle_warnings, Format format, bool colour) {
  if (format == Format::json) {
    return items_json(items).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  }
  if (format == Format::csv) {
    std::string out = csv_row({"path", "mime", "type", "bytes", "words", "pages", "sha256", "created", "error"});
    for (const auto& item : items) {
      out += csv_row({item.path, item.mime, item.type, std::to_string(item.bytes), std::to_string(item.words),
                      std::to_string(item.pages), item.sha256, meta_or_empty(item, "created"), item.error});
    }
    return out;
  }
  const char* red = colour ? "\033[31m" : "";
  const char* reset = colour ? "\033[0m" : "";
  std::vector<std::vector<std::string>> rows{{"PATH", "TYPE", "SIZE", "WORDS", "STATUS"}};
  std::size_t failed = 0;
  for (const auto& item : items) {
    std::string status = "ok";
    if (!item.error.empty()) {
      status = std::string(red) + "error: " + item.error + reset;
      ++failed;
    } else if (!item.warnings.empty()) {
      status = "ok (" + item.warnings.front() + (item.warnings.size() > 1 ? ", …)" : ")");
    }
    rows.push_back({item.path, item.type, human_bytes(item.bytes), std::to_string(item.words), status});
  }
  std::string out = format_table(rows);
  out += std::to_string(items.size()) + " items, " + std::to_string(failed) + " could not be extracted\n";
  for (const auto& w : bundle_warnings) {
    out += "warning: " + w + "\n";
  }
  return out;
}

}  // namespace evidex::query
