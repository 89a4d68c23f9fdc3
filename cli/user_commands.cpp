#include "cli/commands.hpp"
#include "indexer/util/errors.hpp"
#include "query/access/accounts.hpp"
#include "query/access/accounts_file.hpp"
#include "query/access/command_line_actor.hpp"
#include "query/access/listings.hpp"
#include "query/access/password_hash.hpp"
#include "query/render/terminal_text.hpp"

#include <array>
#include <csignal>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace evidex::cli {
namespace {

namespace access = query::access;

// The terminal's settings before EchoOff, for the signal handler: async-signal-safe to restore.
termios g_terminal_saved{};

extern "C" void restore_terminal_and_die(int sig) {
  ::tcsetattr(STDIN_FILENO, TCSANOW, &g_terminal_saved);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

// Turns the terminal's echo off for as long as it lives, and back on whatever happens meanwhile:
// an exception, or Ctrl-C (SIGINT), SIGTERM or a hang-up while the password is being typed, which
// would otherwise leave the person's shell without echo.
class EchoOff {
public:
  EchoOff() {
    if (::tcgetattr(STDIN_FILENO, &m_saved) != 0) {
      return;
    }
    g_terminal_saved = m_saved;
    struct sigaction sa {};
    sa.sa_handler = restore_terminal_and_die;
    sigemptyset(&sa.sa_mask);
    for (std::size_t i = 0; i < m_signals.size(); ++i) {
      ::sigaction(m_signals[i], &sa, &m_previous[i]);
    }
    termios quiet = m_saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    // TCSANOW, not TCSAFLUSH: what the person typed ahead is kept.
    m_on = ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
    m_handlers = true;
  }
  ~EchoOff() {
    if (m_on) {
      ::tcsetattr(STDIN_FILENO, TCSANOW, &m_saved);
    }
    if (m_handlers) {
      for (std::size_t i = 0; i < m_signals.size(); ++i) {
        ::sigaction(m_signals[i], &m_previous[i], nullptr);
      }
    }
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

private:
  termios m_saved{};
  bool m_on = false;
  bool m_handlers = false;
  std::array<int, 3> m_signals{SIGINT, SIGTERM, SIGHUP};
  std::array<struct sigaction, 3> m_previous{};
};

std::string read_line(std::istream& in) {
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') {
    line.pop_back();
  }
  return line;
}

std::string prompt_without_echo(const std::string& prompt) {
  std::string line;
  {
    EchoOff quiet;  // before the prompt: nothing typed after it is shown
    std::cerr << prompt << std::flush;
    line = read_line(std::cin);
  }
  std::cerr << "\n";
  return line;
}

// The new password: from standard input with --password-stdin (one line, for scripts), else typed
// twice at the terminal without echo. Never from the command line, where ps and the shell's
// history would show it.
std::string new_password(const std::string& name, bool from_stdin) {
  if (from_stdin) {
    if (std::cin.peek() == std::char_traits<char>::eof()) {
      throw UsageError("--password-stdin: standard input is empty; give the password on its first line");
    }
    return read_line(std::cin);
  }
  if (!::isatty(STDIN_FILENO)) {
    throw UsageError("standard input is not a terminal to type a password at: give it on standard input with "
                     "--password-stdin");
  }
  std::string first = prompt_without_echo("New password for " + name + ": ");
  access::check_password_policy(first);
  if (prompt_without_echo("Type it again: ") != first) {
    throw UsageError("the two passwords differ; nothing was changed");
  }
  return first;
}

void add_user_add(CLI::App& user, Globals& globals) {
  struct Args {
    std::string name, role, apprentice;
    bool password_stdin = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = user.add_subcommand("add", "Add an account: asks for its password, or reads it with --password-stdin");
  cmd->add_option("NAME", args->name, "Login name (letters, digits and . _ - @)")->required();
  cmd->add_option("--role", args->role, "apprentice, assessor, iqa or admin")
      ->required()
      ->check(CLI::IsMember({"apprentice", "assessor", "iqa", "admin"}));
  cmd->add_option("--apprentice", args->apprentice, "Role apprentice: their apprentice ID in the store");
  cmd->add_flag("--password-stdin", args->password_stdin, "Read the password from the first line of standard input");
  cmd->callback([args, &globals] {
    const access::Role role = *access::parse_role(args->role);
    if (role == access::Role::apprentice && args->apprentice.empty()) {
      throw UsageError("user add " + args->name + ": role apprentice needs --apprentice ID (whose evidence it is)");
    }
    access::Accounts accounts(store_dir(globals));
    // Refused before the password is asked for, not after it has been typed twice.
    if (auto existing = accounts.user(args->name)) {
      throw InputError("user '" + args->name + "': already exists" +
                       (existing->name == args->name ? std::string() : " as '" + existing->name + "' (names ignore case)"));
    }
    const std::string password = new_password(args->name, args->password_stdin);
    const access::User added = accounts.add_user(args->name, role, password, args->apprentice);
    accounts.audit(access::command_line_actor(), "user.add", added.apprentice, "",
                   "user " + added.name + ", role " + std::string(access::role_name(added.role)),
                   access::k_command_line_remote);
    std::cout << "Added user " << query::terminal_text(added.name) << " (" << access::role_name(added.role)
              << (added.apprentice.empty() ? "" : ", apprentice " + query::terminal_text(added.apprentice)) << ")\n";
  });
}

void add_user_list(CLI::App& user, Globals& globals) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* cmd = user.add_subcommand("list", "The accounts: name, role, apprentices, status (never a password hash)");
  cmd->add_option("--format", *format, "text, json or csv")->check(CLI::IsMember({"text", "json", "csv"}));
  cmd->callback([format, &globals] {
    const query::Format f = query::parse_format(*format);
    // Reading creates nothing: a store without accounts has no users.
    if (!std::filesystem::exists(store_dir(globals) / access::k_accounts_file_name)) {
      std::cout << access::render_users({}, f);
      return;
    }
    access::Accounts accounts(store_dir(globals));
    std::cout << access::render_users(accounts.users(), f);
  });
}

void add_user_enable(CLI::App& user, Globals& globals, bool disable) {
  auto name = std::make_shared<std::string>();
  CLI::App* cmd = user.add_subcommand(disable ? "disable" : "enable",
                                      disable ? "Stop an account: it can no longer log in, its sessions end and "
                                                "its tokens stop working"
                                              : "Let a disabled account log in again");
  cmd->add_option("NAME", *name, "Login name")->required();
  cmd->callback([name, disable, &globals] {
    access::Accounts accounts(store_dir(globals));
    accounts.set_disabled(*name, disable);
    // An apprentice's account is about that apprentice: the entry is found by --apprentice, and
    // erased with them.
    const std::string apprentice = accounts.user(*name)->apprentice;
    accounts.audit(access::command_line_actor(), disable ? "user.disable" : "user.enable", apprentice, "",
                   "user " + *name,
                   access::k_command_line_remote);
    std::cout << (disable ? "Disabled user " : "Enabled user ") << query::terminal_text(*name)
              << (disable ? "; their sessions have ended\n" : "\n");
  });
}

void add_user_passwd(CLI::App& user, Globals& globals) {
  struct Args {
    std::string name;
    bool password_stdin = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = user.add_subcommand("passwd", "Set an account's password; its sessions end");
  cmd->add_option("NAME", args->name, "Login name")->required();
  cmd->add_flag("--password-stdin", args->password_stdin, "Read the password from the first line of standard input");
  cmd->callback([args, &globals] {
    access::Accounts accounts(store_dir(globals));
    const auto target = accounts.user(args->name);
    if (!target) {
      throw InputError("user '" + args->name + "': no such user");
    }
    accounts.set_password(args->name, new_password(args->name, args->password_stdin));
    accounts.audit(access::command_line_actor(), "user.passwd", target->apprentice, "", "user " + args->name,
                   access::k_command_line_remote);
    std::cout << "Changed the password of " << query::terminal_text(args->name) << "; their sessions have ended\n";
  });
}

void add_user_assign(CLI::App& user, Globals& globals, bool assign) {
  struct Args {
    std::string name, apprentice;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = user.add_subcommand(assign ? "assign" : "unassign",
                                      assign ? "Give an assessor an apprentice to assess"
                                             : "Take an apprentice away from an assessor");
  cmd->add_option("NAME", args->name, "The assessor's login name")->required();
  cmd->add_option("--apprentice", args->apprentice, "Apprentice ID")->required();
  cmd->callback([args, assign, &globals] {
    access::Accounts accounts(store_dir(globals));
    if (assign) {
      accounts.assign(args->name, args->apprentice);
    } else {
      accounts.unassign(args->name, args->apprentice);
    }
    accounts.audit(access::command_line_actor(), assign ? "user.assign" : "user.unassign", args->apprentice, "",
                   "assessor " + args->name, access::k_command_line_remote);
    std::cout << (assign ? "Assigned apprentice " : "Unassigned apprentice ")
              << query::terminal_text(args->apprentice) << (assign ? " to " : " from ")
              << query::terminal_text(args->name) << "\n";
  });
}

}  // namespace

void add_user_commands(CLI::App& app, Globals& globals) {
  CLI::App* user = app.add_subcommand("user", "Accounts of the web application (evidex serve): add, list, "
                                              "disable, enable, passwd, assign, unassign");
  user->require_subcommand(1);
  add_user_add(*user, globals);
  add_user_list(*user, globals);
  add_user_enable(*user, globals, true);
  add_user_enable(*user, globals, false);
  add_user_passwd(*user, globals);
  add_user_assign(*user, globals, true);
  add_user_assign(*user, globals, false);
}

}  // namespace evidex::cli
