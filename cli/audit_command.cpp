#include "cli/commands.hpp"
#include "cli/numeric_options.hpp"
#include "query/access/accounts.hpp"
#include "query/access/accounts_file.hpp"
#include "query/access/listings.hpp"

#include <iostream>

namespace evidex::cli {

void add_audit_command(CLI::App& app, Globals& globals) {
  struct Args {
    query::access::AuditFilter filter;
    std::string format = "text";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("audit", "The audit log, newest first: who viewed, downloaded, tagged, erased "
                                              "or changed what, and when");
  cmd->add_option("--user", args->filter.user, "Only what this user did (cli:LOGIN for the command line)");
  cmd->add_option("--apprentice", args->filter.apprentice, "Only what concerns this apprentice");
  cmd->add_option("--action", args->filter.action, "Only this action (view, download, tag, user.add, ...)");
  cmd->add_option("--limit", args->filter.limit, "At most this many entries (default 200)")
      ->check(whole_number(1, 1000000));
  cmd->add_option("--format", args->format, "text, json or csv")->check(CLI::IsMember({"text", "json", "csv"}));
  cmd->callback([args, &globals] {
    const query::Format f = query::parse_format(args->format);
    // Reading creates nothing: a store without accounts has an empty log.
    if (!std::filesystem::exists(store_dir(globals) / query::access::k_accounts_file_name)) {
      std::cout << query::access::render_audit({}, f);
      return;
    }
    query::access::Accounts accounts(store_dir(globals));
    std::cout << query::access::render_audit(accounts.audit_log(args->filter), f);
  });
}

}  // namespace evidex::cli
