// Page and API latency of evidex serve over a large store, with concurrent clients, while an upload
// is being ingested and while none is: builds (or reuses) a store of generated showcases
// (tests/bench/synthetic_store.hpp), adds accounts, starts the real `evidex serve`, and drives it
// from CLIENTS threads over keep-alive HTTP connections, each logged in as an assessor (40
// apprentices), an IQA lead or an apprentice. Prints p50, p90, p99 and max per kind of request.
// Two ways of driving it: saturated (each client sends its next request as soon as the last is
// answered: the server's throughput, and latency made mostly of queueing on a small machine) and
// paced (each client waits a random think time of 0.5 s on average between requests, as people do:
// the latency a person sees). A benchmark, not a test: it prints figures and asserts nothing.
//   evidex_bench_web [ITEMS=50000] [APPRENTICES=500] [CLIENTS=20] [SECONDS=30] [UPLOAD_ITEMS=1500] [--store DIR]
#include "fixtures/gen/bundle_generator.hpp"
#include "indexer/store/store.hpp"
#include "query/access/accounts.hpp"
#include "tests/bench/synthetic_store.hpp"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace evidex;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Args {
  std::size_t items = 50000, apprentices = 500, clients = 20, seconds = 30, upload_items = 1500;
  fs::path store;
};

double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) {
    return 0;
  }
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

