#include "tests/support/web_server.hpp"

#include "tests/support/run_evidex.hpp"
#include "tests/support/test_support.hpp"

#include <chrono>
#include <csignal>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <thread>
#include <sys/wait.h>

namespace evidex::test {
namespace {

// The server's output so far: empty until the child has opened its file.
std::string output_of(const std::filesystem::path& file) {
  return std::filesystem::exists(file) ? read_file(file) : std::string();
}

void must(const Run& run, const std::string& what) {
  if (run.exit_code != 0) {
    throw std::runtime_error(what + " failed: " + run.err);
  }
}

struct Account {
  const char* name;
  const char* role;
  const char* apprentice;
};

const Account k_accounts[] = {{"app1", "apprentice", "A1"}, {"app2", "apprentice", "A2"}, {"ass1", "assessor", ""},
                              {"ass2", "assessor", ""},     {"iqa1", "iqa", ""},          {"admin1", "admin", ""}};

}  // namespace

std::string demo_password(const std::string& name) { return "password-" + name + "-long"; }

void make_demo_store(const std::filesystem::path& store) {
  // Ingest and Argon2 take seconds: made once, copied for each test that wants its own.
  static std::mutex once;
  static std::unique_ptr<TempDir> made;
  std::lock_guard lock(once);
  if (!made) {
    auto dir = std::make_unique<TempDir>();
    const auto s = dir->path() / "store";
    must(run_evidex(s, {"ingest", fixture("sample-bundle.zip").string(), "--apprentice", "A1", "--name", "Sam Patel",
                        "-q"}),
         "ingest A1");
    must(run_evidex(s, {"ingest", fixture("showcases/decl-left-blank.zip").string(), "--apprentice", "A2", "--name",
                        "Jo Bloggs", "-q"}),
         "ingest A2");
    for (const auto& a : k_accounts) {
      std::vector<std::string> args{"user", "add", a.name, "--role", a.role, "--password-stdin"};
      if (*a.apprentice) {
        args.insert(args.end(), {"--apprentice", a.apprentice});
      }
      ChildSetup setup;
      setup.input = demo_password(a.name) + "\n";
      must(run_evidex(s, args, setup), std::string("user add ") + a.name);
    }
    must(run_evidex(s, {"user", "assign", "ass1", "--apprentice", "A1"}), "user assign");
    made = std::move(dir);
  }
  std::filesystem::copy(made->path() / "store", store, std::filesystem::copy_options::recursive);
}

WebServer::WebServer(const std::filesystem::path& store, const std::vector<std::string>& extra) {
  static int serial = 0;
  m_io = std::filesystem::temp_directory_path() /
         ("evidex-web-" + std::to_string(::getpid()) + "-" + std::to_string(++serial));
  std::filesystem::create_directories(m_io);
  std::vector<std::string> args{"serve", "--listen", "127.0.0.1:0"};
  args.insert(args.end(), extra.begin(), extra.end());
  m_pid = start_evidex(store, args, m_io / "out", m_io / "err");
  static const std::regex serving(R"(serving http://127\.0\.0\.1:(\d+)/)");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    const std::string out = output_of(m_io / "out");
    if (std::regex_search(out, m, serving)) {
      m_port = std::stoi(m[1]);
      return;
    }
    int status = 0;
    if (::waitpid(m_pid, &status, WNOHANG) == m_pid) {
      m_pid = -1;
      throw std::runtime_error("evidex serve exited before listening: " + output_of(m_io / "err"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop();
  throw std::runtime_error("evidex serve did not listen within 60 s");
}

WebServer::~WebServer() {
  stop();
  std::error_code ec;
  std::filesystem::remove_all(m_io, ec);
}

int WebServer::stop() {
  if (m_pid < 0) {
    return -1;
  }
  ::kill(m_pid, SIGTERM);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (::waitpid(m_pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(m_pid, SIGKILL);
      ::waitpid(m_pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  m_pid = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string WebServer::log() const { return output_of(m_io / "err"); }

WebClient::WebClient(const WebServer& server) : m_http(server.host(), server.port()) {
  m_http.set_read_timeout(std::chrono::seconds(120));
}

httplib::Headers WebClient::headers() const {
  httplib::Headers h;
  if (!m_cookie.empty()) {
    h.emplace("Cookie", m_cookie);
  }
  if (!m_token.empty()) {
    h.emplace("Authorization", "Bearer " + m_token);
  }
  return h;
}

void WebClient::remember(const httplib::Result& result) {
  if (!result) {
    return;
  }
  auto cookie = result->get_header_value("Set-Cookie");
  if (!cookie.empty()) {
    m_cookie = cookie.substr(0, cookie.find(';'));
    if (m_cookie == "evidex_session=") {
      m_cookie.clear();
    }
  }
  static const std::regex meta(R"re(<meta name="csrf-token" content="([^"]+)")re");
  std::smatch m;
  if (std::regex_search(result->body, m, meta)) {
    m_csrf = m[1];
  }
}

bool WebClient::login(const std::string& name, const std::string& password) {
  auto r = m_http.Post("/login", headers(), httplib::Params{{"name", name}, {"password", password}, {"next", "/"}});
  remember(r);
  if (!r || r->status != 303 || m_cookie.empty()) {
    return false;
  }
  // A page, for the CSRF token.
  remember(m_http.Get("/apprentices", headers()));
  if (m_csrf.empty()) {
    remember(m_http.Get("/", headers()));
  }
  return true;
}

httplib::Result WebClient::get(const std::string& path) {
  auto r = m_http.Get(path.c_str(), headers());
  remember(r);
  return r;
}

httplib::Result WebClient::post_form(const std::string& path, httplib::Params params, bool with_csrf) {
  if (with_csrf) {
    params.emplace("csrf", m_csrf);
  }
  auto r = m_http.Post(path.c_str(), headers(), params);
  remember(r);
  return r;
}

httplib::Result WebClient::upload(const std::string& path, const std::filesystem::path& file, const std::string& name) {
  httplib::MultipartFormDataItems items{{"csrf", m_csrf, "", ""},
                                        {"bundle", read_file(file), name, "application/zip"}};
  auto h = headers();
  h.emplace("Accept", "application/json");
  return m_http.Post(path.c_str(), h, items);
}

}  // namespace evidex::test
