#include "cli/commands.hpp"
#include "cli/numeric_options.hpp"
#include "indexer/util/errors.hpp"
#include "query/web/server.hpp"

#include <atomic>
#include <csignal>
#include <iostream>
#include <regex>

namespace evidex::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_stop(int) { g_stop = true; }

struct ServeArgs {
  std::string listen = "127.0.0.1:8080";
  std::uint64_t max_upload_mb = 512;
  std::uint64_t session_minutes = 30;
  std::uint64_t session_seconds = 0;  // tests: a session that ends in seconds
  bool secure_cookies = false;
};

void run_serve(const ServeArgs& args, Globals& globals) {
  static const std::regex listen_pattern(R"(^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$)");
  std::smatch m;
  if (!std::regex_match(args.listen, m, listen_pattern) || std::stoi(m[2]) > 65535) {
    throw UsageError("--listen: '" + args.listen + "' is not HOST:PORT (e.g. 127.0.0.1:8080; port 0: any free port)");
  }
  web::ServeOptions options;
  options.host = m[1];
  if (options.host.front() == '[') {
    options.host = options.host.substr(1, options.host.size() - 2);
  }
  options.port = std::stoi(m[2]);
  options.store = store_dir(globals);
  options.standards = globals.standards;
  options.program = std::filesystem::read_symlink("/proc/self/exe");
  options.max_upload_bytes = args.max_upload_mb << 20;
  options.session_idle_seconds = args.session_seconds > 0 ? static_cast<std::int64_t>(args.session_seconds)
                                                          : static_cast<std::int64_t>(args.session_minutes) * 60;
  options.secure_cookies = args.secure_cookies;
  options.listening = [&options](int port) {
    std::cout << "evidex: serving http://" << (options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host)
              << ":" << port << "/ from " << options.store.string() << "; Ctrl-C stops\n"
              << std::flush;
  };
  struct sigaction sa {};
  sa.sa_handler = on_stop;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  // A browser that goes away mid-answer must not end the server.
  std::signal(SIGPIPE, SIG_IGN);
  web::serve(options, g_stop);
  std::cout << "evidex: stopped\n";
}

}  // namespace

void add_serve_command(CLI::App& app, Globals& globals) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the web application (apprentices, assessors, IQA) and the JSON API over the store");
  cmd->add_option("--listen", args->listen, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any free port)");
  cmd->add_option("--max-upload-mb", args->max_upload_mb, "Largest upload accepted, in MiB (default 512)")
      ->check(whole_number(1, 16384));
  cmd->add_option("--session-minutes", args->session_minutes, "Minutes a session lasts without use (default 30)")
      ->check(whole_number(1, 24 * 60));
  // For the session expiry test; minutes are what people need, so it is not in --help.
  cmd->add_option("--session-seconds", args->session_seconds, "Seconds a session lasts without use")
      ->check(whole_number(1, 24 * 60 * 60))
      ->group("");
  cmd->add_flag("--secure-cookies", args->secure_cookies,
                "Mark cookies Secure: use when browsers reach evidex through an HTTPS proxy");
  cmd->callback([args, &globals] { run_serve(*args, globals); });
}

}  // namespace evidex::cli
