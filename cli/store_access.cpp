#include "cli/commands.hpp"

#include "mapping/tagger/tag_bundle.hpp"

#include <cstdlib>

namespace evidex::cli {

std::filesystem::path store_dir(const Globals& globals) {
  if (!globals.store.empty()) {
    return globals.store;
  }
  if (const char* env = std::getenv("EVIDEX_STORE"); env && *env) {
    return env;
  }
  return "evidex-store";
}

mapping::StandardLibrary load_standards(const Globals& globals) {
  return mapping::StandardLibrary(mapping::standard_dirs(globals.standards));
}

std::unique_ptr<indexer::Store> open_store_for_query(const Globals& globals, const mapping::StandardLibrary& library) {
  std::unique_ptr<indexer::Store> store;
  try {
    store = std::make_unique<indexer::Store>(store_dir(globals), indexer::Store::Mode::read);
    if (store->tagging_pending().empty()) {
      return store;
    }
    store.reset();
  } catch (const indexer::StoreUpgradeNeeded&) {
    // Written by an older evidex: opening it for writing upgrades it, then it is tagged below.
  }
  auto writer = std::make_unique<indexer::Store>(store_dir(globals), indexer::Store::Mode::write);
  mapping::tag_pending(*writer, library);
  return writer;
}

void require_apprentice(indexer::Store& store, const std::string& apprentice) {
  if (!store.apprentice(apprentice)) {
    throw InputError("apprentice '" + apprentice + "': not in the store " + store.dir().string());
  }
}

}  // namespace evidex::cli
