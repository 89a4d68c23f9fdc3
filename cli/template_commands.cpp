#include "cli/commands.hpp"
#include "indexer/pipeline/extract_file.hpp"
#include "indexer/store/templates.hpp"
#include "indexer/util/errors.hpp"
#include "query/listing/templates_listing.hpp"
#include "query/render/terminal_text.hpp"

#include <charconv>
#include <iostream>
#include <unistd.h>

namespace evidex::cli {
namespace {

void add_template_file(const std::string& file, std::string name, Globals& globals) {
  indexer::Store store(store_dir(globals), indexer::Store::Mode::write);
  std::filesystem::path path(file);
  std::string text =
      indexer::extract_file_text(path, store.tmp_dir() / ("template-" + std::to_string(::getpid())));
  if (name.empty()) {
    name = path.filename().string();
  }
  auto added = indexer::add_template(store, name, text);
  const auto& t = added.record;
  if (!added.added) {
    std::cout << query::terminal_text(file) << ": already registered as template " << t.id << " '"
              << query::terminal_text(t.name) << "'; nothing to do\n";
    return;
  }
  std::cout << "Registered template " << t.id << " '" << query::terminal_text(t.name) << "' (" << t.words
            << " words); recomputed the "
            << "signatures of " << added.signatures << " items. Its text no longer counts as copying in "
            << "'evidex duplicates'.\n";
}

void list_templates(const std::string& format_name, Globals& globals) {
  query::Format format = query::parse_format(format_name);
  // Without a store there are still the built-in templates to show.
  if (!std::filesystem::exists(store_dir(globals) / "evidex.sqlite")) {
    std::cout << query::render(indexer::builtin_templates(), format);
    return;
  }
  indexer::Store store(store_dir(globals), indexer::Store::Mode::read);
  std::cout << query::render(indexer::templates(store), format);
}

void remove_template_id(const std::string& id_text, Globals& globals) {
  for (const auto& t : indexer::builtin_templates()) {
    if (id_text == t.key) {
      throw UsageError("template '" + id_text + "' is built in and cannot be removed");
    }
  }
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0) {
    throw UsageError("ID: '" + id_text + "' is not a template number (see 'evidex template list')");
  }
  indexer::Store store(store_dir(globals), indexer::Store::Mode::write);
  std::string name;
  for (const auto& t : indexer::templates(store)) {
    if (t.id == id) {
      name = t.name;
    }
  }
  auto recomputed = indexer::remove_template(store, id);
  if (!recomputed) {
    throw InputError("template " + id_text + ": no such template (see 'evidex template list')");
  }
  std::cout << "Removed template " << id << " '" << query::terminal_text(name) << "'; recomputed the signatures of "
            << *recomputed << " items.\n";
}

}  // namespace

void add_template_commands(CLI::App& app, Globals& globals) {
  CLI::App* cmd = app.add_subcommand(
      "template", "Shared forms and templates, whose text 'evidex duplicates' does not count as copying");
  cmd->require_subcommand(1);

  struct AddArgs {
    std::string file;
    std::string name;
  };
  auto add_args = std::make_shared<AddArgs>();
  CLI::App* add = cmd->add_subcommand(
      "add", "Register a blank form or template (any format evidex reads: text, PDF, Word, OpenDocument ...)");
  add->add_option("FILE", add_args->file, "The blank form")->required();
  add->add_option("--name", add_args->name, "A name for it (default: the file name)");
  add->callback([add_args, &globals] { add_template_file(add_args->file, add_args->name, globals); });

  auto format = std::make_shared<std::string>("text");
  CLI::App* list = cmd->add_subcommand("list", "The templates: built-in ones, then those registered");
  list->add_option("--format", *format, "text, json or csv");
  list->callback([format, &globals] { list_templates(*format, globals); });

  auto id = std::make_shared<std::string>();
  CLI::App* remove = cmd->add_subcommand("remove", "Forget a registered template");
  remove->add_option("ID", *id, "Its number, as 'evidex template list' shows it")->required();
  remove->callback([id, &globals] { remove_template_id(*id, globals); });
}

}  // namespace evidex::cli
