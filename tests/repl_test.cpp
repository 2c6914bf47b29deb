// The REPL: input rules and completion, then for real through a pseudo-terminal: a search typed
// over two lines with Tab completion, dot-commands, Ctrl-C cancelling a long search, Ctrl-D
// leaving, and history recalled after a restart.
#include <doctest/doctest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "cli/repl.hpp"
#include "cli/session.hpp"
#include "cli/test_file.hpp"
#include "runner_util.hpp"

extern char** environ;

using namespace spelunk;
using namespace spelunk::cli;
using spelunk::test::ScratchDir;

TEST_CASE("repl: when a search continues on the next line") {
  CHECK(input_is_complete("index=a | stats count"));
  CHECK(!input_is_complete("index=a |"));
  CHECK(!input_is_complete("index=a |   "));
  CHECK(!input_is_complete("index=a \"open quote"));
  CHECK(input_is_complete("index=a \"a | b (\""));
  CHECK(!input_is_complete("index=a \"escaped \\\" still open"));
  CHECK(!input_is_complete("index=a (x=1 OR"));
  CHECK(!input_is_complete("index=a [ search b"));
  CHECK(input_is_complete("index=a [ search b ] | table x"));
  CHECK(input_is_complete("x=\"a|\""));
}

TEST_CASE("repl: completion of commands, fields and macros") {
  ScratchDir dir("complete");
  Session session;
  std::vector<std::string> messages;
  REQUIRE(session.load({dir.write("s.xml", test::small_sysmon_log())}, messages));
  session.load_props({});
  auto c = complete_input("index=a | sta", session);
  CHECK(c.word == "sta");
  CHECK(std::find(c.candidates.begin(), c.candidates.end(), "stats") != c.candidates.end());
  CHECK(std::find(c.candidates.begin(), c.candidates.end(), "Image") == c.candidates.end());
  c = complete_input("index=a |\nsta", session);  // a command on a continuation line
  CHECK(std::find(c.candidates.begin(), c.candidates.end(), "stats") != c.candidates.end());
  c = complete_input("Comm", session);
  CHECK(c.candidates == std::vector<std::string>{"CommandLine"});
  c = complete_input("index=a | stats count by Ima", session);
  CHECK(c.word == "Ima");
  CHECK(c.candidates == std::vector<std::string>{"Image"});
  c = complete_input("x | table process_n", session);  // calculated fields from props.conf
  CHECK(std::find(c.candidates.begin(), c.candidates.end(), "process_name") != c.candidates.end());
  CHECK(complete_input("zzz", session).candidates.empty());
  ScratchDir conf("conf");
  conf.write("macros.conf", "[my_sysmon]\ndefinition = sourcetype=sysmon\n");
  CHECK(session.load_conf_dir(conf.path.string()).empty());
  c = complete_input("`my", session);
  CHECK(c.candidates == std::vector<std::string>{"`my_sysmon"});
}

