/** @file
 * @brief The extraction fuzz targets: one in-process handler at a time, run on the fuzzer's bytes
 * exactly as a worker runs an item (run_extraction: detection, hashing, the handler, the text cap),
 * but with only that handler installed, for every MIME type, so that each harness stays on its own
 * code whatever the bytes look like.
 */
#include "tests/fuzz/targets.hpp"

#include "indexer/detect/detect.hpp"
#include "indexer/extract/handlers.hpp"
#include "indexer/util/text_encoding.hpp"
#include "indexer/worker/worker.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace fs = std::filesystem;

namespace evidex::fuzz {
namespace {

using Factory = std::shared_ptr<const indexer::Extractor> (*)();

const std::map<std::string, Factory, std::less<>>& factories() {
  static const std::map<std::string, Factory, std::less<>> all = {
      {"text", indexer::make_text_extractor},
      {"eml", indexer::make_eml_extractor},
      {"mbox", indexer::make_mbox_extractor},
      {"msg", indexer::make_msg_extractor},
      {"html", indexer::make_html_extractor},
      {"rtf", indexer::make_rtf_extractor},
      {"xml", indexer::make_xml_extractor},
      {"pdf", indexer::make_pdf_extractor},
      {"ooxml", indexer::make_ooxml_extractor},
      {"encrypted_office", indexer::make_encrypted_office_extractor},
      {"odf", indexer::make_odf_extractor},
      {"archive", indexer::make_archive_extractor},
      {"media", indexer::make_media_extractor},
  };
  return all;
}

/// A directory of this process's own under $TMPDIR, removed at exit: the input file and the
/// children's scratch directory, emptied before each run.
class Scratch {
public:
  Scratch() : m_dir(fs::temp_directory_path() / ("evidex-fuzz-" + std::to_string(::getpid()))) {
    fs::create_directories(m_dir);
  }
  ~Scratch() {
    std::error_code ignore;
    fs::remove_all(m_dir, ignore);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  const fs::path& dir() const { return m_dir; }

private:
  fs::path m_dir;
};

/// The worker's limits, but with a bundle budget small enough that an archive bomb costs a
/// fuzzing run milliseconds rather than gigabytes of disk: the limits' code paths are the same.
indexer::Limits fuzz_limits() {
  indexer::Limits limits;
  limits.max_item_bytes = 64ull << 20;
  limits.max_total_bytes = 64ull << 20;
  limits.max_entries = 1000;
  limits.max_text_bytes = 16ull << 20;
  return limits;
}

bool stays_inside(std::string_view name) {
  if (name.empty() || name.front() == '/') {
    return false;
  }
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = std::min(name.find('/', start), name.size());
    if (name.substr(start, end - start) == "..") {
      return false;
    }
    start = end + 1;
  }
  return true;
}

void check_extraction(const indexer::WorkResult& r, const fs::path& scratch, const indexer::Limits& limits) {
  promise(is_valid_utf8(r.error), "extract: the error is not valid UTF-8");
  const auto& x = r.extraction;
  if (!r.error.empty()) {
    promise(x.pages.empty() && x.children.empty(), "extract: a failed item kept text or children");
  }
  for (const auto& page : x.pages) {
    promise(is_valid_utf8(page), "extract: text is not valid UTF-8");
  }
  for (const auto& [key, value] : x.meta) {
    promise(is_valid_utf8(key) && is_valid_utf8(value), "extract: meta '" + key + "' is not valid UTF-8");
  }
  for (const auto& w : x.warnings) {
    promise(is_valid_utf8(w), "extract: a warning is not valid UTF-8");
  }
  promise(x.children.size() <= limits.max_entries, "extract: more children than the entry budget");
  promise(x.expanded_bytes <= limits.max_total_bytes, "extract: children beyond the size budget");
  for (const auto& child : x.children) {
    promise(is_valid_utf8(child.name) && stays_inside(child.name),
            "extract: child name '" + sanitize_utf8(child.name) + "' leaves the bundle");
    if (child.error.empty()) {
      promise(child.file.parent_path() == scratch && fs::is_regular_file(child.file),
              "extract: child '" + child.name + "' is not a file in the scratch directory");
    }
  }
}

}  // namespace

const std::vector<std::string>& extract_handlers() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& entry : factories()) {
      out.push_back(entry.first);
    }
    return out;
  }();
  return names;
}

void run_extract(std::string_view handler, const std::uint8_t* data, std::size_t size) {
  auto factory = factories().find(handler);
  if (factory == factories().end()) {
    throw std::invalid_argument("no extraction handler named '" + std::string(handler) + "'");
  }
  static const indexer::Detector detector;
  static const Scratch scratch;
  static const indexer::Limits limits = fuzz_limits();
  indexer::Registry registry;
  registry.add("*", factory->second());

  fs::path input = scratch.dir() / "input";
  fs::path children = scratch.dir() / "children";
  fs::remove_all(children);
  fs::create_directories(children);
  {
    std::ofstream out(input, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    promise(static_cast<bool>(out), "extract: cannot write the input file " + input.string());
  }
  indexer::WorkRequest request;
  request.file = input;
  request.item_path = "Showcase/item";
  request.scratch_dir = children;
  request.budget_bytes = limits.max_total_bytes;
  request.budget_entries = limits.max_entries;
  indexer::WorkResult result = indexer::run_extraction(detector, registry, limits, request);
  check_extraction(result, children, limits);
}

}  // namespace evidex::fuzz
