#include "indexer/worker/serialize.hpp"

#include "indexer/util/errors.hpp"

#include <nlohmann/json.hpp>

namespace evidex::indexer {

using nlohmann::json;

std::string to_json(const WorkResult& r) {
  json children = json::array();
  for (const auto& c : r.extraction.children) {
    children.push_back({{"name", c.name}, {"file", c.file.string()}, {"error", c.error}});
  }
  json j = {{"mime", r.type.mime},
            {"description", r.type.description},
            {"name_mime", r.type.name_mime},
            {"mismatch", r.type.mismatch},
            {"bytes", r.bytes},
            {"sha256", r.sha256},
            {"words", r.words},
            {"pages", r.extraction.pages},
            {"meta", r.extraction.meta},
            {"children", children},
            {"warnings", r.extraction.warnings},
            {"expanded_bytes", r.extraction.expanded_bytes},
            {"error", r.error},
            {"seconds", r.seconds}};
  // Handlers promise UTF-8; replace rather than fail if one breaks that promise.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

WorkResult work_result_from_json(const std::string& text) {
  try {
    json j = json::parse(text);
    WorkResult r;
    r.type.mime = j.at("mime");
    r.type.description = j.at("description");
    r.type.name_mime = j.at("name_mime");
    r.type.mismatch = j.at("mismatch");
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
    return r;
  } catch (const json::exception& e) {
    throw Error(std::string("worker result is not readable: ") + e.what());
  }
}

}  // namespace evidex::indexer
