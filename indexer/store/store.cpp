#include "indexer/store/store.hpp"

#include "indexer/store/bundle_writer.hpp"
#include "indexer/store/index_writer.hpp"
#include "indexer/store/journal.hpp"
#include "indexer/store/schema.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/test_hooks.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <iterator>
#include <set>
#include <sstream>
#include <thread>
#include <sys/file.h>
#include <unistd.h>

namespace evidex::indexer {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// What a user who cannot get at the store should do about it.
constexpr const char* k_permission_advice =
    " (run evidex as a user who may, or change the store's owner or permissions)";

// Refuses, with one line naming the file, a store that is not there to be opened: a path that is a
// file, a folder this user may not enter, a database that is a directory or that cannot be read.
fs::path prepare_dir(const fs::path& dir, Store::Mode mode) {
  std::error_code ec;
  const auto dir_status = fs::status(dir, ec);
  if (fs::exists(dir_status) && !fs::is_directory(dir_status)) {
    throw InputError(dir.string() + ": not an evidex store but a file (pass --store with the store's folder)");
  }
  const fs::path db = dir / "evidex.sqlite";
  const auto db_status = fs::status(db, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    throw StoreError(dir.string() + ": cannot read the store: " + ec.message() + k_permission_advice);
  }
  if (fs::exists(db_status) && !fs::is_regular_file(db_status)) {
    throw StoreError(db.string() + ": not the store's database but " +
                     (fs::is_directory(db_status) ? "a directory" : "a special file") +
                     " (the store is damaged: restore evidex.sqlite from a backup)");
  }
  if (fs::exists(db_status) && ::access(db.c_str(), R_OK) != 0) {
    throw StoreError(db.string() + ": cannot read the store's database: " + std::strerror(errno) + k_permission_advice);
  }
  if (mode == Store::Mode::read) {
    if (!fs::exists(db_status)) {
      throw InputError(dir.string() + ": no evidex store here (run 'evidex ingest' first, or pass --store)");
    }
    return dir;
  }
  for (const char* sub : {"", "blobs", "tmp"}) {
    fs::create_directories(dir / sub, ec);
    if (ec) {
      throw StoreError((dir / sub).string() + ": cannot create the store directory: " + ec.message() +
                       (ec == std::errc::permission_denied ? k_permission_advice : ""));
    }
  }
  return dir;
}

// Whether the store holds what only records could have put there: a stored original or an index.
bool holds_data(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / "xapian", ec)) {
    return true;
  }
  for (auto it = fs::recursive_directory_iterator(dir / "blobs", ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file(ec)) {
      return true;
    }
  }
  return false;
}

std::string lock_holder(int fd) {
  char buffer[32] = {};
  ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  std::string pid = n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) {
    pid.pop_back();
  }
  return pid.empty() ? "another process" : "process " + pid;
}

