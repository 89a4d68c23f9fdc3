#include "indexer/worker/serialize.hpp"

#include "indexer/util/errors.hpp"

#include <nlohmann/json.hpp>

namespace evidex::indexer {

using nlohmann::json;

namespace {

std::string pack(const json& j) {
  std::string out;
  json::to_msgpack(j, out);
  return out;
}

json unpack(const std::string& bytes, const char* what) {
  try {
    return json::from_msgpack(bytes);
  } catch (const json::exception& e) {
    throw Error(std::string(what) + " is not readable: " + e.what());
  }
}

}  // namespace

std::string serialise_request(const WorkRequest& r) {
  return pack({{"file", r.file.string()},
               {"item_path", r.item_path},
               {"scratch_dir", r.scratch_dir.string()},
               {"budget_bytes", r.budget_bytes},
               {"budget_entries", r.budget_entries}});
}

WorkRequest parse_request(const std::string& bytes) {
  json j = unpack(bytes, "worker request");
  try {
    return WorkRequest{j.at("file").get<std::string>(), j.at("item_path"), j.at("scratch_dir").get<std::string>(),
                       j.at("budget_bytes"), j.at("budget_entries")};
  } catch (const json::exception& e) {
    throw Error(std::string("worker request is not readable: ") + e.what());
  }
}

std::string serialise_result(const WorkResult& r) {
  json children = json::array();
  for (const auto& c : r.extraction.children) {
    children.push_back({{"name", c.name}, {"file", c.file.string()}, {"error", c.error}});
  }
  json terms;  // null when there are none
  if (r.terms) {
    // Xapian's serialisation is bytes, not text: MessagePack's bin type keeps them as they are.
    terms = {{"document", json::binary(std::vector<std::uint8_t>(r.terms->document.begin(), r.terms->document.end()))},
             {"page_starts", r.terms->page_starts},
             {"next_position", r.terms->next_position}};
  }
  return pack({{"terms", terms},{"mime", r.type.mime},
               {"description", r.type.description},
               {"name_mime", r.type.name_mime},
               {"mismatch", r.type.mismatch},
               {"text_fallback", r.type.text_fallback},
               {"bytes", r.bytes},
               {"sha256", r.sha256},
               {"words", r.words},
               {"pages", r.extraction.pages},
               {"meta", r.extraction.meta},
               {"children", children},
               {"warnings", r.extraction.warnings},
               {"expanded_bytes", r.extraction.expanded_bytes},
               {"error", r.error},
               {"seconds", r.seconds},
               {"worker_rss", r.worker_rss}});
}

WorkResult parse_result(const std::string& bytes) {
  json j = unpack(bytes, "worker result");
  try {
    WorkResult r;
    r.type.mime = j.at("mime");
    r.type.description = j.at("description");
    r.type.name_mime = j.at("name_mime");
    r.type.mismatch = j.at("mismatch");
    r.type.text_fallback = j.at("text_fallback");
    r.bytes = j.at("bytes");
    r.sha256 = j.at("sha256");
    r.words = j.at("words");
    r.extraction.pages = j.at("pages").get<std::vector<std::string>>();
    r.extraction.meta = j.at("meta").get<std::map<std::string, std::string>>();
    for (const auto& c : j.at("children")) {
      r.extraction.children.push_back(
          Child{c.at("name"), std::filesystem::path(c.at("file").get<std::string>()), c.at("error")});
    }
    r.extraction.warnings = j.at("warnings").get<std::vector<std::string>>();
    r.extraction.expanded_bytes = j.at("expanded_bytes");
    r.error = j.at("error");
    r.seconds = j.at("seconds");
    r.worker_rss = j.at("worker_rss");
    if (const json& terms = j.at("terms"); !terms.is_null()) {
      const auto& bytes = terms.at("document").get_binary();
      r.terms = TextTerms{std::string(bytes.begin(), bytes.end()), terms.at("page_starts"), terms.at("next_position")};
    }
    return r;
  } catch (const json::exception& e) {
    throw Error(std::string("worker result is not readable: ") + e.what());
  }
}

}  // namespace evidex::indexer
