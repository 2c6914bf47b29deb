// Faults, for real, through the spelunk binary: a server that is down, a missing table, a refused
// login, a shard that drops in the middle of a query, a query that takes too long. Each ends the
// search with one line on stderr and exit status 2, and nothing on stdout (never partial results).
// Credentials come from the URL or SPELUNK_CLICKHOUSE_PASSWORD and are never printed.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/clickhouse_util.hpp"

using namespace spelunk;

namespace {

namespace fs = std::filesystem;

struct Run {
  int status = -1;
  std::string out, err;
};

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs `spelunk ARGS` with `env` (VAR=value ...) in the background; returns its pid and files.
struct Background {
  fs::path out, err, rc;
};

Background start(const std::string& args, const std::string& env = "") {
  static int n = 0;
  const std::string base = (fs::temp_directory_path() / ("spelunk_ch_fault_" + std::to_string(::getpid()) + "_" +
                                                         std::to_string(n++))).string();
  Background b{base + ".out", base + ".err", base + ".rc"};
  const std::string cmd = "(env " + env + " " + std::string(SPELUNK_BINARY) + " " + args + " >" + quote(b.out.string()) +
                          " 2>" + quote(b.err.string()) + "; echo $? >" + quote(b.rc.string() + ".tmp") + "; mv " +
                          quote(b.rc.string() + ".tmp") + " " + quote(b.rc.string()) + ") &";
  REQUIRE(std::system(cmd.c_str()) == 0);
  return b;
}

Run finish(const Background& b, double limit_s = 60) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(limit_s);
  while (!fs::exists(b.rc) && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  Run r;
  REQUIRE_MESSAGE(fs::exists(b.rc), "spelunk did not finish within " << limit_s << " s");
  r.status = std::stoi(slurp(b.rc));
  r.out = slurp(b.out);
  r.err = slurp(b.err);
  for (const auto& p : {b.out, b.err, b.rc}) fs::remove(p);
  return r;
}

Run run(const std::string& args, const std::string& env = "") { return finish(start(args, env)); }

// One clear line on stderr, status 2, nothing printed as results.
void check_fault(const Run& r, const std::string& expected) {
  INFO("stderr: " << r.err);
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.rfind("spelunk: ", 0) == 0);
  CHECK(r.err.find(expected) != std::string::npos);
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);  // nothing listens there now
  return ntohs(a.sin_port);
}

// The table the fault tests search: the repository's samples, on the two-shard cluster.
const std::string& faults_table() {
  static const std::string name = [] {
    cli::Session s;
    std::vector<std::string> messages;
    REQUIRE(s.load({std::string(SPELUNK_SOURCE_DIR) + "/samples/sysmon_sample.xml"}, messages));
    s.load_props({});
    chtest::load(s.store(), s.knowledge(), "faults", true);
    return std::string("faults");
  }();
  return name;
}

void restart_shard2() {
  const std::string cmd = chtest::script() + " restart " + quote(chtest::servers().dir) + " 2 >/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  chtest::servers().pid2 = std::stoi(chtest::read_env_file(chtest::servers().dir + "/servers.env")["PID2"]);
}

}  // namespace