UniqueFd take_writer_lock(const fs::path& dir, Store::Mode mode, double wait_seconds) {
  if (mode == Store::Mode::read) {
    return {};
  }
  UniqueFd fd{::open((dir / "lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)};
  if (!fd) {
    throw StoreError((dir / "lock").string() + ": cannot open: " + std::strerror(errno));
  }
  // Polled rather than blocking: a writer stuck behind a hung one must say so, not wait for ever.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
  while (flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      throw StoreError((dir / "lock").string() + ": cannot lock: " + std::strerror(errno));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::ostringstream waited;
      waited << wait_seconds;
      throw StoreLocked(dir.string() + ": the store is being written by " + lock_holder(fd.get()) +
                        " (named in " + (dir / "lock").string() + "); gave up after " + waited.str() + " s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Who holds the lock, for a writer that has to give up waiting.
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd.get(), 0) == 0) {
    [[maybe_unused]] ssize_t written = ::pwrite(fd.get(), pid.data(), pid.size(), 0);
  }
  return fd;
}

ItemRecord read_item(const Stmt& s) {
  ItemRecord r;
  r.id = s.integer(0);
  if (!s.is_null(1)) {
    r.parent = s.integer(1);
  }
  r.path = s.text(2);
  r.mime = s.text(3);
  r.type = s.text(4);
  r.name_mime = s.text(5);
  r.mismatch = s.integer(6) != 0;
  r.bytes = static_cast<std::uint64_t>(s.integer(7));
  r.sha256 = s.text(8);
  r.words = static_cast<std::uint64_t>(s.integer(9));
  r.pages = static_cast<std::uint64_t>(s.integer(10));
  r.meta = json::parse(s.text(11)).get<std::map<std::string, std::string>>();
  r.error = s.text(12);
  r.warnings = json::parse(s.text(13)).get<std::vector<std::string>>();
  r.bundle = s.integer(14);
  return r;
}

// A blob's temporary file, removed on every way out unless the blob was completed.
class TempBlob {
 public:
  explicit TempBlob(fs::path path) : m_path(std::move(path)) {}
  TempBlob(const TempBlob&) = delete;
  TempBlob& operator=(const TempBlob&) = delete;
  ~TempBlob() {
    if (!m_path.empty()) {
      std::error_code ec;
      fs::remove(m_path, ec);
    }
  }
  const fs::path& path() const { return m_path; }
  void completed() { m_path.clear(); }

 private:
  fs::path m_path;
};

// Copies with plain read/write so that the errno of a failed write (ENOSPC above all) reaches the
// user as it is, rather than as the "Input/output error" std::filesystem::copy_file reports.
void copy_bytes(const fs::path& from, const fs::path& to, const fs::path& target) {
  const std::string failed = target.string() + ": cannot store the original bytes: ";
  UniqueFd in{::open(from.c_str(), O_RDONLY | O_CLOEXEC)};
  if (!in) {
    throw StoreError(failed + "cannot read " + from.string() + ": " + std::strerror(errno));
  }
  UniqueFd out{::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)};
  if (!out) {
    throw StoreError(failed + write_failure(errno));
  }
  std::vector<char> buffer(1 << 16);
  for (;;) {
    ssize_t got = ::read(in.get(), buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) {
      continue;
    }
    if (got < 0) {
      throw StoreError(failed + "cannot read " + from.string() + ": " + std::strerror(errno));
    }
    if (got == 0) {
      break;
    }
    for (ssize_t done = 0; done < got;) {
      ssize_t put = ::write(out.get(), buffer.data() + done, static_cast<std::size_t>(got - done));
      if (put < 0 && errno == EINTR) {
        continue;
      }
      if (put < 0) {
        throw StoreError(failed + write_failure(errno));
      }
      done += put;
    }
  }
  // Some file systems report a full disk only when the file is closed.
  if (::close(out.release()) != 0) {
    throw StoreError(failed + write_failure(errno));
  }
}

constexpr const char* k_item_columns =
    "i.id, i.parent, i.path, i.mime, i.type, i.name_mime, i.mismatch, i.bytes, i.sha256, i.words, "
    "i.pages, i.meta, i.error, i.warnings, i.bundle";

}  // namespace

std::string utc_now_iso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

double writer_lock_wait_seconds() {
  if (const char* env = std::getenv("EVIDEX_LOCK_TIMEOUT"); env && *env) {
    char* end = nullptr;
    double seconds = std::strtod(env, &end);
    if (end && *end == '\0' && seconds >= 0) {
      return seconds;
    }
  }
  return 30;
}

Store::Store(fs::path dir, Mode mode) : Store(std::move(dir), mode, writer_lock_wait_seconds()) {}

Store::Store(fs::path dir, Mode mode, double lock_wait_seconds)
    : m_dir(prepare_dir(dir, mode)),
      m_mode(mode),
      m_lock(take_writer_lock(m_dir, mode, lock_wait_seconds)),
      m_db(m_dir / "evidex.sqlite", mode == Mode::write, mode == Mode::read) {
  if (m_mode == Mode::write) {
    test_kill_point("writer-lock-taken");
  }
  migrate();
  if (m_mode == Mode::write) {
    // A forget killed on the way is finished before anything else: its journal names the
    // originals it freed.
    finish_interrupted_erasure();
    // Whatever an interrupted ingest left in tmp/ was never committed: its new blobs first.
    discard_uncommitted_blobs();
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(tmp_dir(), ec)) {
      fs::remove_all(entry.path(), ec);
    }
    test_kill_point("recovery-tmp-emptied");
    discard_interrupted_rebuild();
    sync_index();
  }
}