std::string read_all(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Server {
  pid_t pid = -1;
  int port = 0;
  fs::path out;
  Server(const fs::path& store, const fs::path& io) : out(io / "serve.out") {
    pid = fork();
    if (pid == 0) {
      int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, 1);
      int err = ::open((io / "serve.err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(err, 2);
      execl(EVIDEX_BINARY, EVIDEX_BINARY, "--store", store.c_str(), "serve", "--listen", "127.0.0.1:0", nullptr);
      _exit(127);
    }
    static const std::regex serving(R"(serving http://127\.0\.0\.1:(\d+)/)");
    for (int i = 0; i < 600 && port == 0; ++i) {
      std::smatch m;
      std::string text = read_all(out);
      if (std::regex_search(text, m, serving)) {
        port = std::stoi(m[1]);
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    if (port == 0) {
      throw std::runtime_error("evidex serve did not start: " + read_all(io / "serve.err"));
    }
  }
  ~Server() {
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
};

struct Sample {
  std::string kind;  // "page: apprentice", "api: search" ...
  double ms = 0;
  int status = 0;
  bool during_ingest = false;
  std::string path;
};

// A client as a browser is one: its own session cookie, one keep-alive connection.
struct Client {
  httplib::Client http;
  httplib::Headers headers;
  Client(int port, const std::string& user, const std::string& password) : http("127.0.0.1", port) {
    http.set_keep_alive(true);
    http.set_tcp_nodelay(true);  // as browsers do
    http.set_read_timeout(std::chrono::seconds(120));
    auto r = http.Post("/login", httplib::Params{{"name", user}, {"password", password}});
    if (!r || r->status != 303) {
      throw std::runtime_error("login failed for " + user + ": " +
                               (r ? std::to_string(r->status) + " " + r->body.substr(0, 200) : httplib::to_string(r.error())));
    }
    auto cookie = r->get_header_value("Set-Cookie");
    headers.emplace("Cookie", cookie.substr(0, cookie.find(';')));
  }
};

}  // namespace

int main(int argc, char** argv) {
  Args args;
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--store" && i + 1 < argc) {
      args.store = argv[++i];
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() > 0) args.items = std::stoul(positional[0]);
  if (positional.size() > 1) args.apprentices = std::stoul(positional[1]);
  if (positional.size() > 2) args.clients = std::stoul(positional[2]);
  if (positional.size() > 3) args.seconds = std::stoul(positional[3]);
  if (positional.size() > 4) args.upload_items = std::stoul(positional[4]);

  const fs::path work = fs::temp_directory_path() / ("evidex-bench-web-" + std::to_string(::getpid()));
  fs::create_directories(work);
  const bool keep = !args.store.empty();
  const fs::path store = keep ? args.store : work / "store";
  if (!fs::exists(store / "evidex.sqlite")) {
    std::printf("building a store of %zu items for %zu apprentices...\n", args.items, args.apprentices);
    std::fflush(stdout);
    mapping::StandardLibrary library(mapping::standard_dirs());
    auto options = bench::st0072_showcase_options(library);
    options.items = args.items;
    options.apprentices = args.apprentices;
    options.seed = 42;
    auto r = bench::build_synthetic_store(store, options, fs::path(EVIDEX_FIXTURES) / "tagging" / "labelled", library);
    std::printf("built: %zu apprentices, %zu items in %.0f s\n", r.apprentices, r.items,
                r.generate_seconds + r.write_seconds + r.tag_seconds + r.signature_seconds);
  }
  std::vector<std::string> apprentices;
  std::size_t items = 0;
  std::map<std::string, std::vector<std::int64_t>> item_ids;
  {
    indexer::Store s(store, indexer::Store::Mode::read);
    for (const auto& a : s.apprentices()) {
      apprentices.push_back(a.id);
      for (const auto& i : s.items(a.id)) {
        ++items;
        if (item_ids[a.id].size() < 20) {
          item_ids[a.id].push_back(i.id);
        }
      }
    }
  }
  std::printf("store: %zu apprentices, %zu items\n", apprentices.size(), items);
  {
    query::access::Accounts accounts(store);
    if (!accounts.user("bench-assessor")) {
      accounts.add_user("bench-assessor", query::access::Role::assessor, "bench-password-1");
      for (std::size_t i = 0; i < std::min<std::size_t>(40, apprentices.size()); ++i) {
        accounts.assign("bench-assessor", apprentices[i]);
      }
      accounts.add_user("bench-iqa", query::access::Role::iqa, "bench-password-1");
      accounts.add_user("bench-admin", query::access::Role::admin, "bench-password-1");
      for (std::size_t i = 0; i < std::min<std::size_t>(10, apprentices.size()); ++i) {
        accounts.add_user("bench-app" + std::to_string(i), query::access::Role::apprentice, "bench-password-1",
                          apprentices[i]);
      }
    }
  }
  // New bytes each run, so that a reused store takes them as new uploads, not as ones it has.
  std::vector<fs::path> uploads{work / "upload-1.zip", work / "upload-2.zip"};
  for (std::size_t i = 0; i < uploads.size(); ++i) {
    auto generated = fixtures::generate_bundle(uploads[i], args.upload_items,
                                               static_cast<std::uint32_t>(::getpid() * 2 + i),
                                               fs::path(EVIDEX_FIXTURES) / "formats");
    std::printf("upload %zu: %llu items, %.1f MB\n", i + 1, static_cast<unsigned long long>(generated.items),
                static_cast<double>(fs::file_size(uploads[i])) / 1e6);
  }

  Server server(store, work);
  std::mutex lock;
  std::vector<Sample> samples;
  std::atomic<bool> ingesting{false}, stop{false}, paced{false};
  const char* words[] = {"complaint", "escalation", "\"customer feedback\"", "refund", "resolved", "team leader",
                         "policy", "apologised", "follow up", "survey"};

  auto run_client = [&](std::size_t n) {
    std::mt19937 random(static_cast<unsigned>(n));
    // Half assessors, a quarter IQA, a quarter apprentices.
    const bool apprentice = n % 4 == 3;
    const bool iqa = n % 4 == 2;
    const std::string user = apprentice ? "bench-app" + std::to_string(n % 10) : iqa ? "bench-iqa" : "bench-assessor";
    Client c(server.port, user, "bench-password-1");
    const std::size_t reach = apprentice ? 1 : iqa ? apprentices.size() : std::min<std::size_t>(40, apprentices.size());
    std::exponential_distribution<double> think(2.0);  // 0.5 s on average
    while (!stop) {
      if (paced) {
        auto until = Clock::now() + std::chrono::duration<double>(think(random));
        while (!stop && Clock::now() < until) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
      }
      const std::string& a = apprentice ? apprentices[n % 10] : apprentices[random() % reach];
      const auto& ids = item_ids[a];
      const std::string word = words[random() % std::size(words)];
      std::string kind, path;
      switch (random() % 6) {
        case 0: kind = "page: apprentice"; path = "/apprentices/" + a; break;
        case 1: kind = "page: search"; path = "/search?q=" + httplib::detail::encode_query_param(word); break;
        case 2: kind = "page: item"; path = "/items/" + std::to_string(ids.empty() ? 1 : ids[random() % ids.size()]); break;
        case 3: kind = "api: search"; path = "/api/v1/search?q=" + httplib::detail::encode_query_param(word); break;
        case 4: kind = "api: coverage"; path = "/api/v1/apprentices/" + a + "/coverage"; break;
        default: kind = "api: item"; path = "/api/v1/items/" + std::to_string(ids.empty() ? 1 : ids[random() % ids.size()]); break;
      }
      const bool during = ingesting;
      auto start = Clock::now();
      auto r = c.http.Get(path.c_str(), c.headers);
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      std::lock_guard guard(lock);
      samples.push_back({kind, ms, r ? r->status : 0, during && ingesting, path});
    }
  };

  auto report = [&](const char* phase, bool during, double seconds) {
    std::map<std::string, std::vector<double>> by_kind;
    std::vector<double> pages, api;
    std::size_t failed = 0;
    std::string failures;
    for (const auto& s : samples) {
      if (s.during_ingest != during) {
        continue;
      }
      if (s.status != 200) {
        if (++failed <= 5) {
          failures += "    " + std::to_string(s.status) + " " + s.path + "\n";
        }
      }
      by_kind[s.kind].push_back(s.ms);
      (s.kind.rfind("page", 0) == 0 ? pages : api).push_back(s.ms);
    }
    by_kind["all pages"] = pages;
    by_kind["all API"] = api;
    double load[3] = {0, 0, 0};
    getloadavg(load, 3);
    std::printf("\n%s: %zu requests in %.0f s (%.0f/s), %zu not 200; load average %.1f\n", phase,
                pages.size() + api.size(), seconds, static_cast<double>(pages.size() + api.size()) / seconds, failed,
                load[0]);
    std::printf("%s", failures.c_str());
    std::printf("  %-18s %7s %8s %8s %8s %8s\n", "request", "count", "p50 ms", "p90 ms", "p99 ms", "max ms");
    for (auto& [kind, v] : by_kind) {
      std::sort(v.begin(), v.end());
      std::printf("  %-18s %7zu %8.1f %8.1f %8.1f %8.1f\n", kind.c_str(), v.size(), percentile(v, 50),
                  percentile(v, 90), percentile(v, 99), v.empty() ? 0.0 : v.back());
    }
  };

  Client uploader(server.port, "bench-admin", "bench-password-1");
  std::string csrf;
  {
    auto page = uploader.http.Get(("/apprentices/" + apprentices[0]).c_str(), uploader.headers);
    std::smatch m;
    static const std::regex meta(R"re(<meta name="csrf-token" content="([^"]+)")re");
    if (page && std::regex_search(page->body, m, meta)) {
      csrf = m[1];
    }
  }
  std::vector<std::string> newcomers;
  // One phase: the clients for SECONDS, or, with an upload, from its start until it is stored.
  auto phase = [&](const char* name, bool pace, const fs::path* upload) {
    samples.clear();
    stop = false;
    paced = pace;
    std::vector<std::thread> clients;
    for (std::size_t n = 0; n < args.clients; ++n) {
      clients.emplace_back(run_client, n);
    }
    std::this_thread::sleep_for(std::chrono::seconds(2));  // logged in and going
    samples.clear();
    const auto start = Clock::now();
    std::string state = "none";
    if (upload) {
      ingesting = true;
      auto headers = uploader.headers;
      headers.emplace("X-CSRF-Token", csrf);
      headers.emplace("Accept", "application/json");
      // For a new apprentice: what is measured is the ingest's load on everyone else's pages, not
      // one apprentice's portfolio growing by thousands of items.
      const std::string newcomer = "UP" + std::to_string(::getpid()) + "-" + upload->stem().string();
      newcomers.push_back(newcomer);
      auto posted = uploader.http.Post(("/apprentices/" + newcomer + "/uploads").c_str(), headers,
                                       httplib::MultipartFormDataItems{
                                           {"bundle", read_all(*upload), upload->filename().string(), "application/zip"}});
      if (!posted || posted->status != 202) {
        std::fprintf(stderr, "upload refused: %d\n", posted ? posted->status : 0);
        std::exit(1);
      }
      const auto job = nlohmann::json::parse(posted->body).at("job").get<int>();
      for (;;) {
        auto r = uploader.http.Get(("/api/v1/uploads/" + std::to_string(job)).c_str(), uploader.headers);
        state = r ? nlohmann::json::parse(r->body).value("state", "") : "";
        if (state == "done" || state == "failed") {
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
      ingesting = false;
    } else {
      std::this_thread::sleep_for(std::chrono::seconds(args.seconds));
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    stop = true;
    for (auto& t : clients) {
      t.join();
    }
    std::string title = std::string(name) + (upload ? " (upload " + state + " after " +
                                                          std::to_string(static_cast<int>(seconds)) + " s)"
                                                    : std::string());
    report(title.c_str(), upload != nullptr, seconds);
  };
  phase("saturated, no upload", false, nullptr);
  phase("paced, no upload", true, nullptr);
  phase("paced, while an upload is ingested", true, &uploads[0]);
  phase("saturated, while an upload is ingested", false, &uploads[1]);
  // A kept store goes back to what was built, so that the next run measures the same portfolios
  // (thousands of uploaded items would make one apprentice's pages the slowest).
  if (keep) {
    std::printf("\nforgetting the %zu uploaded apprentices of the kept store...\n", newcomers.size());
    std::fflush(stdout);
    indexer::Store s(store, indexer::Store::Mode::write);
    for (const auto& id : newcomers) {
      s.forget(id);
    }
  }
  std::error_code ec;
  fs::remove_all(work, ec);
  return 0;
}
