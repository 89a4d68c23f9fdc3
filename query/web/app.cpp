#include "query/web/app.hpp"

#include "indexer/util/errors.hpp"
#include "indexer/util/sha256.hpp"
#include "mapping/tagger/tag_bundle.hpp"
#include "query/coverage/coverage.hpp"
#include "query/iqa/duplicates.hpp"
#include "query/render/output.hpp"
#include "query/web/page.hpp"

#include <xapian.h>

#include <algorithm>
#include <ctime>
#include <iostream>

namespace evidex::web {
namespace {

constexpr const char* k_session_cookie = "evidex_session";

// Each connection thread keeps its reader while the store stays as it was: opening one costs
// milliseconds (SQLite, the Xapian database), a request often less.
struct ThreadReader {
  const App* app = nullptr;
  std::string version;
  std::shared_ptr<indexer::Store> store;
};
thread_local ThreadReader t_reader;

std::string cookie_value(const httplib::Request& req, const std::string& name) {
  const std::string header = req.get_header_value("Cookie");
  std::size_t at = 0;
  while (at < header.size()) {
    std::size_t end = header.find(';', at);
    if (end == std::string::npos) {
      end = header.size();
    }
    std::string pair = header.substr(at, end - at);
    auto first = pair.find_first_not_of(' ');
    pair = first == std::string::npos ? std::string() : pair.substr(first);
    if (pair.rfind(name + "=", 0) == 0) {
      return pair.substr(name.size() + 1);
    }
    at = end + 1;
  }
  return {};
}

// Compares secrets without telling, by the time it takes, how much of a guess was right.
bool same_secret(const std::string& a, const std::string& b) {
  if (a.size() != b.size() || a.empty()) {
    return false;
  }
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

std::optional<Visitor> visitor_of(App& app, const httplib::Request& req) {
  const std::string auth = req.get_header_value("Authorization");
  if (auth.rfind("Bearer ", 0) == 0) {
    auto user = app.accounts.user_for_token(auth.substr(7));
    if (!user) {
      return std::nullopt;
    }
    return Visitor{*user, {}, {}, true};
  }
  const std::string id = cookie_value(req, k_session_cookie);
  if (id.empty()) {
    return std::nullopt;
  }
  auto session = app.accounts.session(id);
  if (!session) {
    return std::nullopt;
  }
  auto user = app.accounts.user_by_id(session->user);
  if (!user || user->disabled) {
    return std::nullopt;
  }
  return Visitor{*user, session->id, session->csrf, false};
}

bool changes_state(const httplib::Request& req) { return req.method != "GET" && req.method != "HEAD"; }

bool csrf_ok(const Visitor& v, const httplib::Request& req) {
  std::string sent = req.get_header_value("X-CSRF-Token");
  return csrf_matches(v, sent.empty() ? param(req, "csrf") : sent);
}

// Runs a route, turning what it throws into a status and a message for the visitor. The details of
// an unexpected failure go to the server's log, never to the browser (they may name server paths).
template <typename Answer>
void guarded(const httplib::Request& req, httplib::Response& res, const std::function<void()>& run,
             const Answer& answer) {
  try {
    // A commit or a compaction between opening the index and reading a document makes Xapian throw
    // DatabaseModifiedError: the route runs again on a reader opened afresh (each route opens its own).
    for (int attempt = 1;; ++attempt) {
      try {
        run();
        break;
      } catch (const Xapian::DatabaseModifiedError&) {
        t_reader.store.reset();  // the next reader is opened afresh
        if (attempt == 3) {
          throw;
        }
      }
    }
  } catch (const HttpError& e) {
    answer(e.status, e.message);
  } catch (const UsageError& e) {
    answer(400, e.what());
  } catch (const indexer::StoreLocked&) {
    res.set_header("Retry-After", "30");
    answer(503, "An upload is being stored just now; try again in a minute.");
  } catch (const std::exception& e) {
    std::cerr << "evidex serve: " << req.method << " " << req.path << ": " << e.what() << "\n";
    answer(500, "Something went wrong on the server; it has been logged.");
  }
}

}  // namespace

App::App(const ServeOptions& opts)
    : options(opts),
      library(mapping::standard_dirs(opts.standards)),
      accounts(opts.store),
      uploads([&opts] {
        std::vector<std::string> command{opts.program.string(), "--store", opts.store.string()};
        if (!opts.standards.empty()) {
          command.insert(command.end(), {"--standards", opts.standards});
        }
        return command;
      }()) {}

namespace {

}  // namespace

std::shared_ptr<indexer::Store> App::reader() const {
  const std::string version = store_version(options.store);
  if (!t_reader.store || t_reader.app != this || t_reader.version != version) {
    t_reader.store.reset();
    t_reader.store = std::make_shared<indexer::Store>(options.store, indexer::Store::Mode::read);
    t_reader.app = this;
    t_reader.version = version;
  }
  return t_reader.store;
}

indexer::ApprenticeInfo App::readable_apprentice(indexer::Store& store, const Visitor& v, const std::string& id) const {
  if (query::access::may_read(v.user, id)) {
    if (auto who = store.apprentice(id)) {
      return *who;
    }
  }
  throw HttpError{404, "There is no apprentice '" + id + "' that you can see."};
}

namespace {

// What the duplicate groups depend on: the items (a new or replaced bundle, an erasure), their
// signatures and the templates.
std::string duplicates_version(indexer::Store& store) {
  auto s = store.db().prepare(
      "SELECT (SELECT count(*) FROM items), (SELECT ifnull(max(id), 0) FROM items), (SELECT count(*) FROM signatures), "
      "(SELECT count(*) FROM templates), (SELECT ifnull(max(id), 0) FROM templates)");
  std::string version;
  if (s.step()) {
    for (int i = 0; i < 5; ++i) {
      version += std::to_string(s.integer(i)) + ".";
    }
  }
  return version;
}

}  // namespace

App::SharedDuplicates App::store_duplicates(indexer::Store& store) {
  // duplicates_version counts the signatures (a read of the whole table): once per commit, not per
  // request.
  const std::string stamp = store_version(options.store);
  std::unique_lock lock(m_duplicates_mutex);
  if (m_duplicates_stamp != stamp) {
    lock.unlock();
    std::string version = duplicates_version(store);
    lock.lock();
    m_duplicates_stamp = stamp;
    m_duplicates_stamp_version = std::move(version);
  }
  const std::string version = m_duplicates_stamp_version;
  if (m_duplicates && m_duplicates_version == version) {
    return m_duplicates;
  }
  if (m_duplicates) {
    // Out of date: compared anew in the background (seconds on a large store), the last comparison
    // serving meanwhile (a check keyed on the groups it was drawn from is recomputed once they land).
    refresh_duplicates_in_background(lock);
    return m_duplicates;
  }
  // None yet: the first request computes them, the others wait for it.
  m_duplicates_ready.wait(lock, [this] { return !m_duplicates_computing; });
  if (!m_duplicates) {
    m_duplicates_computing = true;
    lock.unlock();
    refresh_duplicates();
    lock.lock();
  }
  if (!m_duplicates) {
    throw std::runtime_error("the store's duplicates could not be compared (see the server's log)");
  }
  return m_duplicates;
}

void App::compare_duplicates() {
  std::unique_lock lock(m_duplicates_mutex);
  refresh_duplicates_in_background(lock);
}

void App::refresh_duplicates_in_background(std::unique_lock<std::mutex>&) {
  if (!m_duplicates_computing) {
    m_duplicates_computing = true;
    if (m_duplicates_thread.joinable()) {
      m_duplicates_thread.join();  // the last refresh, which has finished
    }
    m_duplicates_thread = std::thread([this] { refresh_duplicates(); });
  }
}

void App::refresh_duplicates() {
  std::shared_ptr<const std::vector<query::DuplicateGroup>> groups;
  std::string version;
  try {
    indexer::Store store(options.store, indexer::Store::Mode::read);
    version = duplicates_version(store);
    groups = std::make_shared<const std::vector<query::DuplicateGroup>>(query::find_duplicates(store, {}));
  } catch (const std::exception& e) {
    std::cerr << "evidex serve: comparing the store for duplicates: " << e.what() << "\n";
  }
  std::lock_guard lock(m_duplicates_mutex);
  if (groups) {
    m_duplicates = std::move(groups);
    m_duplicates_version = version;
  }
  m_duplicates_computing = false;
  m_duplicates_ready.notify_all();
}

App::~App() {
  std::unique_lock lock(m_duplicates_mutex);
  m_duplicates_ready.wait(lock, [this] { return !m_duplicates_computing; });
  lock.unlock();
  if (m_duplicates_thread.joinable()) {
    m_duplicates_thread.join();
  }
}

query::CheckResult App::check(indexer::Store& store, const std::string& apprentice) {
  const auto duplicates = store_duplicates(store);
  // A check reads the apprentice's own rows, the store's duplicate groups that hold one of their
  // items, and today's date (its deadlines count from today when no assessment date is given): a
  // commit for another apprentice keeps it, unless it made a group with this one's evidence.
  std::vector<query::DuplicateGroup> theirs;
  for (const auto& g : *duplicates) {
    if (std::binary_search(g.apprentices.begin(), g.apprentices.end(), apprentice)) {
      theirs.push_back(g);
    }
  }
  const std::string version = store.apprentice_fingerprint(apprentice) + "/" +
                              sha256_hex(query::duplicates_json(theirs).dump()) + "@" +
                              indexer::utc_now_iso().substr(0, 10);
  if (auto cached = checks.get(apprentice, version)) {
    return *cached;
  }
  const auto& standard = mapping::standard_of(store, library, apprentice);
  query::CheckOptions check_options;
  check_options.method = default_method(standard);
  check_options.store_duplicates = &theirs;
  auto result = query::run_check(store, standard, apprentice, check_options);
  checks.put(apprentice, version, result);
  return result;
}

std::string App::verdict(indexer::Store& store, const std::string& apprentice) {
  // Coverage reads the apprentice's own rows only.
  const std::string version = store.apprentice_fingerprint(apprentice);
  if (auto cached = verdicts.get(apprentice, version)) {
    return *cached;
  }
  std::string verdict = "unknown";
  try {
    const auto& standard = mapping::standard_of(store, library, apprentice);
    verdict = query::verdict_name(
        query::compute_coverage(store, standard, apprentice, default_method(standard)).verdict);
  } catch (const InputError&) {
  }
  verdicts.put(apprentice, version, verdict);
  return verdict;
}

void App::audit(const Visitor& v, const httplib::Request& req, std::string_view action, std::string_view apprentice,
                std::string_view item, std::string_view detail) {
  accounts.audit(v.user, action, apprentice, item, detail, remote_of(req));
}

std::string remote_of(const httplib::Request& req) { return req.remote_addr; }

httplib::Server::Handler page_route(App& app, Route route) {
  return [&app, route](const httplib::Request& req, httplib::Response& res) {
    auto answer = [&](int status, const std::string& message) {
      send_html(res, error_page(status, message), status);
    };
    guarded(req, res,
            [&] {
              auto visitor = visitor_of(app, req);
              if (!visitor) {
                if (changes_state(req)) {
                  throw HttpError{403, "Your session has ended. Log in again, then repeat what you did."};
                }
                redirect(res, "/login?next=" + url_value(req.path));
                return;
              }
              if (changes_state(req) && !csrf_ok(*visitor, req)) {
                throw HttpError{403, "This form has expired. Go back, reload the page and try again."};
              }
              route(req, res, *visitor);
            },
            answer);
  };
}

httplib::Server::Handler api_route(App& app, Route route) {
  return [&app, route](const httplib::Request& req, httplib::Response& res) {
    auto answer = [&](int status, const std::string& message) { send_json(res, {{"error", message}}, status); };
    guarded(req, res,
            [&] {
              auto visitor = visitor_of(app, req);
              if (!visitor) {
                res.set_header("WWW-Authenticate", "Bearer");
                throw HttpError{401, "authentication required: a session or an Authorization: Bearer token"};
              }
              if (changes_state(req) && !csrf_ok(*visitor, req)) {
                throw HttpError{403, "missing or wrong CSRF token (X-CSRF-Token)"};
              }
              route(req, res, *visitor);
            },
            answer);
  };
}

bool csrf_matches(const Visitor& v, const std::string& sent) {
  // A bearer token is never sent by a browser on its own, so a request carrying one cannot be forged.
  return v.by_token || same_secret(sent, v.csrf);
}

httplib::Server::HandlerWithContentReader upload_route(App& app, bool api, UploadRoute route) {
  return [&app, api, route](const httplib::Request& req, httplib::Response& res,
                            const httplib::ContentReader& reader) {
    auto answer = [&](int status, const std::string& message) {
      if (api) {
        send_json(res, {{"error", message}}, status);
      } else {
        send_html(res, error_page(status, message), status);
      }
    };
    guarded(req, res,
            [&] {
              auto visitor = visitor_of(app, req);
              if (!visitor) {
                throw HttpError{api ? 401 : 403, "Your session has ended. Log in again, then upload again."};
              }
              route(req, res, reader, *visitor);
            },
            answer);
  };
}

void send_json(httplib::Response& res, const nlohmann::json& value, int status) {
  res.status = status;
  res.set_content(value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
                  "application/json; charset=utf-8");
}

void send_html(httplib::Response& res, const std::string& html, int status) {
  res.status = status;
  res.set_content(html, "text/html; charset=utf-8");
}

void redirect(httplib::Response& res, const std::string& to) {
  res.status = 303;
  res.set_header("Location", to);
}

std::string param(const httplib::Request& req, const std::string& name) {
  return req.has_param(name.c_str()) ? req.get_param_value(name.c_str()) : std::string();
}

std::int64_t path_id(const httplib::Request& req, std::size_t match) {
  const std::string text = match < req.matches.size() ? std::string(req.matches[match]) : std::string();
  try {
    std::size_t used = 0;
    long long id = std::stoll(text, &used);
    if (used == text.size() && id > 0) {
      return id;
    }
  } catch (const std::exception&) {
  }
  throw HttpError{404, "No such page."};
}

std::string default_method(const mapping::Standard& standard) {
  return standard.method("showcase") ? "showcase" : "all";
}

std::string size_text(std::uint64_t bytes) { return query::human_bytes(bytes); }

std::string session_cookie(const std::string& id, std::int64_t max_age, bool secure) {
  return std::string(k_session_cookie) + "=" + id + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
         std::to_string(max_age) + (secure ? "; Secure" : "");
}

}  // namespace evidex::web
