#include "cli/commands.hpp"
#include "indexer/util/errors.hpp"
#include "mapping/refs/reference_parser.hpp"
#include "mapping/tagger/tag_bundle.hpp"

#include <cstdlib>
#include <iostream>

namespace evidex::cli {
namespace {

struct TagArgs {
  std::string apprentice;
  std::string item;
  std::string ref;
  std::string by;
  std::string note;
  bool clear = false;
};

// The reference as the standard writes it: "12s3", "12.S3" and "12 S3" all mean 12S3.
std::string canonical_ref(const std::string& written, const mapping::Standard& standard) {
  if (auto ref = mapping::canonical_ref(written, standard)) {
    return *ref;
  }
  throw UsageError("REF: '" + written + "' is not one criterion of " + standard.id +
                   " (see 'evidex standards show " + standard.id + "')");
}

std::string who_decides(const std::string& by) {
  if (!by.empty()) {
    return by;
  }
  const char* user = std::getenv("USER");
  return user && *user ? user : "unknown";
}

void run_decision(const TagArgs& args, Globals& globals, const char* decision) {
  const auto library = load_standards(globals);
  indexer::Store store(store_dir(globals), indexer::Store::Mode::write);
  mapping::tag_pending(store, library);
  require_apprentice(store, args.apprentice);
  const auto& standard = mapping::standard_of(store, library, args.apprentice);
  std::string ref = canonical_ref(args.ref, standard);
  if (!store.item(args.apprentice, args.item)) {
    throw InputError(args.item + ": no such item for apprentice '" + args.apprentice + "' (see 'evidex items --apprentice " +
                     args.apprentice + "')");
  }
  if (args.clear) {
    bool removed = store.undecide(args.apprentice, args.item, ref);
    std::cout << (removed ? "Removed the decision on " : "There was no decision on ") << ref << " for "
              << args.item << "; automatic tags apply\n";
    return;
  }
  indexer::Decision d{args.item, ref, decision, who_decides(args.by), indexer::utc_now_iso(), args.note};
  bool was_tagged = false;
  for (const auto& tag : store.automatic_tags(args.apprentice)) {
    was_tagged = was_tagged || (tag.path == args.item && tag.ref == ref);
  }
  store.decide(args.apprentice, d);
  const char* verb = d.decision == "confirm" ? (was_tagged ? "Confirmed" : "Added") : "Rejected";
  std::cout << verb << " " << ref << " for " << args.item << " (by " << d.by << ")";
  if (d.decision == "reject" && !was_tagged) {
    std::cout << "; it is not tagged now, and will stay untagged";
  }
  std::cout << ". The decision survives re-ingest.\n";
}

CLI::App* add_decision_command(CLI::App& app, Globals& globals, const char* name, const char* help,
                               const char* decision) {
  auto args = std::make_shared<TagArgs>();
  CLI::App* cmd = app.add_subcommand(name, help);
  cmd->add_option("--apprentice", args->apprentice, "Apprentice ID")->required();
  cmd->add_option("ITEM", args->item, "The item's path inside the bundle (see 'evidex items')")->required();
  cmd->add_option("REF", args->ref, "Criterion, e.g. 12S3")->required();
  cmd->add_option("--by", args->by, "Who decides (default: $USER)");
  cmd->add_option("--note", args->note, "Why");
  cmd->add_flag("--clear", args->clear, "Remove an earlier decision instead, so that automatic tags apply again");
  cmd->callback([args, &globals, decision] { run_decision(*args, globals, decision); });
  return cmd;
}

}  // namespace

void add_tag_commands(CLI::App& app, Globals& globals) {
  add_decision_command(app, globals, "tag", "Confirm or add a tag: the item evidences the criterion", "confirm");
  add_decision_command(app, globals, "untag", "Reject a tag (explicit, map or inferred) on an item", "reject");
}

}  // namespace evidex::cli