Store::~Store() = default;

void Store::migrate() {
  int version = 0;
  {
    // Finished before any table is rebuilt: an open statement locks the schema.
    Stmt s = m_db.prepare("PRAGMA user_version");
    s.step();
    version = static_cast<int>(s.integer(0));
  }
  // Both refusals come before the first write: a store this evidex cannot read is left byte for byte.
  if (version > k_schema_version) {
    throw StoreError(m_db.name() + ": written by a newer evidex (schema " + std::to_string(version) +
                     ", this one knows " + std::to_string(k_schema_version) +
                     "); use that version or a later one, this one leaves the store untouched");
  }
  if (version == 0) {
    Stmt tables = m_db.prepare("SELECT 1 FROM sqlite_master LIMIT 1");
    if (!tables.step() && holds_data(m_dir)) {
      // A fresh store has neither; one whose records are gone must not be taken for a new one, nor
      // its index rebuilt empty, nor searched as if nobody were in it.
      throw StoreError(m_db.name() + ": the database is empty but the store holds stored originals or a search "
                       "index: its records were lost (restore evidex.sqlite from a backup)");
    }
  }
  if (m_mode == Mode::write) {
    m_db.use_wal();
  }
  if (version == k_schema_version) {
    return;
  }
  if (m_mode == Mode::read) {
    throw StoreUpgradeNeeded(m_db.name() + ": store needs upgrading; run an ingest to upgrade it");
  }
  // Rebuilding a table that others reference must not cascade deletes into them (SQLite's
  // "making other kinds of table schema changes"); the setting cannot change inside a transaction.
  m_db.exec("PRAGMA foreign_keys=OFF");
  {
    Transaction t(m_db);
    if (version >= 1 && version < 4) {
      // Up to version 3 an apprentice had one bundle (UNIQUE apprentice) and tag problems hung on it.
      m_db.exec(R"sql(
        CREATE TABLE bundles_v4(
          id INTEGER PRIMARY KEY,
          apprentice TEXT NOT NULL REFERENCES apprentices(id) ON DELETE CASCADE,
          name TEXT NOT NULL, source TEXT NOT NULL, sha256 TEXT NOT NULL, bytes INTEGER NOT NULL,
          ingested_at TEXT NOT NULL, item_count INTEGER NOT NULL, error_count INTEGER NOT NULL,
          seconds REAL NOT NULL, warnings TEXT NOT NULL DEFAULT '[]', UNIQUE(apprentice, name));
        INSERT INTO bundles_v4(id, apprentice, name, source, sha256, bytes, ingested_at, item_count,
                               error_count, seconds, warnings)
          SELECT id, apprentice, replace(source, rtrim(source, replace(source, '/', '')), ''), source, sha256,
                 bytes, ingested_at, item_count, error_count, seconds, warnings FROM bundles;
        DROP TABLE bundles;
        ALTER TABLE bundles_v4 RENAME TO bundles;
        DROP TABLE IF EXISTS tag_problems;
      )sql");
    }
    m_db.exec(k_schema_sql);
    if (version >= 1 && version < 4) {
      // Tags and their problems are derived: the next writer tags every portfolio again.
      m_db.exec("INSERT OR IGNORE INTO tagging_pending(apprentice) SELECT DISTINCT apprentice FROM bundles");
    }
    {
      Stmt broken = m_db.prepare("PRAGMA foreign_key_check");
      if (broken.step()) {
        throw StoreError(m_db.name() + ": upgrading the store would break the reference from table " +
                         broken.text(0) + " to " + broken.text(2));
      }
    }
    m_db.exec("PRAGMA user_version = " + std::to_string(k_schema_version));
    t.commit();
  }
  m_db.exec("PRAGMA foreign_keys=ON");
}

