/** @file
 * @brief A real `evidex serve` on a free loopback port for the web tests, a demo store with an
 * account for each role, and a small HTTP client that keeps its session cookie and CSRF token as a
 * browser would.
 */
#pragma once

#include <httplib.h>

#include <filesystem>
#include <string>
#include <vector>
#include <sys/types.h>

namespace evidex::test {

/// The password every demo account has: "password-<name>-long".
std::string demo_password(const std::string& name);

/// A store with the sample bundle ingested for apprentices A1 ("Sam Patel") and A2 ("Jo Bloggs"),
/// and the accounts app1 (apprentice A1), app2 (apprentice A2), ass1 (assessor, assigned A1), ass2
/// (assessor, no apprentices), iqa1 (iqa) and admin1 (admin). Made once per test run and copied.
void make_demo_store(const std::filesystem::path& store);

class WebServer {
public:
  /// Starts `evidex --store STORE serve --listen 127.0.0.1:0 EXTRA...` and waits until it listens.
  explicit WebServer(const std::filesystem::path& store, const std::vector<std::string>& extra = {});
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  int port() const { return m_port; }
  std::string host() const { return "127.0.0.1"; }
  /// Sends SIGTERM and waits; returns the exit code (128 + signal when killed).
  int stop();
  /// What the server wrote to stderr so far.
  std::string log() const;

private:
  std::filesystem::path m_io;
  pid_t m_pid = -1;
  int m_port = 0;
};

/// A visitor: a session cookie and its CSRF token, or a bearer token.
class WebClient {
public:
  explicit WebClient(const WebServer& server);
  /// POST /login; true when it led to a session.
  bool login(const std::string& name, const std::string& password);
  bool login_as(const std::string& name) { return login(name, demo_password(name)); }
  void use_token(const std::string& token) { m_token = token; }
  httplib::Result get(const std::string& path);
  /// A form POST; the CSRF token is added unless `with_csrf` is false.
  httplib::Result post_form(const std::string& path, httplib::Params params, bool with_csrf = true);
  /// A multipart upload of `file` as field "bundle" named `name`.
  httplib::Result upload(const std::string& path, const std::filesystem::path& file, const std::string& name);
  const std::string& csrf() const { return m_csrf; }
  const std::string& cookie() const { return m_cookie; }
  void set_cookie(const std::string& cookie) { m_cookie = cookie; }
  httplib::Client& http() { return m_http; }

private:
  httplib::Headers headers() const;
  void remember(const httplib::Result& result);

  httplib::Client m_http;
  std::string m_cookie;  // "evidex_session=..."
  std::string m_csrf;
  std::string m_token;
};

}  // namespace evidex::test
