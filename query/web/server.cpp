#include "query/web/server.hpp"

#include "indexer/util/errors.hpp"
#include "query/web/app.hpp"
#include "query/web/page.hpp"

#include <chrono>
#include <sys/socket.h>
#include <iostream>
#include <thread>

namespace evidex::web {
namespace {

constexpr std::size_t k_connection_threads = 64;

// Every answer carries these unless a route set its own (an original shown inline, the printable
// report).
void secure_headers(const httplib::Request& req, httplib::Response& res) {
  auto set_default = [&res](const char* name, const char* value) {
    if (!res.has_header(name)) {
      res.set_header(name, value);
    }
  };
  set_default("Content-Security-Policy",
              "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; connect-src 'self'; "
              "frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  set_default("X-Content-Type-Options", "nosniff");
  set_default("X-Frame-Options", "DENY");
  set_default("Referrer-Policy", "no-referrer");
  set_default("Cross-Origin-Opener-Policy", "same-origin");
  set_default("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  // Pages and answers hold personal data: no cache keeps them (the assets may be cached).
  if (req.path.rfind("/assets/", 0) != 0) {
    set_default("Cache-Control", "no-store");
  }
}

}  // namespace

void serve(const ServeOptions& options, const std::atomic<bool>& stop) {
  if (!std::filesystem::exists(options.store / "evidex.sqlite")) {
    // A provider starts with accounts and no evidence: the first uploads come through the pages.
    indexer::Store create(options.store, indexer::Store::Mode::write);
  }
  {
    // Fails here, with the store's own message, rather than on every request.
    indexer::Store check(options.store, indexer::Store::Mode::read);
  }
  // Uploads a stopped or killed server had received but not ingested: their jobs died with it.
  std::error_code ec;
  std::filesystem::remove_all(options.store / "incoming", ec);
  App app(options);
  app.compare_duplicates();
  auto& http = app.http;
  // A keep-alive connection holds its thread between requests: with httplib's default of about
  // one thread per core, a twentieth browser waited seconds for someone else's idle connection.
  // httplib takes ownership of the queue it is given as a raw pointer, and deletes it.
  http.new_task_queue = [] { return new httplib::ThreadPool(k_connection_threads); };
  http.set_payload_max_length(options.max_upload_bytes + (1u << 20));
  http.set_read_timeout(std::chrono::seconds(60));
  http.set_keep_alive_timeout(5);
  // Without it an answer written in two pieces waited for the client's delayed ACK: 40 ms on
  // one request in a hundred.
  http.set_tcp_nodelay(true);
  http.set_post_routing_handler(secure_headers);
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) {
      return;
    }
    std::string message = res.status == 413 ? "The file is larger than this server accepts." : "No such page.";
    if (req.path.rfind("/api/", 0) == 0) {
      send_json(res, {{"error", message}}, res.status);
    } else {
      send_html(res, error_page(res.status, message), res.status);
    }
  });

  add_asset_routes(app);
  add_login_routes(app);
  add_apprentice_pages(app);
  add_item_pages(app);
  add_report_page(app);
  add_search_pages(app);
  add_iqa_pages(app);
  add_admin_pages(app);
  add_api_routes(app);

  // httplib listens with a backlog of 5: twenty browsers arriving at once overflowed it and some
  // connections were reset. The listening socket is raised to the system's maximum once bound.
  int listening_socket = -1;
  http.set_socket_options([&listening_socket](socket_t sock) {
    httplib::default_socket_options(sock);
    listening_socket = sock;
  });
  int port = options.port;
  if (port == 0) {
    port = http.bind_to_any_port(options.host);
  } else if (!http.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port < 0) {
    throw InputError("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                     " (in use, or not an address of this machine)");
  }
  if (listening_socket >= 0) {
    ::listen(listening_socket, SOMAXCONN);
  }
  if (options.listening) {
    options.listening(port);
  }
  std::atomic<bool> listen_ended{false};
  std::thread watcher([&] {
    while (!stop && !listen_ended) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // Stop the ingest first: it commits nothing when interrupted, so the store stays whole.
    app.uploads.stop();
    http.stop();
  });
  http.listen_after_bind();
  // listen_after_bind returns when stopped (or failed): the watcher ends either way.
  listen_ended = true;
  watcher.join();
}

}  // namespace evidex::web