std::optional<ApprenticeInfo> Store::apprentice(const std::string& id) {
  Stmt s = m_db.prepare("SELECT id, name, standard, assessor FROM apprentices WHERE id = ?");
  s.bind(1, id);
  if (!s.step()) {
    return std::nullopt;
  }
  return ApprenticeInfo{s.text(0), s.text(1), s.text(2), s.text(3)};
}

std::vector<ApprenticeInfo> Store::apprentices() {
  std::vector<ApprenticeInfo> out;
  Stmt s = m_db.prepare("SELECT id, name, standard, assessor FROM apprentices ORDER BY id");
  while (s.step()) {
    out.push_back(ApprenticeInfo{s.text(0), s.text(1), s.text(2), s.text(3)});
  }
  return out;
}

std::vector<BundleInfo> Store::bundles_of(const std::string& apprentice) {
  Stmt s = m_db.prepare(
      "SELECT id, apprentice, name, source, sha256, bytes, ingested_at, item_count, error_count, seconds, warnings "
      "FROM bundles WHERE apprentice = ? ORDER BY id");
  s.bind(1, apprentice);
  std::vector<BundleInfo> out;
  while (s.step()) {
    BundleInfo b;
    b.id = s.integer(0);
    b.apprentice = s.text(1);
    b.name = s.text(2);
    b.source = s.text(3);
    b.sha256 = s.text(4);
    b.bytes = static_cast<std::uint64_t>(s.integer(5));
    b.ingested_at = s.text(6);
    b.item_count = static_cast<std::uint64_t>(s.integer(7));
    b.error_count = static_cast<std::uint64_t>(s.integer(8));
    b.seconds = s.real(9);
    b.warnings = json::parse(s.text(10)).get<std::vector<std::string>>();
    out.push_back(std::move(b));
  }
  return out;
}

std::set<std::string> Store::paths_kept_beside(const std::string& apprentice, const std::string& name,
                                               Placement placement) {
  std::set<std::string> out;
  if (placement == Placement::replace_all) {
    return out;
  }
  Stmt s = m_db.prepare("SELECT i.path FROM items i JOIN bundles b ON i.bundle = b.id "
                        "WHERE b.apprentice = ? AND b.name <> ?");
  s.bind(1, apprentice).bind(2, name);
  while (s.step()) {
    out.insert(s.text(0));
  }
  return out;
}

std::vector<ItemRecord> Store::items(const std::string& apprentice) {
  std::vector<ItemRecord> out;
  Stmt s = m_db.prepare(std::string("SELECT ") + k_item_columns +
                        " FROM items i JOIN bundles b ON i.bundle = b.id WHERE b.apprentice = ? ORDER BY i.path");
  s.bind(1, apprentice);
  while (s.step()) {
    out.push_back(read_item(s));
  }
  return out;
}

std::optional<ItemRecord> Store::item(const std::string& apprentice, const std::string& path) {
  Stmt s = m_db.prepare(std::string("SELECT ") + k_item_columns +
                        " FROM items i JOIN bundles b ON i.bundle = b.id WHERE b.apprentice = ? AND i.path = ?");
  s.bind(1, apprentice).bind(2, path);
  if (!s.step()) {
    return std::nullopt;
  }
  return read_item(s);
}

std::optional<std::pair<std::string, ItemRecord>> Store::item_by_id(std::int64_t id) {
  Stmt s = m_db.prepare(std::string("SELECT ") + k_item_columns +
                        ", b.apprentice FROM items i JOIN bundles b ON i.bundle = b.id WHERE i.id = ?");
  s.bind(1, id);
  if (!s.step()) {
    return std::nullopt;
  }
  ItemRecord record = read_item(s);
  return std::make_pair(s.text(15), std::move(record));
}

std::string Store::item_text(std::int64_t item_id) {
  if (!m_item_text) {
    m_item_text.emplace(m_db.prepare("SELECT text FROM item_text WHERE item = ?"));
  }
  m_item_text->bind(1, item_id);
  std::string text = m_item_text->step() ? m_item_text->text(0) : std::string();
  m_item_text->reset();
  return text;
}

