#include "tests/support/run_evidex.hpp"

#include "tests/support/test_support.hpp"

#include <csignal>
#include <fcntl.h>
#include <grp.h>
#include <stdexcept>
#include <string_view>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace evidex::test {
namespace {

// In the child, after its output files are open (they stay writable whoever it becomes).
void apply(const ChildSetup& setup) {
  if (setup.file_size_limit) {
    std::signal(SIGXFSZ, SIG_IGN);  // inherited across exec: the write fails instead
    rlimit limit{*setup.file_size_limit, *setup.file_size_limit};
    if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) {
      _exit(126);
    }
  }
  if (setup.cwd && ::chdir(setup.cwd->c_str()) != 0) {
    _exit(126);
  }
  if (setup.uid && (::setgroups(0, nullptr) != 0 || ::setgid(*setup.uid) != 0 || ::setuid(*setup.uid) != 0)) {
    _exit(126);
  }
}

pid_t spawn(const std::vector<std::string>& args, const std::string& out, const std::string& err,
            const ChildSetup& setup = {}, const std::string& program = EVIDEX_BINARY,
            const std::string& in_file = "/dev/null") {
  std::vector<std::string> argv_s{program};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = ::open(in_file.c_str(), O_RDONLY);
    dup2(o, 1);
    dup2(e, 2);
    dup2(in, 0);
    apply(setup);
    std::vector<char*> argv;
    for (auto& a : argv_s) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    // Freed memory is filled with 0x25 bytes (and no chunk waits in glibc's per-thread cache
    // unfilled), so that a use after free reads nonsense at once instead of the old values: it turned
    // every item of a many-file zip into "nested too deep" once, and passed unnoticed without this.
    // (The sanitizer build replaces malloc and ignores it.)
    std::vector<char*> envp;
    std::string tunables = "GLIBC_TUNABLES=glibc.malloc.tcache_count=0:glibc.malloc.perturb=37";
    std::vector<std::string> extra = setup.env;
    auto replaced = [&](std::string_view entry) {
      for (const auto& e : extra) {
        if (entry.substr(0, e.find('=') + 1) == std::string_view(e).substr(0, e.find('=') + 1)) {
          return true;
        }
      }
      return false;
    };
    for (char** e = environ; *e; ++e) {
      if (std::string_view(*e).substr(0, 15) != "GLIBC_TUNABLES=" && !replaced(*e)) {
        envp.push_back(*e);
      }
    }
    for (auto& e : extra) {
      envp.push_back(e.data());
    }
    envp.push_back(tunables.data());
    envp.push_back(nullptr);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

std::vector<std::string> with_store(const std::filesystem::path& store, const std::vector<std::string>& args) {
  std::vector<std::string> all{"--store", store.string()};
  all.insert(all.end(), args.begin(), args.end());
  return all;
}

Run run(const std::vector<std::string>& args, const ChildSetup& setup, const std::string& program = EVIDEX_BINARY) {
  TempDir io;
  std::string in_file = "/dev/null";
  if (setup.input) {
    in_file = (io / "in").string();
    write_file(in_file, *setup.input);
  }
  pid_t pid = spawn(args, (io / "out").string(), (io / "err").string(), setup, program, in_file);
  int status = 0;
  waitpid(pid, &status, 0);
  Run r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(io / "out");
  r.err = read_file(io / "err");
  return r;
}

}  // namespace

Run run_evidex(const std::filesystem::path& store, const std::vector<std::string>& args, const ChildSetup& setup) {
  return run(with_store(store, args), setup);
}

Run run_evidex_raw(const std::vector<std::string>& args) { return run(args, {}); }

Run run_program(const std::vector<std::string>& argv, const ChildSetup& setup) {
  return run(std::vector<std::string>(argv.begin() + 1, argv.end()), setup, argv.at(0));
}

pid_t start_evidex(const std::filesystem::path& store, const std::vector<std::string>& args) {
  return spawn(with_store(store, args), "/dev/null", "/dev/null");
}

pid_t start_evidex(const std::filesystem::path& store, const std::vector<std::string>& args,
                   const std::filesystem::path& out, const std::filesystem::path& err) {
  return spawn(with_store(store, args), out.string(), err.string());
}

}  // namespace evidex::test
