#include "tests/support/run_evidex.hpp"

#include "tests/support/test_support.hpp"

#include <fcntl.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace evidex::test {
namespace {

// An empty store means "add no --store": the arguments say where the store is, if anywhere.
pid_t spawn(const std::filesystem::path& store, const std::vector<std::string>& args, const std::string& out,
            const std::string& err) {
  std::vector<std::string> argv_s{EVIDEX_BINARY};
  if (!store.empty()) {
    argv_s.insert(argv_s.end(), {"--store", store.string()});
  }
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int in = ::open("/dev/null", O_RDONLY);
    dup2(o, 1);
    dup2(e, 2);
    dup2(in, 0);
    std::vector<char*> argv;
    for (auto& a : argv_s) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

}  // namespace

Run run_evidex(const std::filesystem::path& store, const std::vector<std::string>& args) {
  TempDir io;
  pid_t pid = spawn(store, args, (io / "out").string(), (io / "err").string());
  int status = 0;
  waitpid(pid, &status, 0);
  Run r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(io / "out");
  r.err = read_file(io / "err");
  return r;
}

Run run_evidex_args(const std::vector<std::string>& args) {
  return run_evidex({}, args);
}

pid_t start_evidex(const std::filesystem::path& store, const std::vector<std::string>& args) {
  return spawn(store, args, "/dev/null", "/dev/null");
}

}  // namespace evidex::test
