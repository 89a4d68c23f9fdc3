/** @file
 * @brief What every route of `evidex serve` shares: the options, the standards, the accounts, the
 * upload queue, and the request plumbing (who is asking, answering with a page, JSON or an error).
 */
#pragma once

#include "indexer/store/store.hpp"
#include "mapping/standard/standard.hpp"
#include "query/access/accounts.hpp"
#include "query/iqa/sample.hpp"
#include "query/search/search.hpp"
#include "query/check/check.hpp"
#include "query/iqa/duplicates.hpp"
#include "query/web/ingest_queue.hpp"
#include "query/web/result_cache.hpp"
#include "query/web/server.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <optional>
#include <string>

namespace evidex::web {

/// An answer other than success, thrown by a route: the wrapper turns it into a page or JSON.
struct HttpError {
  int status = 500;
  std::string message;  // for the visitor: never a server path
};

/// Who is asking: a logged-in browser (with its session's CSRF token) or a bearer token.
struct Visitor {
  query::access::User user;
  std::string session_id;
  std::string csrf;  // empty for a token
  bool by_token = false;
};

struct App {
  App(const ServeOptions& options);
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  ServeOptions options;
  mapping::StandardLibrary library;
  query::access::Accounts accounts;
  IngestQueue uploads;
  httplib::Server http;
  ResultCache<query::CheckResult> checks{2048};
  ResultCache<std::string> verdicts{1 << 16};

  using SharedDuplicates = std::shared_ptr<const std::vector<query::DuplicateGroup>>;

private:
  std::mutex m_duplicates_mutex;
  std::string m_duplicates_version;
  // duplicates_version() as of the store's files' stamp (store_version).
  std::string m_duplicates_stamp;
  std::string m_duplicates_stamp_version;
  SharedDuplicates m_duplicates;
  bool m_duplicates_computing = false;
  std::condition_variable m_duplicates_ready;
  std::thread m_duplicates_thread;
  void refresh_duplicates();
  /// Starts refresh_duplicates on its own thread unless one is running; the caller holds the lock.
  void refresh_duplicates_in_background(std::unique_lock<std::mutex>& held);

public:

  /// A reader of the store as it stands now: the calling thread's own, opened again once the store
  /// has changed (store_version), so that it sees the latest commit.
  std::shared_ptr<indexer::Store> reader() const;
  /// The apprentice, if the visitor may read their evidence and they exist; else HttpError 404.
  indexer::ApprenticeInfo readable_apprentice(indexer::Store& store, const Visitor& v, const std::string& id) const;
  /// The whole store's duplicate groups, computed once for each state of its items and templates
  /// (decisions do not change them) and shared. Out of date, they are compared anew in the
  /// background while requests get the last ones; the first request waits for them.
  SharedDuplicates store_duplicates(indexer::Store& store);
  /// Starts comparing the store in the background, so that the first page that needs the groups
  /// (an apprentice's check) does not wait seconds for them on a large store.
  void compare_duplicates();
  /// The readiness check with the standard's default method, as of the store's last commit and
  /// today's date (the same for every visitor: redact before showing it). Kept until the
  /// apprentice's own rows, their duplicate groups or the date change.
  query::CheckResult check(indexer::Store& store, const std::string& apprentice);
  /// The coverage verdict ("pass-ready"), or "unknown" when the apprentice's standard is missing.
  std::string verdict(indexer::Store& store, const std::string& apprentice);
  void audit(const Visitor& v, const httplib::Request& req, std::string_view action, std::string_view apprentice,
             std::string_view item = {}, std::string_view detail = {});
};

/// The remote address, for throttling and the audit log.
std::string remote_of(const httplib::Request& req);

using Route = std::function<void(const httplib::Request&, httplib::Response&, const Visitor&)>;

/// A page: visitors who are not logged in are sent to /login; a POST must carry the session's CSRF
/// token. HttpError and every other exception become an HTML error page.
httplib::Server::Handler page_route(App& app, Route route);
/// The JSON API: a session cookie or `Authorization: Bearer`; 401 without one. A POST with a session
/// must carry the CSRF token (X-CSRF-Token); a bearer token needs none. Errors as {"error": "..."}.
httplib::Server::Handler api_route(App& app, Route route);

/// An upload: authenticated as page_route (api: as api_route), but the CSRF token is the route's to
/// check (csrf_matches), because a form sends it in the multipart body that only the route reads.
using UploadRoute = std::function<void(const httplib::Request&, httplib::Response&, const httplib::ContentReader&,
                                       const Visitor&)>;
httplib::Server::HandlerWithContentReader upload_route(App& app, bool api, UploadRoute route);
/// Whether `sent` is the visitor's CSRF token (always for a bearer token), compared in constant time.
bool csrf_matches(const Visitor& v, const std::string& sent);

/// Saves an upload's file under the store's incoming/ folder and queues it; returns the job.
/// HttpError 404 when the visitor may not upload for the apprentice, 413 over the limit, 403 for a
/// wrong CSRF token, 400 without a file.
std::int64_t receive_upload(App& app, const httplib::Request& req, const httplib::ContentReader& reader,
                            const Visitor& v, const std::string& apprentice);

/// A person's decision on an item's criterion, written to the store under the visitor's name:
/// "confirm" or "reject" (an apprentice: only on evidex's suggestions for their own items; an
/// assessor: any tag of an assigned apprentice), or "clear" to remove an earlier one.
void decide(App& app, const httplib::Request& req, const Visitor& v, const std::string& apprentice,
            const std::string& path, const std::string& ref, const std::string& decision, const std::string& note);

/// Search over the evidence the visitor may read: everyone's for IQA and admins, else a filter of
/// the apprentices they may read that the query text cannot widen. An `apprentice` the visitor may
/// not read gives no hits, as one with no evidence.
query::SearchResult visible_search(indexer::Store& store, const Visitor& v, query::SearchOptions options);

/// The IQA sample's rate and seed from the query string (HttpError 400 when they are not numbers).
query::SampleOptions sample_options(const httplib::Request& req);
/// The sample over the whole store; HttpError 404 unless the visitor may sample.
query::Sample draw_visible_sample(App& app, const Visitor& v, const query::SampleOptions& options);

void send_json(httplib::Response& res, const nlohmann::json& value, int status = 200);
void send_html(httplib::Response& res, const std::string& html, int status = 200);
/// 303 See Other: after a POST, the browser GETs the target.
void redirect(httplib::Response& res, const std::string& to);

/// The Set-Cookie value of a session: HttpOnly, SameSite=Strict, Secure when `secure`.
std::string session_cookie(const std::string& id, std::int64_t max_age, bool secure);

/// A query or form parameter, or empty.
std::string param(const httplib::Request& req, const std::string& name);
/// A whole number in the path (/items/42); HttpError 404 otherwise.
std::int64_t path_id(const httplib::Request& req, std::size_t match = 1);

/// The method a page shows: ST0072's showcase when the standard has it, else every method (as the
/// CLI's default).
std::string default_method(const mapping::Standard& standard);

/// A file size for people ("12.4 KB").
std::string size_text(std::uint64_t bytes);

// Route groups, each in its own file.
void add_asset_routes(App& app);
void add_login_routes(App& app);
void add_apprentice_pages(App& app);
void add_item_pages(App& app);
void add_report_page(App& app);
void add_search_pages(App& app);
void add_iqa_pages(App& app);
void add_admin_pages(App& app);
void add_api_routes(App& app);

}  // namespace evidex::web