fs::path Store::blob_file(const std::string& sha256) const {
  return m_dir / "blobs" / sha256.substr(0, 2) / sha256;
}

void Store::put_blob(const fs::path& source, const std::string& sha256, bool move) {
  fs::path target = blob_file(sha256);
  std::error_code ec;
  if (fs::exists(target, ec)) {
    if (move) {
      fs::remove(source, ec);
    }
    return;
  }
  // Journal first, then the blob: the journal always covers every blob not yet committed (and
  // so every temporary a killed writer may leave: see discard_uncommitted_blobs()).
  append_journal(blob_journal(), {sha256});
  test_kill_point("blob-journalled");
  fs::create_directories(target.parent_path(), ec);
  TempBlob temp(target.parent_path() / (sha256 + ".tmp" + std::to_string(::getpid())));
  bool moved = false;
  if (move) {
    fs::rename(source, temp.path(), ec);
    moved = !ec;
  }
  if (!moved) {
    copy_bytes(source, temp.path(), target);
  }
  test_kill_point("blob-temporary-written");
  // The blob appears under its name only once complete: a reader never sees half a file.
  fs::rename(temp.path(), target, ec);
  if (ec) {
    throw StoreError(target.string() + ": cannot store the original bytes: " + write_failure(ec.value()));
  }
  temp.completed();
  test_kill_point("blob-renamed");
  m_blobs_unsynced = true;
}

void Store::sync_blobs() {
  if (!m_blobs_unsynced) {
    return;
  }
  // One syncfs for the whole bundle rather than an fsync per file and directory: the records
  // about to be committed must never outlive, through a power cut, the bytes they point to.
  UniqueFd dir{::open((m_dir / "blobs").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (!dir || ::syncfs(dir.get()) != 0) {
    throw StoreError((m_dir / "blobs").string() + ": cannot flush the stored originals to disk: " +
                     write_failure(errno));
  }
  m_blobs_unsynced = false;
}

void Store::update_apprentice(const ApprenticeInfo& who) {
  std::string now = utc_now_iso();
  m_db.prepare("INSERT INTO apprentices(id, name, standard, assessor, created_at, updated_at) "
               "VALUES(?1, ?2, ?3, ?4, ?5, ?5) ON CONFLICT(id) DO UPDATE SET "
               "name = CASE WHEN ?2 <> '' THEN ?2 ELSE name END, "
               "standard = CASE WHEN ?3 <> '' THEN ?3 ELSE standard END, "
               "assessor = CASE WHEN ?4 <> '' THEN ?4 ELSE assessor END, updated_at = ?5")
      .bind(1, who.id)
      .bind(2, who.name)
      .bind(3, who.standard)
      .bind(4, who.assessor)
      .bind(5, now)
      .run();
}

PortfolioChange Store::put_bundle(const ApprenticeInfo& who, const BundleInfo& bundle,
                                  const std::vector<NewItem>& items, Placement placement) {
  BundleWriter writer(*this, who, bundle, placement);
  for (const auto& item : items) {
    writer.add(item);
  }
  return writer.commit(bundle);
}

void Store::discard_uncommitted_blobs() {
  std::vector<std::string> hashes = read_journal(blob_journal());
  // A writer killed inside put_blob leaves its temporary beside the journalled hash's blob.
  std::set<fs::path> dirs;
  for (const auto& sha : hashes) {
    if (sha.size() == 64) {
      dirs.insert(blob_file(sha).parent_path());
    }
  }
  std::error_code ec;
  for (const auto& dir : dirs) {
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().filename().string().find(".tmp") != std::string::npos) {
        fs::remove(entry.path(), ec);
      }
    }
  }
  test_kill_point("recovery-temporaries-removed");
  std::vector<std::string> freed = read_journal(freed_journal());
  hashes.insert(hashes.end(), freed.begin(), freed.end());
  remove_unreferenced_blobs(hashes);
  test_kill_point("recovery-unreferenced-removed");
  fs::remove(blob_journal(), ec);
  fs::remove(freed_journal(), ec);
  test_kill_point("recovery-journals-removed");
}

