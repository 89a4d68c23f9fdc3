#include "indexer/pipeline/ingest.hpp"

#include "indexer/detect/detect.hpp"
#include "indexer/extract/children.hpp"
#include "indexer/extract/extractor.hpp"
#include "indexer/extract/os_litter.hpp"
#include "indexer/store/bundle_writer.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/sha256.hpp"
#include "indexer/util/text_encoding.hpp"
#include "indexer/worker/worker.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <unistd.h>

namespace evidex::indexer {
namespace fs = std::filesystem;

namespace {

bool is_archive(const std::string& mime) {
  static const std::set<std::string> archives{
      "application/zip", "application/x-tar", "application/gzip", "application/x-bzip2", "application/x-compress",
      "application/x-xz", "application/zstd", "application/x-7z-compressed", "application/vnd.rar",
      "application/vnd.ms-cab-compressed", "application/x-cpio", "application/x-lzh-compressed",
      "application/x-iso9660-image"};
  return archives.count(mime) > 0;
}

void check_readable(const fs::path& source) {
  std::error_code ec;
  auto status = fs::status(source, ec);
  if (ec || !fs::exists(status)) {
    throw InputError(source.string() + ": cannot read: no such file or directory");
  }
  if (fs::is_directory(status)) {
    fs::directory_iterator it(source, ec);
    if (ec) {
      throw InputError(source.string() + ": cannot read the folder: " + ec.message());
    }
    return;
  }
  if (!fs::is_regular_file(status)) {
    throw InputError(source.string() + ": not a file or a folder");
  }
  std::ifstream in(source, std::ios::binary);
  if (!in) {
    throw InputError(source.string() + ": cannot read: permission denied or unreadable");
  }
}

// Where a folder bundle's files are, relative and '/'-separated, sorted; symlinks and other
// non-files are listed too, so that they can be reported rather than silently skipped.
struct FolderEntry {
  fs::path file;
  std::string path;
  std::string error;
  bool os_litter = false;  // .DS_Store, Thumbs.db ...: skipped, and counted in one warning
};

std::vector<FolderEntry> list_folder(const fs::path& root) {
  std::vector<FolderEntry> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
       it != end; it.increment(ec)) {
    if (ec) {
      break;
    }
    const auto& entry = *it;
    // Lexically: fs::relative would resolve a symlink to wherever it points.
    std::string rel = sanitize_utf8(entry.path().lexically_relative(root).generic_string());
    if (entry.is_symlink(ec)) {
      std::string target = sanitize_utf8(fs::read_symlink(entry.path(), ec).string());
      out.push_back({entry.path(), rel, "unsafe entry: symbolic link to '" + target + "'; not followed"});
    } else if (entry.is_regular_file(ec)) {
      out.push_back({entry.path(), rel, "", is_os_litter(rel)});
    } else if (!entry.is_directory(ec)) {
      out.push_back({entry.path(), rel, "unsupported format: not a regular file"});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

// Errors and warnings are shown one per line: whatever a library put in them is folded.
std::string one_line(std::string s) {
  for (auto& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') {
      c = ' ';
    }
  }
  while (!s.empty() && s.back() == ' ') {
    s.pop_back();
  }
  return s;
}

// Requests that may run ahead of the oldest unfinished one (see Ingestion::run).
constexpr std::uint64_t k_lookahead = 256;

struct Task {
  fs::path file;
  std::string path;
  std::optional<std::size_t> parent;  // index into items
  int depth = 0;
  bool owned = false;      // the file lives in our tmp/ and may be moved into blobs/
  bool bundle_root = false;
};

class Ingestion {
public:
  Ingestion(Store& store, const IngestOptions& options)
      : m_store(store), m_options(options),
        m_work_dir(store.tmp_dir() / ("ingest-" + std::to_string(::getpid()))),
        m_name(bundle_name(options.source)),
        m_other_bundles_paths(store.paths_kept_beside(options.apprentice.id, m_name, options.placement)),
        m_pool(m_detector, default_registry(), options.limits,
               options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency())) {
    fs::create_directories(m_work_dir);
  }
  ~Ingestion() {
    m_pool.cancel();
    m_writer.reset();  // rolled back first: its rows would keep the new blobs "in use"
    if (!m_committed) {
      try {
        m_store.discard_uncommitted_blobs();
      } catch (...) {
        // The next writer retries from the journal.
      }
    }
    std::error_code ec;
    fs::remove_all(m_work_dir, ec);
  }

  IngestReport run(const std::string& hash) {
    auto started = std::chrono::steady_clock::now();
    const fs::path& source = m_options.source;
    BundleInfo bundle;
    bundle.apprentice = m_options.apprentice.id;
    bundle.name = m_name;
    bundle.source = fs::absolute(source).lexically_normal().string();
    bundle.sha256 = hash;
    std::error_code ec;
    bundle.bytes = fs::is_regular_file(source) ? fs::file_size(source, ec) : 0;
    bundle.ingested_at = utc_now_iso();
    // Items go into the store one by one as they are handled; nothing is visible before the commit.
    m_writer.emplace(m_store, m_options.apprentice, bundle, m_options.placement);
    if (fs::is_directory(source)) {
      std::uint64_t litter = 0;
      std::string first_litter;
      for (auto& entry : list_folder(source)) {
        if (entry.os_litter) {
          if (litter++ == 0) {
            first_litter = "'" + entry.path + "'";
          }
        } else if (!entry.error.empty()) {
          add_failed_item(entry.path, std::nullopt, entry.error, "");
        } else {
          submit(Task{entry.file, entry.path, std::nullopt, 0, false, false});
        }
      }
      if (litter) {
        m_warnings.push_back(m_name + ": " + os_litter_warning(litter, first_litter));
      }
    } else {
      submit(Task{source, sanitize_utf8(source.filename().string()), std::nullopt, 0, false, true});
    }
    // Results are handled (stored, indexed, their children submitted) in the order the items were
    // submitted, whatever order their workers finish in: the same upload always gives the same item
    // ids, paths and index order (hits of equal weight are listed in it). A result that finishes
    // early waits; no more than k_lookahead requests run ahead of the oldest unfinished one, so a
    // slow item cannot make the others pile up in memory.
    std::map<std::uint64_t, WorkResult> finished;
    std::uint64_t next_ticket = 0;
    m_pool.hold_from(k_lookahead);
    while (!m_pool.idle()) {
      if (m_options.interrupted && m_options.interrupted->load()) {
        throw Interrupted("ingest of " + source.string() + " interrupted; the store is unchanged");
      }
      auto next = m_pool.wait_next();
      if (!next) {
        continue;
      }
      finished.emplace(next->first, std::move(next->second));
      for (auto it = finished.find(next_ticket); it != finished.end(); it = finished.find(next_ticket)) {
        WorkResult result = std::move(it->second);
        finished.erase(it);
        // By value: handle() submits the item's children, which grows m_tasks and would leave a
        // reference into it dangling.
        handle(Task(m_tasks.at(next_ticket)), std::move(result));
        if (m_options.progress) {
          // The uploaded archive is not an item: count only items, as the summary does.
          ++m_done;
          m_options.progress(m_done - m_containers, m_tasks.size() - m_containers, m_tasks.at(next_ticket).path);
        }
        ++next_ticket;
        m_pool.hold_from(next_ticket + k_lookahead);
      }
    }
    if (!finished.empty()) {
      throw Error("internal: extraction results left unhandled");
    }
    if (m_options.interrupted && m_options.interrupted->load()) {
      throw Interrupted("ingest of " + source.string() + " interrupted; the store is unchanged");
    }

    bundle.ingested_at = utc_now_iso();
    bundle.item_count = m_writer->added();
    bundle.error_count = m_errors;
    bundle.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    bundle.warnings = m_warnings;
    if (fs::is_regular_file(source)) {
      m_store.put_blob(source, hash, false);  // the upload itself, exactly as received
    }
    IngestReport report;
    report.change = m_writer->commit(bundle);
    m_committed = true;
    bundle.id = report.change.bundle_id;
    report.bundle = bundle;
    for (auto& item : m_store.items(m_options.apprentice.id)) {
      if (item.bundle == bundle.id) {
        report.items.push_back(std::move(item));
      }
    }
    return report;
  }

private:
  void submit(Task task) {
    fs::path scratch = m_work_dir / std::to_string(m_tasks.size());
    fs::create_directories(scratch);
    const Limits& limits = m_options.limits;
    WorkRequest request{task.file, task.path, scratch,
                        limits.max_total_bytes - std::min(m_expanded, limits.max_total_bytes),
                        limits.max_entries - std::min<std::uint64_t>(m_tasks.size(), limits.max_entries)};
    std::uint64_t ticket = m_pool.submit(std::move(request));
    if (ticket != m_tasks.size()) {
      throw Error("internal: worker tickets out of step with tasks");
    }
    m_tasks.push_back(std::move(task));
  }

  std::string unique_path(const std::string& wanted) {
    std::string path = wanted.empty() ? "(unnamed)" : wanted;
    // Items are addressed by path across the whole portfolio: a name another bundle already uses
    // is qualified by this bundle's name rather than shadowing or replacing that item.
    if (m_other_bundles_paths.count(path)) {
      std::string qualified = m_name + "/" + path;
      m_warnings.push_back(wanted + ": an item of another bundle of the portfolio has this path; stored as '" +
                           qualified + "'");
      path = qualified;
    }
    if (m_paths.insert(path).second) {
      return path;
    }
    for (int n = 2;; ++n) {
      std::string candidate = numbered_name(path, static_cast<unsigned>(n));
      if (m_paths.insert(candidate).second) {
        m_warnings.push_back(wanted + ": the bundle holds this name more than once; stored as '" +
                             candidate + "'");
        return candidate;
      }
    }
  }

  std::size_t add_failed_item(const std::string& path, std::optional<std::size_t> parent,
                              const std::string& error, const std::string& sha256, std::uint64_t bytes = 0) {
    NewItem item;
    item.record.path = unique_path(path);
    item.record.name_mime = mime_for_name(path);
    item.record.mime = "application/octet-stream";
    item.record.type = short_type(item.record.name_mime.empty() ? item.record.mime : item.record.name_mime);
    item.record.sha256 = sha256;
    item.record.bytes = bytes;
    item.record.error = one_line(error);
    item.parent_index = parent;
    return add_item(item);
  }

  std::size_t add_item(const NewItem& item) {
    m_errors += !item.record.error.empty();
    m_writer->add(item);
    return m_writer->added() - 1;
  }

  void handle(Task task, WorkResult result) {
    m_expanded += result.extraction.expanded_bytes;
    std::error_code ec;
    if (result.sha256.empty() && fs::is_regular_file(task.file, ec)) {
      result.sha256 = sha256_file(task.file);  // the worker died before hashing
    }
    if (result.type.mime.empty()) {
      result.type.name_mime = mime_for_name(task.path);
      result.type.mime = "application/octet-stream";
    }

    // The uploaded archive itself is the bundle, not an item: its members are the items.
    bool root_container = task.bundle_root && result.error.empty() && is_archive(result.type.mime);
    std::optional<std::size_t> self;
    std::string prefix;
    if (root_container) {
      ++m_containers;
      for (const auto& w : result.extraction.warnings) {
        m_warnings.push_back(task.path + ": " + one_line(w));
      }
    } else {
      NewItem item;
      ItemRecord& r = item.record;
      r.path = unique_path(task.path);
      r.mime = result.type.mime;
      r.type = short_type(r.mime);
      r.name_mime = result.type.name_mime;
      r.mismatch = result.type.mismatch;
      r.bytes = result.bytes;
      r.sha256 = result.sha256;
      r.words = result.words;
      r.pages = result.extraction.pages.size();
      r.meta = std::move(result.extraction.meta);
      // An e-mail's Date header is when that piece of evidence was made.
      if (auto sent = r.meta.find("date"); sent != r.meta.end() && !r.meta.count("created")) {
        r.meta["created"] = sent->second;
      }
      if (!result.type.description.empty()) {
        r.meta.emplace("description", result.type.description);
      }
      r.error = one_line(result.error);
      for (auto& w : result.extraction.warnings) {
        r.warnings.push_back(one_line(std::move(w)));
      }
      if (r.mismatch) {
        r.warnings.push_back("the name says " + short_type(r.name_mime) + " but the content is " + r.type);
      }
      for (std::size_t i = 0; i < result.extraction.pages.size(); ++i) {
        if (i) {
          item.text += '\f';
        }
        item.text += result.extraction.pages[i];
      }
      item.parent_index = task.parent;
      item.terms = std::move(result.terms);
      prefix = r.path + "/";
      if (!r.sha256.empty() && fs::is_regular_file(task.file, ec)) {
        m_store.put_blob(task.file, r.sha256, task.owned);
      }
      self = add_item(item);
    }

    const Limits& limits = m_options.limits;
    for (auto& child : result.extraction.children) {
      std::string path = prefix + child.name;
      if (!child.error.empty()) {
        add_failed_item(path, self, child.error, "");
        continue;
      }
      int depth = task.depth + 1;
      std::string refusal;
      if (depth > limits.max_depth) {
        refusal = "limit exceeded: nested more than " + std::to_string(limits.max_depth) +
                  " levels deep; not extracted";
      } else if (m_tasks.size() >= limits.max_entries) {
        refusal = "limit exceeded: the bundle has more than " + std::to_string(limits.max_entries) +
                  " items; not extracted";
      } else if (m_expanded > limits.max_total_bytes) {
        refusal = "limit exceeded: the bundle expands to more than " +
                  std::to_string(limits.max_total_bytes >> 20) + " MiB; not extracted";
      }
      if (!refusal.empty()) {
        std::uint64_t bytes = fs::file_size(child.file, ec);
        std::string sha = ec ? std::string() : sha256_file(child.file);
        if (!sha.empty()) {
          m_store.put_blob(child.file, sha, true);
        }
        add_failed_item(path, self, refusal, sha, ec ? 0 : bytes);
        continue;
      }
      submit(Task{child.file, path, self, depth, true, false});
    }
  }

  Store& m_store;
  const IngestOptions& m_options;
  fs::path m_work_dir;
  std::string m_name;
  std::set<std::string> m_other_bundles_paths;
  Detector m_detector;
  WorkerPool m_pool;
  std::vector<Task> m_tasks;  // by worker ticket
  std::optional<BundleWriter> m_writer;
  std::uint64_t m_errors = 0;
  std::set<std::string> m_paths;
  std::vector<std::string> m_warnings;
  std::uint64_t m_expanded = 0;
  std::size_t m_done = 0;
  std::size_t m_containers = 0;
  bool m_committed = false;
};

}  // namespace

std::string bundle_hash(const fs::path& source) {
  if (!fs::is_directory(source)) {
    return sha256_file(source);
  }
  Sha256 h;
  for (const auto& entry : list_folder(source)) {
    if (entry.os_litter) {
      continue;  // Finder rewriting .DS_Store is not a new version of the evidence
    }
    h.update(entry.path);
    h.update(std::string_view("\0", 1));
    h.update(entry.error.empty() ? sha256_file(entry.file) : entry.error);
    h.update(std::string_view("\0", 1));
  }
  return h.hex();
}

std::string bundle_name(const fs::path& source) {
  fs::path p = fs::absolute(source).lexically_normal();
  if (!p.has_filename()) {
    p = p.parent_path();  // "showcase/" names the folder
  }
  std::string name = sanitize_utf8(p.filename().string());
  return name.empty() ? "(bundle)" : name;
}

IngestReport ingest(Store& store, const IngestOptions& options) {
  check_readable(options.source);
  std::string hash = bundle_hash(options.source);
  // The same bytes again change nothing, whatever they are called; with --replace only when they
  // already are the whole portfolio.
  auto bundles = store.bundles_of(options.apprentice.id);
  auto same = std::find_if(bundles.begin(), bundles.end(), [&](const BundleInfo& b) { return b.sha256 == hash; });
  if (same != bundles.end() && (options.placement == Placement::add || bundles.size() == 1)) {
    store.update_apprentice(options.apprentice);
    IngestReport report;
    report.unchanged = true;
    report.bundle = *same;
    return report;
  }
  Ingestion ingestion(store, options);
  return ingestion.run(hash);
}

}  // namespace evidex::indexer
