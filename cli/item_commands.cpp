#include "cli/commands.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/text_encoding.hpp"
#include "query/listing/items.hpp"
#include "query/render/output.hpp"
#include "query/render/terminal_text.hpp"

#include <fstream>
#include <iostream>
#include <unistd.h>

namespace evidex::cli {
namespace {

struct ItemArgs {
  std::string apprentice;
  std::string item;
  std::string format = "text";
  std::string out;
  bool quiet = false;
};

indexer::ItemRecord find_item(indexer::Store& store, const ItemArgs& args) {
  require_apprentice(store, args.apprentice);
  auto item = store.item(args.apprentice, args.item);
  if (!item) {
    throw InputError(args.item + ": no such item for apprentice '" + args.apprentice +
                     "' (see 'evidex items --apprentice " + args.apprentice + "')");
  }
  return *item;
}

void run_items(const ItemArgs& args, Globals& globals) {
  query::Format format = query::parse_format(args.format);
  auto opened = open_store_for_query(globals);
  indexer::Store& store = *opened;
  require_apprentice(store, args.apprentice);
  std::vector<std::string> warnings;
  for (const auto& bundle : store.bundles_of(args.apprentice)) {
    warnings.insert(warnings.end(), bundle.warnings.begin(), bundle.warnings.end());
  }
  query::ItemListing listing{store.items(args.apprentice), store.tags(args.apprentice), std::move(warnings)};
  std::cout << query::render(listing, format, colour_wanted(globals));
}

void run_text(const ItemArgs& args, Globals& globals) {
  indexer::Store store(store_dir(globals), indexer::Store::Mode::read);
  indexer::ItemRecord item = find_item(store, args);
  if (!item.error.empty()) {
    std::cerr << "evidex: " << query::terminal_text(item.path) << ": no text: " << query::terminal_text(item.error)
              << "\n";
    globals.exit_code = 3;
    return;
  }
  std::error_code ec;
  if (!item.sha256.empty() && !std::filesystem::is_regular_file(store.blob_file(item.sha256), ec)) {
    // The text is in the records; the bytes it came from are not, which the reader should know.
    std::cerr << "evidex: warning: " << query::terminal_text(item.path) << ": the original is missing from the store ("
              << query::terminal_text(store.blob_file(item.sha256).string())
              << "); this is the text extracted when it was ingested\n";
  }
  std::string text = store.item_text(item.id);
  std::cout << text;
  if (!text.empty() && text.back() != '\n') {
    std::cout << '\n';
  }
}

bool textual_mime(const std::string& mime) {
  auto ends_with = [&](std::string_view tail) {
    return mime.size() >= tail.size() && mime.compare(mime.size() - tail.size(), tail.size(), tail) == 0;
  };
  return mime.empty() || mime.rfind("text/", 0) == 0 || ends_with("+xml") || ends_with("+json") ||
         mime == "application/json" || mime == "application/xml" || mime == "application/javascript" ||
         mime == "application/x-empty" || mime == "inode/x-empty";
}

// Why these bytes should not go to a terminal, or "" when they are text a terminal shows as text: a
// binary file garbles the screen, and control sequences in one can retitle or rewrite it.
std::string binary_reason(const std::string& mime, std::istream& in) {
  if (!textual_mime(mime)) {
    return mime;
  }
  std::string head(1 << 20, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  in.clear();
  in.seekg(0);
  // The look ends after 1 MiB, maybe inside a character: up to three bytes of one may be cut off.
  const std::size_t cut_off = head.size() == (1u << 20) ? 3 : 0;
  bool valid = false;
  for (std::size_t k = 0; k <= cut_off && !valid; ++k) {
    valid = is_valid_utf8(std::string_view(head).substr(0, head.size() - k));
  }
  if (!valid) {
    return "not UTF-8 text";
  }
  for (unsigned char c : head) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) {
      return "control characters";
    }
  }
  return "";
}

void run_show(const ItemArgs& args, Globals& globals) {
  indexer::Store store(store_dir(globals), indexer::Store::Mode::read);
  indexer::ItemRecord item = find_item(store, args);
  auto blob = store.blob_file(item.sha256);
  std::ifstream in(blob, std::ios::binary);
  if (item.sha256.empty()) {
    throw InputError(item.path + ": the original bytes were not kept (" +
                     (item.error.empty() ? std::string("nothing was stored for it") : item.error) + ")");
  }
  if (!in) {
    throw InputError(item.path + ": the original is missing from the store (" + blob.string() +
                     " was deleted or cannot be read); ingest the bundle again to restore it");
  }
  if (args.out.empty()) {
    if (::isatty(STDOUT_FILENO)) {
      if (std::string why = binary_reason(item.mime, in); !why.empty()) {
        throw UsageError("show: '" + item.path + "' is binary (" + why + "); use --out FILE or redirect stdout");
      }
    }
    std::cout << in.rdbuf();
    return;
  }
  std::ofstream out(args.out, std::ios::binary);
  out << in.rdbuf();
  out.close();
  if (!out) {
    throw InputError(args.out + ": cannot write");
  }
  if (!args.quiet) {
    std::cerr << "evidex: wrote " << query::terminal_text(args.out) << " (" << query::human_bytes(item.bytes) << ")\n";
  }
}

}  // namespace

void add_item_commands(CLI::App& app, Globals& globals) {
  auto items = std::make_shared<ItemArgs>();
  CLI::App* cmd = app.add_subcommand("items", "List an apprentice's items: path, type, size, words, hash, error");
  cmd->add_option("--apprentice", items->apprentice, "Apprentice ID")->required();
  cmd->add_option("--format", items->format, "text, json or csv")->check(CLI::IsMember({"text", "json", "csv"}));
  cmd->callback([items, &globals] { run_items(*items, globals); });

  auto text = std::make_shared<ItemArgs>();
  cmd = app.add_subcommand("text", "Print an item's extracted text, as the index saw it");
  cmd->add_option("--apprentice", text->apprentice, "Apprentice ID")->required();
  cmd->add_option("ITEM", text->item, "The item's path inside the bundle")->required();
  cmd->callback([text, &globals] { run_text(*text, globals); });

  auto show = std::make_shared<ItemArgs>();
  cmd = app.add_subcommand("show", "Write an item's original bytes, exactly as uploaded");
  cmd->add_option("--apprentice", show->apprentice, "Apprentice ID")->required();
  cmd->add_option("ITEM", show->item, "The item's path inside the bundle")->required();
  cmd->add_option("--out", show->out, "Write to this file instead of standard output");
  cmd->add_flag("--quiet,-q", show->quiet, "Do not say what was written");
  cmd->callback([show, &globals] { run_show(*show, globals); });
}

}  // namespace evidex::cli