TEST_CASE("clickhouse faults: server down, missing table, refused login") {
  REQUIRE_CLICKHOUSE();
  const std::string table = faults_table();
  const Run ok = run("--engine " + quote(chtest::url(table)) + " 'EventCode=1 | stats count'");
  CHECK(ok.status == 0);
  CHECK(ok.out.find("count") != std::string::npos);

  check_fault(run("--engine clickhouse://127.0.0.1:" + std::to_string(free_port()) + "/db.t 'EventCode=1'"),
              "cannot connect to ClickHouse at 127.0.0.1:");
  check_fault(run("--engine " + quote(chtest::url("no_such_table")) + " 'EventCode=1'"), "does not exist");
  check_fault(run("load -d " + quote(std::string(SPELUNK_SOURCE_DIR) + "/samples/sysmon_sample.xml") +
                  " --to clickhouse://127.0.0.1:" + std::to_string(free_port()) + "/db.t"),
              "cannot connect to ClickHouse");

  // A wrong password, in the URL or the environment: refused, and never printed.
  const Run url_pw = run("--engine " + quote(chtest::url(table, "spelunk:Wr0ngPassw0rd")) + " 'EventCode=1'");
  check_fault(url_pw, "refused the login of user `spelunk`");
  CHECK(url_pw.err.find("Wr0ngPassw0rd") == std::string::npos);
  const Run env_pw = run("--engine " + quote(chtest::url(table, "spelunk")) + " 'EventCode=1'",
                         "SPELUNK_CLICKHOUSE_PASSWORD=Wr0ngEnvPassw0rd");
  check_fault(env_pw, "refused the login");
  CHECK(env_pw.err.find("Wr0ngEnvPassw0rd") == std::string::npos);
  // The right one (it has a quote: percent-encoded in the URL), in both places.
  const Run right_env = run("--engine " + quote(chtest::url(table, "spelunk")) + " 'EventCode=1 | stats count'",
                            "SPELUNK_CLICKHOUSE_PASSWORD=" + quote("s3cret'pw"));
  CHECK(right_env.status == 0);
  const Run right_url = run("sql --engine " + quote(chtest::url(table, "spelunk:s3cret%27pw")) + " 'EventCode=1 | stats count'");
  CHECK(right_url.status == 0);
  CHECK(right_url.out.find("clickhouse://spelunk@") != std::string::npos);
  for (const Run* r : {&right_env, &right_url}) {
    CHECK(r->out.find("s3cret") == std::string::npos);
    CHECK(r->err.find("s3cret") == std::string::npos);
  }
  // Loading with other props.conf rules than the table's is refused.
  const fs::path props = fs::temp_directory_path() / ("spelunk_ch_other_" + std::to_string(::getpid()) + ".conf");
  std::ofstream(props) << "[XmlWinEventLog]\nEVAL-extra = 1\n";
  check_fault(run("--engine " + quote(chtest::url(table)) + " --props " + quote(props.string()) + " 'EventCode=1'"),
              "other props.conf rules");
  const Run reload = run("load -d " + quote(std::string(SPELUNK_SOURCE_DIR) + "/samples/sysmon_sample.xml") + " --to " +
                         quote(chtest::url(table)) + " --props " + quote(props.string()));
  CHECK(reload.status == 2);
  CHECK(reload.err.find("other props.conf rules") != std::string::npos);
  fs::remove(props);
}

TEST_CASE("clickhouse faults: a shard that drops mid-query, and a timeout") {
  REQUIRE_CLICKHOUSE();
  const std::string table = faults_table();
  auto& s = chtest::servers();
  // Shard 2 stops answering (SIGSTOP: its socket still accepts), the search waits on it, then the
  // shard dies (SIGKILL): the connection drops in the middle of the query.
  REQUIRE(::kill(s.pid2, SIGSTOP) == 0);
  Background b = start("--engine " + quote(chtest::url(table)) + " 'EventCode=1 | stats count by Image'");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ::kill(s.pid2, SIGKILL);
  check_fault(finish(b), "ClickHouse at ");
  restart_shard2();

  // A shard that does not answer at all: the search gives up after --timeout seconds.
  REQUIRE(::kill(s.pid2, SIGSTOP) == 0);
  const auto t0 = std::chrono::steady_clock::now();
  const Run timed_out = run("--timeout 2 --engine " + quote(chtest::url(table)) + " 'EventCode=1 | stats count'");
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ::kill(s.pid2, SIGCONT);
  check_fault(timed_out, "within 2 s (timeout)");  // the client's or the server's own limit
  CHECK(took < 20);

  // Both shards up again: the same search gives its rows.
  const Run again = run("--engine " + quote(chtest::url(table)) + " 'EventCode=1 | stats count'");
  CHECK(again.status == 0);
}
