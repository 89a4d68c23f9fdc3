#include "cli/commands.hpp"
#include "indexer/util/errors.hpp"
#include "query/access/accounts.hpp"
#include "query/access/accounts_file.hpp"
#include "query/access/command_line_actor.hpp"
#include "query/access/listings.hpp"
#include "query/render/terminal_text.hpp"

#include <charconv>
#include <iostream>

namespace evidex::cli {
namespace {

namespace access = query::access;

void add_token_add(CLI::App& token, Globals& globals) {
  struct Args {
    std::string user, label;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = token.add_subcommand("add", "Make a bearer token for the JSON API; it acts with the user's rights");
  cmd->add_option("--user", args->user, "The user the token acts as")->required();
  cmd->add_option("--label", args->label, "What the token is for (shown by 'token list')");
  cmd->callback([args, &globals] {
    access::Accounts accounts(store_dir(globals));
    const std::string secret = accounts.add_token(args->user, args->label);
    const std::int64_t id = accounts.tokens(args->user).back().id;
    // An apprentice's token is about that apprentice: found by --apprentice, erased with them.
    accounts.audit(access::command_line_actor(), "token.add", accounts.user(args->user)->apprentice, "",
                   "token " + std::to_string(id) + " for user " + args->user +
                       (args->label.empty() ? "" : " (" + args->label + ")"),
                   access::k_command_line_remote);
    // The secret alone on standard output, so that a script can capture it; the rest on stderr.
    std::cerr << "Token " << id << " for " << query::terminal_text(args->user)
              << ". Keep it now: it is not stored and will not be shown again.\n";
    std::cout << secret << "\n";
  });
}

void add_token_list(CLI::App& token, Globals& globals) {
  struct Args {
    std::string user, format = "text";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = token.add_subcommand("list", "The bearer tokens: ID, user, label, last use, revoked (never a secret)");
  cmd->add_option("--user", args->user, "Only this user's tokens");
  cmd->add_option("--format", args->format, "text, json or csv")->check(CLI::IsMember({"text", "json", "csv"}));
  cmd->callback([args, &globals] {
    const query::Format f = query::parse_format(args->format);
    if (!std::filesystem::exists(store_dir(globals) / access::k_accounts_file_name)) {
      if (!args->user.empty()) {
        throw InputError("user '" + args->user + "': no such user (the store has no accounts yet)");
      }
      std::cout << access::render_tokens({}, f);
      return;
    }
    access::Accounts accounts(store_dir(globals));
    std::cout << access::render_tokens(accounts.tokens(args->user), f);
  });
}

void add_token_revoke(CLI::App& token, Globals& globals) {
  auto id_text = std::make_shared<std::string>();
  CLI::App* cmd = token.add_subcommand("revoke", "Stop a bearer token from working, for good");
  cmd->add_option("ID", *id_text, "The token's number (see 'evidex token list')")->required();
  cmd->callback([id_text, &globals] {
    std::int64_t id = 0;
    auto [end, ec] = std::from_chars(id_text->data(), id_text->data() + id_text->size(), id);
    if (ec != std::errc() || end != id_text->data() + id_text->size() || id <= 0) {
      throw UsageError("ID: '" + *id_text + "' is not a token number (see 'evidex token list')");
    }
    access::Accounts accounts(store_dir(globals));
    accounts.revoke_token(id);
    accounts.audit(access::command_line_actor(), "token.revoke", "", "", "token " + std::to_string(id),
                   access::k_command_line_remote);
    std::cout << "Revoked token " << id << "\n";
  });
}

}  // namespace

void add_token_commands(CLI::App& app, Globals& globals) {
  CLI::App* token = app.add_subcommand("token", "Bearer tokens for other systems using the JSON API: add, list, revoke");
  token->require_subcommand(1);
  add_token_add(*token, globals);
  add_token_list(*token, globals);
  add_token_revoke(*token, globals);
}

}  // namespace evidex::cli
