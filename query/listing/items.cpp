#include "query/listing/items.hpp"

#include "query/coverage/tag_source.hpp"

#include "query/render/terminal_text.hpp"

#include <map>
#include <set>

namespace evidex::query {

using nlohmann::json;

namespace {

std::string meta_or_empty(const indexer::ItemRecord& item, const char* key) {
  auto it = item.meta.find(key);
  return it == item.meta.end() ? std::string() : it->second;
}

std::multimap<std::int64_t, const indexer::TagRecord*> tags_by_item(const std::vector<indexer::TagRecord>& tags) {
  std::multimap<std::int64_t, const indexer::TagRecord*> out;
  for (const auto& t : tags) {
    out.emplace(t.item, &t);
  }
  return out;
}

// "12S3 12S6 (2K1?)": tags that cover, then inferred ones with a question mark.
std::string tag_summary(const std::multimap<std::int64_t, const indexer::TagRecord*>& by_item, std::int64_t item) {
  std::set<std::string> covering;
  std::set<std::string> inferred;
  for (auto [it, end] = by_item.equal_range(item); it != end; ++it) {
    (parse_tag_source(it->second->source) == TagSource::inferred ? inferred : covering).insert(it->second->ref);
  }
  for (const auto& ref : covering) {
    inferred.erase(ref);
  }
  std::string out;
  for (const auto& ref : covering) {
    out += (out.empty() ? "" : " ") + ref;
  }
  for (const auto& ref : inferred) {
    out += (out.empty() ? "" : " ") + ref + "?";
  }
  return out;
}

}  // namespace

json tag_json(const indexer::TagRecord& tag) {
  return {{"ref", tag.ref},
          {"source", tag.source},
          {"score", tag.score ? json(*tag.score) : json(nullptr)},
          {"span", tag.span},
          {"place", tag.place},
          {"detail", tag.detail}};
}

json items_json(const std::vector<indexer::ItemRecord>& items, const std::vector<indexer::TagRecord>& tags) {
  auto by_item = tags_by_item(tags);
  json out = json::array();
  for (const auto& item : items) {
    json item_tags = json::array();
    for (auto [it, end] = by_item.equal_range(item.id); it != end; ++it) {
      item_tags.push_back(tag_json(*it->second));
    }
    json j = {{"path", item.path},
              {"mime", item.mime},
              {"type", item.type},
              {"bytes", item.bytes},
              {"words", item.words},
              {"pages", item.pages},
              {"sha256", item.sha256},
              {"tags", std::move(item_tags)},
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

nlohmann::json Media<ItemListing>::json_value(const ItemListing& listing) {
  return items_json(listing.items, listing.tags);
}

std::string Media<ItemListing>::csv(const ItemListing& listing) {
  const auto& items = listing.items;
  const auto& tags = listing.tags;
  auto by_item = tags_by_item(tags);
  std::string out = csv_row({"path", "mime", "type", "bytes", "words", "pages", "sha256", "created", "tags", "error"});
  for (const auto& item : items) {
    out += csv_row({item.path, item.mime, item.type, std::to_string(item.bytes), std::to_string(item.words),
                    std::to_string(item.pages), item.sha256, meta_or_empty(item, "created"),
                    tag_summary(by_item, item.id), item.error});
  }
  return out;
}

std::string Media<ItemListing>::text(const ItemListing& listing, bool colour) {
  const auto& items = listing.items;
  const auto& tags = listing.tags;
  const auto& bundle_warnings = listing.bundle_warnings;
  auto by_item = tags_by_item(tags);
  const char* red = colour ? "\033[31m" : "";
  const char* reset = colour ? "\033[0m" : "";
  std::vector<std::vector<std::string>> rows{{"PATH", "TYPE", "SIZE", "WORDS", "TAGS", "STATUS"}};
  std::size_t failed = 0;
  for (const auto& item : items) {
    std::string status = "ok";
    if (!item.error.empty()) {
      status = std::string(red) + "error: " + terminal_text(item.error) + reset;
      ++failed;
    } else if (!item.warnings.empty()) {
      status = "ok (" + terminal_text(item.warnings.front()) + (item.warnings.size() > 1 ? ", …)" : ")");
    }
    std::string summary = tag_summary(by_item, item.id);
    if (summary.size() > 32) {
      summary = summary.substr(0, summary.rfind(' ', 31)) + " …";
    }
    rows.push_back({terminal_text(item.path), terminal_text(item.type), human_bytes(item.bytes),
                    std::to_string(item.words), summary.empty() ? "-" : summary, status});
  }
  std::string out = format_table(rows);
  out += std::to_string(items.size()) + " items, " + std::to_string(failed) + " could not be extracted";
  out += " (TAGS: criteria the item covers; '?' marks inferred ones, which do not count)\n";
  for (const auto& w : bundle_warnings) {
    out += "warning: " + terminal_text(w) + "\n";
  }
  return out;
}

}  // namespace evidex::query