std::vector<fs::path> Store::sweep_unreferenced_blobs() {
  std::set<std::string> used;
  {
    Stmt s = m_db.prepare("SELECT sha256 FROM items UNION SELECT sha256 FROM bundles");
    while (s.step()) {
      used.insert(s.text(0));
    }
  }
  std::vector<fs::path> remaining;
  std::error_code ec;
  for (const auto& dir : fs::directory_iterator(m_dir / "blobs", ec)) {
    std::error_code dir_ec;
    for (const auto& entry : fs::directory_iterator(dir.path(), dir_ec)) {
      std::string name = entry.path().filename().string();
      if (used.count(name)) {
        continue;
      }
      std::error_code rm_ec;
      fs::remove(entry.path(), rm_ec);
      if (rm_ec) {
        remaining.push_back(entry.path());
      }
    }
  }
  return remaining;
}

void Store::remove_unreferenced_blobs(const std::vector<std::string>& candidates) {
  Stmt used = m_db.prepare("SELECT (SELECT COUNT(*) FROM items WHERE sha256 = ?1) + "
                           "(SELECT COUNT(*) FROM bundles WHERE sha256 = ?1)");
  std::set<std::string> seen;
  for (const auto& sha : candidates) {
    if (sha.size() != 64 || !seen.insert(sha).second) {
      continue;
    }
    used.bind(1, sha);
    used.step();
    bool referenced = used.integer(0) > 0;
    used.reset();
    if (!referenced) {
      std::error_code ec;
      fs::remove(blob_file(sha), ec);
    }
  }
}

bool Store::index_pending(const std::string& apprentice) {
  Stmt s = m_db.prepare("SELECT 1 FROM index_pending WHERE apprentice = ?");
  s.bind(1, apprentice);
  return s.step();
}

bool Store::index_behind() {
  return m_db.prepare("SELECT 1 FROM index_pending LIMIT 1").step();
}

void Store::sync_index() {
  sync_index(std::string());
}

void Store::sync_index(const std::string& retagged) {
  if (m_mode != Mode::write) {
    return;
  }
  std::vector<std::string> pending;
  Stmt s = m_db.prepare("SELECT apprentice FROM index_pending ORDER BY apprentice");
  while (s.step()) {
    pending.push_back(s.text(0));
  }
  if (pending.empty()) {
    return;
  }
  std::error_code ec;
  if (!fs::exists(xapian_dir(), ec)) {
    // An index that is gone while records it held remain must not come back holding only the
    // pending apprentices: searches would silently miss everyone else.
    Stmt indexed = m_db.prepare("SELECT 1 FROM apprentices WHERE id NOT IN (SELECT apprentice FROM index_pending) LIMIT 1");
    if (indexed.step()) {
      m_index_problem = xapian_dir().string() + ": the search index is missing; run 'evidex reindex'";
      return;
    }
  }
  try {
    IndexWriter writer(xapian_dir());
    for (const auto& apprentice : pending) {
      if (apprentice != retagged || !writer.update_criteria(*this, apprentice)) {
        writer.replace_apprentice(*this, apprentice);
      }
    }
    test_kill_point("index-written-uncommitted");
    writer.commit();
    test_kill_point("index-committed");
  } catch (const IndexError& e) {
    // A damaged index must not stop the records being written or read: the marks stay for the
    // writer that rebuilds it. A full disk is not damage: the transaction was cancelled, and the
    // next writer with room brings the index up to date.
    m_index_problem = std::string(e.what()) +
                      (e.disk_full() ? ": the search index could not be updated; once there is room, the next evidex "
                              "command that writes updates it"
                            : ": the search index is damaged; run 'evidex reindex'");
    return;
  }
  Stmt done = m_db.prepare("DELETE FROM index_pending WHERE apprentice = ?");
  for (const auto& apprentice : pending) {
    done.bind(1, apprentice).run();
  }
  test_kill_point("index-pending-cleared");
}

}  // namespace evidex::indexer
