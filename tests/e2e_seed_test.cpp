// End-to-end: the seed's searches, byte for byte from queries/, over the real XML export in
// ../shared (skipped when absent) and over the repository's own samples/.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/pipeline.hpp"
#include "parser/parser.hpp"
#include "storage/ingest/ingest.hpp"
#include "test_env.hpp"

using namespace spelunk;
namespace fs = std::filesystem;

namespace {

std::string xml_dir() { return test::shared_dir() + "/data/evtx-attack-samples-xml"; }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Loaded {
  std::shared_ptr<Store> store;
  Knowledge knowledge;
};

// Ingests once per path for the whole test run.
Loaded& loaded(const std::string& path) {
  static std::map<std::string, std::unique_ptr<Loaded>> cache;
  auto& slot = cache[path];
  if (!slot) {
    slot = std::make_unique<Loaded>();
    IngestReport report;
    slot->store = ingest_paths({path}, IngestOptions{}, report);
    auto problems = slot->knowledge.load_props_file(std::string(SPELUNK_SOURCE_DIR) + "/conf/default/props.conf");
    REQUIRE(problems.empty());
  }
  return *slot;
}

Result run_query(const std::string& data, const std::string& query) {
  Loaded& l = loaded(data);
  REQUIRE(l.store);
  ParseResult parsed = parse_query(query);
  if (parsed.error) FAIL(parsed.error->render(query));
  ExecContext ctx;
  ctx.store = l.store;
  ctx.knowledge = &l.knowledge;
  return run_pipeline(*parsed.pipeline, ctx);
}

std::vector<std::string> column_values(const Result& r, std::string_view name) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < r.size(); ++i) out.push_back(r.get(name, i).to_string());
  return out;
}

std::vector<std::string> names(const Result& r) {
  std::vector<std::string> out;
  for (const auto& c : r.columns()) out.push_back(c.name);
  return out;
}

std::string query_file(const char* name) { return read_text(std::string(SPELUNK_SOURCE_DIR) + "/queries/" + name); }

}  // namespace

TEST_CASE("e2e: queries/ hold the seed's searches byte for byte") {
  const std::string seed_path = test::shared_dir() + "/seed/T1049-system-network-connections-discovery.md";
  if (!test::shared_available(seed_path)) return;
  std::string seed = read_text(seed_path);
  for (const char* q : {"T1049-sysmon.spl", "T1049-powershell.spl"}) {
    std::string text = query_file(q);
    REQUIRE_FALSE(text.empty());
    CHECK_MESSAGE(seed.find("```\n" + text + "```") != std::string::npos, q);
  }
}

TEST_CASE("e2e: the seed's Sysmon search over the real XML export gives Splunk's 4 rows") {
  if (!test::shared_available(xml_dir())) return;
  Result r = run_query(xml_dir(), query_file("T1049-sysmon.spl"));
  CHECK(names(r) == std::vector<std::string>{"_time", "process_name", "cmdline", "parent_process", "user", "host"});
  auto cmdlines = column_values(r, "cmdline");
  std::sort(cmdlines.begin(), cmdlines.end());
  CHECK(cmdlines == std::vector<std::string>{
                        "\"C:\\Windows\\system32\\NETSTAT.EXE\"  -na",
                        "C:\\Windows\\system32\\net1  user",
                        "net  use \\\\Target\\C$ P@ssw0rd1 /u:DOMAIN\\Administrator",
                        "net  user",
                    });
  auto process_names = column_values(r, "process_name");
  std::sort(process_names.begin(), process_names.end());
  CHECK(process_names == std::vector<std::string>{"NETSTAT.EXE", "net.exe", "net.exe", "net1.exe"});
  // Newest first.
  for (std::size_t i = 1; i < r.size(); ++i) CHECK(r.get("_time", i - 1).number >= r.get("_time", i).number);
  // user is User as written.
  auto users = column_values(r, "user");
  CHECK(std::find(users.begin(), users.end(), "MSEDGEWIN10\\IEUser") != users.end());
}

TEST_CASE("e2e: the seed's PowerShell search: XML events have no Message, only netstat matches") {
  if (!test::shared_available(xml_dir())) return;
  Result r = run_query(xml_dir(), query_file("T1049-powershell.spl"));
  CHECK(names(r) == std::vector<std::string>{"_time", "EventCode", "Message", "host"});
  REQUIRE(r.size() == 1);
  CHECK(r.get("EventCode", 0).to_string() == "1");
  CHECK(r.get("Message", 0).is_null());
}

TEST_CASE("e2e: EventCode=1 Image=cmd OR Image=powershell | stats count by process_name") {
  if (!test::shared_available(xml_dir())) return;
  const std::string search = "EventCode=1 Image=\"*\\\\cmd.exe\" OR Image=\"*\\\\powershell.exe\"";
  Result events = run_query(xml_dir(), search);
  CHECK(events.size() == 321);
  Result r = run_query(xml_dir(), search + " | stats count by process_name");
  REQUIRE(r.size() == 2);
  CHECK(r.get("process_name", 0).to_string() == "cmd.exe");
  CHECK(r.get("count", 0).to_string() == "305");
  CHECK(r.get("process_name", 1).to_string() == "powershell.exe");
  CHECK(r.get("count", 1).to_string() == "16");
}

TEST_CASE("e2e: the seed searches over the repository's own samples/") {
  std::string samples = std::string(SPELUNK_SOURCE_DIR) + "/samples";
  Result sysmon = run_query(samples, query_file("T1049-sysmon.spl"));
  CHECK(sysmon.size() == 7);  // samples/README.md: the sample holds 7 discovery commands
  for (const auto& name : column_values(sysmon, "process_name")) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK((lower == "netstat.exe" || lower == "net.exe" || lower == "net1.exe"));
  }
}
