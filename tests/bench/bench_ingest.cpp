// Ingest throughput: generates a synthetic bundle (default 2,000 items), ingests it into a fresh
// store and prints items/s, MB/s, CPU use across cores and peak memory. A benchmark, not a test:
// it prints figures and asserts nothing about speed.
#include "fixtures/gen/bundle_generator.hpp"
#include "indexer/pipeline/ingest.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

int main(int argc, char** argv) {
  std::uint64_t items = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 2000;
  unsigned jobs = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : 0;
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("evidex-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  auto generated = evidex::fixtures::generate_bundle(dir / "bundle.zip", items, 42,
                                                     fs::path(EVIDEX_FIXTURES) / "formats");
  std::printf("bundle: %llu items, %.1f MB uncompressed, %.1f MB zip\n",
              static_cast<unsigned long long>(generated.items), generated.bytes / 1e6,
              static_cast<double>(fs::file_size(dir / "bundle.zip")) / 1e6);

  rusage before{};
  getrusage(RUSAGE_CHILDREN, &before);
  auto start = std::chrono::steady_clock::now();
  evidex::indexer::IngestReport report;
  {
    evidex::indexer::Store store(dir / "store", evidex::indexer::Store::Mode::write);
    evidex::indexer::IngestOptions options;
    options.source = dir / "bundle.zip";
    options.apprentice = {"BENCH", "", "", ""};
    options.jobs = jobs;
    report = evidex::indexer::ingest(store, options);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  rusage children{}, self{};
  getrusage(RUSAGE_CHILDREN, &children);
  getrusage(RUSAGE_SELF, &self);
  auto cpu = [](const rusage& r) {
    return static_cast<double>(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
           static_cast<double>(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
  };
  double worker_cpu = cpu(children) - cpu(before);
  double parent_cpu = cpu(self);
  std::size_t failed = 0;
  for (const auto& item : report.items) {
    failed += !item.error.empty();
  }
  std::printf("ingested: %zu items (%zu failed) in %.2f s\n", report.items.size(), failed, seconds);
  std::printf("throughput: %.1f items/s, %.2f MB/s\n", static_cast<double>(report.items.size()) / seconds,
              static_cast<double>(generated.bytes) / 1e6 / seconds);
  std::printf("cpu: workers %.2f s + parent %.2f s = %.2f cores busy on average (of %ld)\n", worker_cpu,
              parent_cpu, (worker_cpu + parent_cpu) / seconds, sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("peak memory: parent %.1f MiB, largest worker %.1f MiB\n", self.ru_maxrss / 1024.0,
              children.ru_maxrss / 1024.0);
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
