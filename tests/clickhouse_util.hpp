// The two real ClickHouse servers the ClickHouse tests use (scripts/clickhouse-test-servers.sh).
//
// Under ctest the `clickhouse` fixture has started them and SPELUNK_CLICKHOUSE_TEST names their
// folder: a server that is not there fails the test. Run by hand (build/spelunk_tests), the
// binary starts its own pair under the build folder and stops it at exit; when ClickHouse is not
// installed at all, the tests say so and pass without running (scripts/setup.sh --tests).
#pragma once

#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>

#include "cli/app_conf.hpp"
#include "cli/session.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/remote/knowledge_fingerprint.hpp"
#include "evaluator/value.hpp"
#include "storage/clickhouse/clickhouse_load.hpp"
#include "storage/clickhouse/clickhouse_table.hpp"
#include "storage/clickhouse/http_client.hpp"
#include "storage/clickhouse/row_binary.hpp"
#include "storage/clickhouse/sql_text.hpp"

namespace chtest {

namespace fs = std::filesystem;
using namespace spelunk;

struct Servers {
  bool ok = false;
  std::string why;       // when !ok
  bool required = false; // under ctest: missing servers are a failure
  std::string dir;
  std::string shard1 = "127.0.0.1", shard2 = "127.0.0.2";
  int http_port = 0;
  std::string cluster = "spelunk_test";
  int pid1 = 0, pid2 = 0;
  std::string database;  // this test run's own
};

inline std::map<std::string, std::string> read_env_file(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (auto eq = line.find('='); eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  return out;
}

inline std::string script() { return std::string(SPELUNK_SOURCE_DIR) + "/scripts/clickhouse-test-servers.sh"; }

// The folder of the servers this binary started itself (never freed: the exit handler reads it).
inline std::string*& own_servers_dir() {
  static std::string* dir = nullptr;
  return dir;
}

inline void stop_own_servers() {
  if (!own_servers_dir()) return;
  const std::string cmd = script() + " stop '" + *own_servers_dir() + "' >/dev/null 2>&1";
  [[maybe_unused]] int rc = std::system(cmd.c_str());
}

inline Servers& servers() {
  static Servers s = [] {
    Servers out;
    out.database = "spelunk_t" + std::to_string(::getpid());
    if (const char* dir = std::getenv("SPELUNK_CLICKHOUSE_TEST"); dir && *dir) {
      out.required = true;
      out.dir = dir;
    } else {
      const bool installed = fs::exists("/usr/sbin/clickhouse-server") || std::system("command -v clickhouse-server >/dev/null 2>&1") == 0;
      if (!installed) {
        out.why = "clickhouse-server is not installed (scripts/setup.sh --tests): ClickHouse tests not run";
        return out;
      }
      out.dir = (fs::path(SPELUNK_BINARY).parent_path() / "clickhouse-test-own").string();
      const std::string cmd = script() + " start '" + out.dir + "' >/dev/null";
      if (std::system(cmd.c_str()) != 0) {
        out.required = true;
        out.why = "could not start the ClickHouse test servers (" + cmd + ")";
        return out;
      }
      own_servers_dir() = new std::string(out.dir);
      std::atexit(stop_own_servers);
    }
    auto env = read_env_file(out.dir + "/servers.env");
    if (env.empty()) {
      out.why = "no ClickHouse test servers running (" + out.dir + "/servers.env is missing)";
      return out;
    }
    out.shard1 = env["SHARD1"];
    out.shard2 = env["SHARD2"];
    out.http_port = std::stoi(env["HTTP_PORT"]);
    out.cluster = env["CLUSTER"];
    out.pid1 = std::stoi(env["PID1"]);
    out.pid2 = std::stoi(env["PID2"]);
    out.ok = true;
    return out;
  }();
  return s;
}

// At the top of a ClickHouse test: fails when the servers should be there and are not, passes
// with a message when ClickHouse is not installed.
#define REQUIRE_CLICKHOUSE()                                                \
  do {                                                                      \
    if (!chtest::servers().ok) {                                            \
      if (chtest::servers().required) FAIL(chtest::servers().why);          \
      MESSAGE(chtest::servers().why);                                       \
      return;                                                               \
    }                                                                       \
  } while (0)

inline clickhouse::Endpoint endpoint(const std::string& host = servers().shard1) {
  clickhouse::Endpoint e;
  e.host = host;
  e.port = servers().http_port;
  return e;
}

inline clickhouse::Target target(const std::string& table, const std::string& host = servers().shard1) {
  clickhouse::Target t;
  t.endpoint = endpoint(host);
  t.database = servers().database;
  t.table = table;
  return t;
}

inline std::string url(const std::string& table, const std::string& userinfo = "") {
  return "clickhouse://" + (userinfo.empty() ? std::string() : userinfo + "@") + servers().shard1 + ":" +
         std::to_string(servers().http_port) + "/" + servers().database + "." + table;
}

// One statement on a server, as `default`.
inline std::string sql(const std::string& statement, const std::string& host = servers().shard1) {
  clickhouse::HttpClient client(endpoint(host), {});
  return client.post({}, statement);
}

// The knowledge the tests search with: the shipped props.conf plus `extra_props` text.
inline std::shared_ptr<Knowledge> knowledge(const std::string& extra_props = "") {
  auto k = std::make_shared<Knowledge>();
  auto problems = cli::load_shipped_app(*k, nullptr);
  REQUIRE(problems.empty());
  if (!extra_props.empty()) REQUIRE(k->load_props_text(extra_props, "test.props").empty());
  return k;
}

// Loads `store` (with the calculated fields of `k`) into `table`, on the cluster when asked.
inline clickhouse::LoadSummary load(const std::shared_ptr<const Store>& store, const Knowledge& k,
                                    const std::string& table, bool cluster) {
  clickhouse::LoadRequest request;
  request.store = store.get();
  request.knowledge = remote::knowledge_fingerprint(&k);
  for (const auto& name : k.calculated_field_names())
    if (const Column* c = k.column(store, name)) request.calculated.push_back({name, c});
  if (cluster) request.cluster = servers().cluster;
  return clickhouse::load_events(target(table), {}, request);
}

inline std::shared_ptr<clickhouse::ClickHouseTable> open(const std::string& table) {
  return clickhouse::ClickHouseTable::open(target(table), {});
}

// A Result as text: column names, then each row's cells (null, one value, or a multi-value),
// in order. Two engines agree when these are equal.
inline std::string dump(const Result& r) {
  std::string out;
  for (const auto& c : r.columns()) out += c.name + "\t";
  out += "\n";
  for (std::size_t row = 0; row < r.size(); ++row) {
    for (std::size_t c = 0; c < r.columns().size(); ++c) {
      Value v = r.get(c, row);
      if (v.is_null()) out += "<null>";
      else if (v.type == Value::Type::Number) out += "#" + v.to_string();
      else if (v.is_multi()) {
        out += "[";
        for (const auto& m : v.multi) out += clickhouse::one_line(m, 100000) + ";";
        out += "]";
      } else {
        out += clickhouse::one_line(v.to_string(), 100000);
      }
      out += "\t";
    }
    out += "\n";
  }
  return out;
}

}  // namespace chtest