namespace {

// spelunk running on a pseudo-terminal; what it prints accumulates in `screen`.
class Pty {
 public:
  Pty(const std::vector<std::string>& args, const std::vector<std::string>& env_overrides) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
      std::string kv = *e;
      bool overridden = false;
      for (const auto& o : env_overrides)
        if (kv.substr(0, kv.find('=') + 1) == o.substr(0, o.find('=') + 1)) overridden = true;
      if (!overridden) env.push_back(kv);
    }
    env.insert(env.end(), env_overrides.begin(), env_overrides.end());
    std::vector<char*> argv{const_cast<char*>(SPELUNK_BINARY)}, envp;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    struct winsize ws {};
    ws.ws_row = 60;
    ws.ws_col = 200;
    pid_ = forkpty(&fd_, nullptr, nullptr, &ws);
    if (pid_ == 0) {
      execve(argv[0], argv.data(), envp.data());
      _exit(127);
    }
  }
  ~Pty() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (fd_ >= 0) close(fd_);
  }
  bool started() const { return pid_ > 0; }

  // Reads until `text` appears after what was already consumed (true) or the time passes (false).
  bool expect(const std::string& text, std::chrono::milliseconds within = std::chrono::seconds(30)) {
    auto deadline = std::chrono::steady_clock::now() + within;
    for (;;) {
      if (auto at = screen.find(text, consumed_); at != std::string::npos) {
        consumed_ = at + text.size();
        return true;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0 || !read_some(static_cast<int>(left))) return false;
    }
  }
  void type(const std::string& keys) {
    std::size_t done = 0;
    while (done < keys.size()) {
      ssize_t n = write(fd_, keys.data() + done, keys.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
  }
  // Ctrl-D until the process leaves (a key typed while the tty is between the editor's raw
  // mode and the cooked mode of a search can be swallowed by the line discipline).
  int leave_with_ctrl_d() {
    for (int attempt = 0; attempt < 10; ++attempt) {
      wait_for_editor();
      type("\x04");
      int status = wait_exit(20);
      if (exited_) return status;
    }
    return wait_exit();
  }
  // Waits (up to 5 s) until the line editor has the terminal in its raw mode: a Ctrl-D typed
  // earlier, while the terminal is still canonical, is taken by the line discipline as an
  // end-of-file mark that the switch to raw mode loses.
  void wait_for_editor() {
    for (int i = 0; i < 100; ++i) {
      termios t{};
      if (tcgetattr(fd_, &t) == 0 && !(t.c_lflag & ICANON)) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  // Waits (up to ticks x 100 ms) for the process to end; its exit status (or -1).
  int wait_exit(int ticks = 300) {
    for (int i = 0; i < ticks && !exited_; ++i) {
      // After the child closes its side, poll returns at once: pace the loop ourselves.
      if (!read_some(100)) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      int status = 0;
      pid_t got = waitpid(pid_, &status, WNOHANG);
      if (got == pid_) {
        exited_ = true;
        if (WIFSIGNALED(status)) screen += "\n[killed by signal " + std::to_string(WTERMSIG(status)) + "]";
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      if (got < 0) {
        screen += "\n[waitpid: " + std::string(std::strerror(errno)) + "]";
        return -1;
      }
    }
    if (ticks == 300) screen += "\n[still running after 30 s]";
    return -1;
  }

  std::string screen;

 private:
  bool read_some(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, timeout_ms) <= 0) return false;
    char buf[4096];
    ssize_t n = read(fd_, buf, sizeof buf);
    if (n <= 0) return false;
    screen.append(buf, static_cast<std::size_t>(n));
    return true;
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  bool exited_ = false;
  std::size_t consumed_ = 0;
};

std::vector<std::string> repl_env(const ScratchDir& dir) {
  return {"SPELUNK_HISTORY=" + dir.file("history"), "PAGER=cat", "TERM=xterm", "HOME=" + dir.path.string()};
}

}  // namespace

TEST_CASE("repl through a terminal: a two-line search with Tab completion, dot-commands, Ctrl-D") {
  ScratchDir dir("repl");
  std::string data = dir.write("s.xml", test::small_sysmon_log());
  Pty pty({"-d", data}, repl_env(dir));
  REQUIRE(pty.started());
  REQUIRE(pty.expect("spelunk> "));
  pty.type("process_name=net* |\r");
  REQUIRE(pty.expect("...> "));
  pty.type("tab\t");  // completes to `table `
  pty.type("process_name cmdline\r");
  INFO(pty.screen);
  CHECK(pty.expect("net use \\\\srv\\c$"));
  CHECK(pty.expect("spelunk> "));
  CHECK(pty.screen.find("NETSTAT.EXE") != std::string::npos);
  CHECK(pty.screen.find("notepad") == std::string::npos);
  pty.type(".timer on\r");
  CHECK(pty.expect("spelunk> "));
  pty.type("process_name=notepad.exe | table user\r");
  CHECK(pty.expect("CORP\\bob"));
  CHECK(pty.expect("1 rows in "));
  CHECK(pty.expect("spelunk> "));
  pty.type(".output csv\r");
  CHECK(pty.expect("spelunk> "));
  pty.type("process_name=ipconfig.exe | table process_name cmdline\r");
  CHECK(pty.expect("process_name,cmdline"));
  CHECK(pty.expect("ipconfig.exe,ipconfig /all"));
  CHECK(pty.expect("spelunk> "));
  pty.type(".fields\r");
  CHECK(pty.expect("4 events"));
  CHECK(pty.expect("CommandLine,4,4"));
  CHECK(pty.expect("spelunk> "));
  pty.type(".save " + dir.file("saved.spelunk") + "\r");
  CHECK(pty.expect("saved 4 events to "));
  CHECK(pty.expect("spelunk> "));
  pty.type(".load " + dir.file("saved.spelunk") + "\r");  // reopened by its magic, not re-read
  CHECK(pty.expect("loaded 4 events from 1 file(s)"));
  CHECK(pty.expect("spelunk> "));
  pty.type("index=a | nosuchcommand\r");
  CHECK(pty.expect("`nosuchcommand` is not supported yet"));
  CHECK(pty.expect("spelunk> "));  // keys typed during a search go through the cooked tty
  CHECK_MESSAGE(pty.leave_with_ctrl_d() == 0, pty.screen.substr(pty.screen.size() > 300 ? pty.screen.size() - 300 : 0));
}

TEST_CASE("repl through a terminal: Ctrl-C cancels a long search and keeps the session") {
  ScratchDir dir("repl-cancel");
  std::string data = dir.write("s.xml", test::small_sysmon_log());
  Pty pty({"-d", data}, repl_env(dir));
  REQUIRE(pty.started());
  REQUIRE(pty.expect("spelunk> "));
  // Cheap evals over many rows: long in total, and eval checks the cancel flag as it goes. The
  // line stays far below 4,095 bytes: a line typed while the terminal is still in cooked mode is
  // cut there by the kernel (N_TTY_BUF_SIZE), which once turned this search into a parse error.
  std::string slow = "| makeresults count=200000";  // makeresults itself has no cancel check: keep it short
  for (int i = 0; i < 80; ++i) slow += " | eval x=len(\"abc\")+" + std::to_string(i);
  slow += " | stats count";
  REQUIRE(slow.size() < 2000);
  pty.type(slow + "\r");
  // A Ctrl-C that reaches the terminal before the search has switched it out of the editor's raw
  // mode is read as a plain byte, not a signal: on a loaded machine that can be the first few.
  // Press it until the search reports its cancellation (it cannot finish in the time allowed).
  bool cancelled = false;
  for (int attempt = 0; attempt < 50 && !cancelled; ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    pty.type("\x03");
    cancelled = pty.expect("search cancelled", std::chrono::milliseconds(300));
  }
  INFO(pty.screen);
  CHECK(cancelled);
  CHECK(pty.expect("spelunk> "));
  pty.type("\x03");  // Ctrl-C at the prompt only discards the input
  pty.type("process_name=notepad.exe | table user\r");
  CHECK(pty.expect("CORP\\bob"));
  CHECK(pty.expect("spelunk> "));
  pty.type(".quit\r");
  CHECK_MESSAGE(pty.wait_exit() == 0, pty.screen.substr(pty.screen.size() > 300 ? pty.screen.size() - 300 : 0));
}

TEST_CASE("repl through a terminal: history survives a restart") {
  ScratchDir dir("repl-history");
  std::string data = dir.write("s.xml", test::small_sysmon_log());
  {
    Pty pty({"-d", data}, repl_env(dir));
    REQUIRE(pty.started());
    REQUIRE(pty.expect("spelunk> "));
    pty.type("process_name=ipconfig.exe | table cmdline\r");
    CHECK(pty.expect("ipconfig /all"));
    CHECK(pty.expect("spelunk> "));
    CHECK_MESSAGE(pty.leave_with_ctrl_d() == 0, pty.screen.substr(pty.screen.size() > 300 ? pty.screen.size() - 300 : 0));
  }
  std::string history;
  REQUIRE(cli::read_whole_file(dir.file("history"), history));
  CHECK(history.find("ipconfig.exe") != std::string::npos);
  Pty pty({"-d", data}, repl_env(dir));
  REQUIRE(pty.started());
  REQUIRE(pty.expect("spelunk> "));
  pty.type("\x1b[A");  // up arrow: the last search
  pty.type("\r");
  INFO(pty.screen);
  CHECK(pty.expect("ipconfig /all"));
  CHECK(pty.expect("spelunk> "));
  CHECK_MESSAGE(pty.leave_with_ctrl_d() == 0, pty.screen.substr(pty.screen.size() > 300 ? pty.screen.size() - 300 : 0));
}

TEST_CASE("repl on a pipe: reads searches line by line, no prompt, no pager") {
  ScratchDir dir("repl-pipe");
  std::string data = dir.write("s.xml", test::small_sysmon_log());
  std::string input = dir.write("in.txt", "process_name=net.exe |\n table cmdline\n.output json\nprocess_name=notepad.exe | table user\n");
  std::string command = std::string("'") + SPELUNK_BINARY + "' -d '" + data + "' < '" + input + "' 2>&1";
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p);
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  CHECK(pclose(p) == 0);
  INFO(out);
  CHECK(out.find("net use \\\\srv\\c$") != std::string::npos);
  CHECK(out.find("{\"user\":\"CORP\\\\bob\"}") != std::string::npos);
  CHECK(out.find("spelunk>") == std::string::npos);
}
