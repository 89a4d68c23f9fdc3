#include "cli/commands.hpp"

#include "mapping/tagger/tag_bundle.hpp"
#include "query/render/terminal_text.hpp"

#include <cstdlib>
#include <functional>
#include <optional>
#include <iostream>
#include <unistd.h>

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

std::unique_ptr<indexer::Store> open_writer_if_idle(const Globals& globals) {
  const auto dir = store_dir(globals);
  // A store on a read-only mount, or one this user may not write, is read as it stands.
  if (::access(dir.c_str(), W_OK) != 0 || ::access((dir / "evidex.sqlite").c_str(), W_OK) != 0) {
    return nullptr;
  }
  try {
    return std::make_unique<indexer::Store>(dir, indexer::Store::Mode::write, 0.0);
  } catch (const indexer::StoreLocked&) {
    return nullptr;  // the writer holding the lock will finish the pending work
  }
}

namespace {

using LibraryLoader = std::function<const mapping::StandardLibrary&()>;

std::unique_ptr<indexer::Store> open_for_query(const Globals& globals, const LibraryLoader& library) {
  std::unique_ptr<indexer::Store> store;
  try {
    store = std::make_unique<indexer::Store>(store_dir(globals), indexer::Store::Mode::read);
    // A writer stopped after its commit leaves tags or index behind the records, or an erasure
    // unfinished: a reader that can write finishes that first, so that its answers never mix the
    // two states and no erased apprentice's copy waits for the next ingest.
    if (store->tagging_pending().empty() && !store->index_behind() && !store->erasure_pending()) {
      return store;
    }
    store.reset();
    try {
      auto writer = open_writer_if_idle(globals);
      if (writer) {
        mapping::tag_pending(*writer, library());
        return writer;
      }
    } catch (const StoreError& e) {
      // The work a reader offered to do failed (a full disk, above all): the records are still
      // there to be read, and the next writer does the work.
      std::cerr << "evidex: warning: " << query::terminal_text(e.what())
                << "; the store is shown as it stands, and the next writer finishes that work\n";
    }
    return std::make_unique<indexer::Store>(store_dir(globals), indexer::Store::Mode::read);
  } catch (const indexer::StoreUpgradeNeeded&) {
    // Written by an older evidex: opening it for writing upgrades it, then it is tagged below.
  }
  auto writer = std::make_unique<indexer::Store>(store_dir(globals), indexer::Store::Mode::write);
  mapping::tag_pending(*writer, library());
  return writer;
}

}  // namespace

std::unique_ptr<indexer::Store> open_store_for_query(const Globals& globals, const mapping::StandardLibrary& library) {
  return open_for_query(globals, [&library]() -> const mapping::StandardLibrary& { return library; });
}

std::unique_ptr<indexer::Store> open_store_for_query(const Globals& globals) {
  std::optional<mapping::StandardLibrary> library;
  return open_for_query(globals, [&]() -> const mapping::StandardLibrary& {
    if (!library) {
      library.emplace(load_standards(globals));
    }
    return *library;
  });
}

void require_apprentice(indexer::Store& store, const std::string& apprentice) {
  if (!store.apprentice(apprentice)) {
    throw InputError("apprentice '" + apprentice + "': not in the store " + store.dir().string());
  }
}

}  // namespace evidex::cli
