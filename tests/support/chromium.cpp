#include "tests/support/chromium.hpp"

#include "indexer/util/run_program.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <unistd.h>

namespace evidex::test {

namespace fs = std::filesystem;

namespace {

constexpr auto k_chromium_time_limit = std::chrono::seconds(90);

std::string run(const std::string& binary, const std::string& what, std::vector<std::string> args,
                const fs::path& page) {
  args.push_back("file://" + fs::absolute(page).string());
  ProgramResult r = run_program(binary, args, 64 * 1024 * 1024, 256 * 1024, k_chromium_time_limit);
  INFO("chromium " << what << ": exit " << r.exit_code << (r.timed_out ? " (timed out)" : "") << " "
                   << r.spawn_error << "\n"
                   << r.err.substr(r.err.size() > 4000 ? r.err.size() - 4000 : 0));
  REQUIRE(r.exit_code == 0);
  return r.out;
}

}  // namespace

std::string chromium_binary() {
  if (const char* env = std::getenv("EVIDEX_CHROMIUM"); env && *env) {
    return ::access(env, X_OK) == 0 ? env : "";
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    fs::path candidate = fs::path(dirs.substr(start, end - start)) / "chromium";
    if (::access(candidate.c_str(), X_OK) == 0) {
      return candidate.string();
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  return "";
}

std::vector<std::string> page_fetches(const std::string& net_log) {
  nlohmann::json log;
  try {
    log = nlohmann::json::parse(net_log);
  } catch (const nlohmann::json::exception& e) {
    FAIL("the Chromium network log is not JSON: " << e.what());
  }
  std::string start_job = "URL_REQUEST_START_JOB";
  int start_job_type = log.at("constants").at("logEventTypes").at(start_job).get<int>();
  std::vector<std::string> out;
  for (const auto& event : log.at("events")) {
    if (event.value("type", -1) != start_job_type || !event.contains("params")) {
      continue;
    }
    const auto& params = event["params"];
    std::string url = params.value("url", "");
    std::string initiator = params.value("initiator", "not an origin");
    // The browser's own requests (update checks, spelling dictionaries, accounts) have no
    // initiating origin; whatever a document asks for has one ("null" for a file:// page).
    if (initiator != "not an origin" && url.rfind("file:", 0) != 0 && url.rfind("data:", 0) != 0) {
      out.push_back(url);
    }
  }
  return out;
}

Rendered render_in_chromium(const fs::path& page, const fs::path& work, const std::string& window_size) {
  const std::string binary = chromium_binary();
  if (binary.empty()) {
    FAIL("chromium is not installed: the report tests render the page in headless Chromium. Install the Debian "
         "package with scripts/install-deps.sh (or set EVIDEX_CHROMIUM to a Chromium binary).");
  }
  fs::create_directories(work);
  Rendered out;
  out.png = work / "page.png";
  out.pdf = work / "page.pdf";
  int run_number = 0;
  auto flags = [&](const std::string& net_log) {
    // Root in CI needs --no-sandbox; /dev/shm is small in containers; no GPU on a server; a fresh
    // profile each time; and no name resolves, so that any fetch fails (and shows in the net log).
    return std::vector<std::string>{"--headless",
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--disable-dev-shm-usage",
                                    "--user-data-dir=" + (work / ("profile-" + std::to_string(++run_number))).string(),
                                    "--host-resolver-rules=MAP * ~NOTFOUND",
                                    "--disable-background-networking",
                                    "--disable-extensions",
                                    "--no-first-run",
                                    "--hide-scrollbars",
                                    "--log-net-log=" + net_log};
  };
  auto dom_args = flags((work / "net-dom.json").string());
  dom_args.push_back("--dump-dom");
  out.dom = run(binary, "--dump-dom", dom_args, page);

  auto png_args = flags((work / "net-png.json").string());
  png_args.push_back("--screenshot=" + out.png.string());
  png_args.push_back("--window-size=" + window_size);
  run(binary, "--screenshot", png_args, page);

  auto pdf_args = flags((work / "net-pdf.json").string());
  pdf_args.push_back("--print-to-pdf=" + out.pdf.string());
  pdf_args.push_back("--no-pdf-header-footer");
  run(binary, "--print-to-pdf", pdf_args, page);

  for (const char* log : {"net-dom.json", "net-png.json", "net-pdf.json"}) {
    REQUIRE(fs::exists(work / log));
    for (auto& url : page_fetches(read_file(work / log))) {
      out.fetched.push_back(std::move(url));
    }
  }
  return out;
}

}  // namespace evidex::test
