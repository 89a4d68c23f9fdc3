#include "tests/bench/synthetic_store.hpp"

#include "indexer/detect/detect.hpp"
#include "indexer/store/signatures.hpp"
#include "indexer/store/store.hpp"
#include "indexer/util/sha256.hpp"
#include "indexer/worker/worker.hpp"
#include "mapping/tagger/tag_bundle.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>

namespace evidex::bench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

const std::array<const char*, 8> k_assessors = {"R. Okafor", "J. Whitfield", "S. Ahmed", "L. Brennan",
                                                "M. Kowalczyk", "D. Price", "T. Nguyen", "H. Oduya"};

indexer::NewItem to_new_item(const fixtures::ShowcaseItem& s) {
  indexer::NewItem n;
  indexer::ItemRecord& r = n.record;
  r.path = s.path;
  r.name_mime = indexer::mime_for_name(s.path);
  r.mime = r.name_mime.empty() ? "application/octet-stream" : r.name_mime;
  r.type = indexer::short_type(r.mime);
  r.bytes = s.bytes;
  r.sha256 = sha256_hex(s.content_key);
  r.words = indexer::count_words(s.text);
  r.pages = static_cast<std::uint64_t>(std::count(s.text.begin(), s.text.end(), '\f')) + 1;
  r.meta = {{"title", s.title}, {"author", s.author}, {"created", s.created}};
  n.text = s.text;
  n.parent_index = s.parent;
  return n;
}

}  // namespace

fixtures::ShowcaseOptions st0072_showcase_options(const mapping::StandardLibrary& library) {
  const mapping::Standard& standard = library.get("ST0072");
  fixtures::ShowcaseOptions options;
  for (const auto* c : standard.criteria_for("showcase")) {
    (c->distinction_in("showcase") ? options.distinction_refs : options.pass_refs).push_back(c->ref);
  }
  if (const auto* method = standard.method("showcase"); method && method->distinction_required) {
    options.distinction_required = static_cast<std::size_t>(*method->distinction_required);
  }
  return options;
}

SyntheticStoreReport build_synthetic_store(const std::filesystem::path& dir, const fixtures::ShowcaseOptions& options,
                                           const std::filesystem::path& corpus,
                                           const mapping::StandardLibrary& library,
                                           const std::function<void(const SyntheticStoreReport&)>& progress) {
  SyntheticStoreReport report;
  auto start = Clock::now();
  fixtures::ShowcaseGenerator generator(corpus, options);
  report.vocabulary = generator.text_model().vocabulary_size();
  report.generate_seconds += seconds_since(start);

  indexer::Store store(dir, indexer::Store::Mode::write);
  std::size_t index = 0;
  while (!generator.done()) {
    start = Clock::now();
    fixtures::Showcase showcase = generator.next();
    std::vector<indexer::NewItem> items;
    items.reserve(showcase.items.size());
    indexer::BundleInfo bundle;
    for (const auto& item : showcase.items) {
      items.push_back(to_new_item(item));
      bundle.bytes += item.bytes;
      report.text_bytes += item.text.size();
      ++report.origins[fixtures::origin_name(item.origin)];
    }
    ++report.readiness[showcase.readiness];
    bundle.source = showcase.apprentice + " showcase.zip";
    bundle.sha256 = sha256_hex("bundle/" + showcase.apprentice);
    bundle.ingested_at = indexer::utc_now_iso();
    bundle.item_count = items.size();
    indexer::ApprenticeInfo who{showcase.apprentice, showcase.name, "ST0072", k_assessors[index++ % k_assessors.size()]};
    report.generate_seconds += seconds_since(start);

    start = Clock::now();
    store.put_bundle(who, bundle, items);
    report.write_seconds += seconds_since(start);
    report.items += items.size();
    ++report.apprentices;
    if (progress && (report.apprentices * 10 / options.apprentices) != ((report.apprentices - 1) * 10 / options.apprentices)) {
      progress(report);
    }
  }

  start = Clock::now();
  for (const auto& tagged : mapping::tag_pending(store, library)) {
    report.tags += tagged.explicit_tags + tagged.map_tags + tagged.inferred_tags;
  }
  report.tag_seconds = seconds_since(start);

  // As after an ingest: what duplicate detection compares, per item.
  start = Clock::now();
  indexer::update_signatures(store);
  report.signature_seconds = seconds_since(start);
  return report;
}

}  // namespace evidex::bench
