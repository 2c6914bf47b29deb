// tstats over the shared real event logs (../shared/data/evtx-attack-samples) with the shipped
// knowledge: which EventCodes each dataset takes (Sysmon and the Security/System logs), the CIM
// fields per EventCode, a differential test (each tstats equals its raw-event stats form), and ESCU
// detections run verbatim with the corpus macros. Skipped, saying why, when ../shared is absent.
#include <doctest/doctest.h>

#include <filesystem>

#include "cli/session.hpp"
#include "corpus_runner.hpp"

using namespace spelunk;

namespace {

std::string shared_dir() { return std::string(SPELUNK_SOURCE_DIR) + "/../shared"; }

cli::Session* shared_session() {
  static std::unique_ptr<cli::Session> session = [] {
    std::unique_ptr<cli::Session> s;
    if (!std::filesystem::exists(shared_dir() + "/data/evtx-attack-samples")) return s;
    s = std::make_unique<cli::Session>();
    std::vector<std::string> messages;
    if (!s->load({shared_dir() + "/data/evtx-attack-samples"}, messages)) return std::unique_ptr<cli::Session>();
    s->load_props({});
    auto macros = std::make_shared<MacroTable>();
    corpus::load_macros(shared_dir() + "/corpus/macros.jsonl", *macros);
    s->set_macros(macros);
    return s;
  }();
  return session.get();
}

// Rows as "v1|v2|..." lines, for comparing two results whatever their column names.
std::vector<std::string> rows_of(const Result& r) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < r.size(); ++i) {
    std::string line;
    for (std::size_t c = 0; c < r.columns().size(); ++c) line += (c ? "|" : "") + r.get(c, i).to_string();
    out.push_back(line);
  }
  return out;
}

Result run(cli::Session& s, const std::string& q) {
  cli::SearchOutcome out = s.run(q);
  REQUIRE_MESSAGE(out.ok, q << "\n" << out.error);
  return out.result;
}

}  // namespace

TEST_CASE("tstats over the shared logs: each dataset takes the EventCodes its eventtypes name") {
  cli::Session* s = shared_session();
  if (!s) {
    MESSAGE("skipped: ../shared/data/evtx-attack-samples is absent");
    return;
  }
  // EventCode is no dataset field (tstats would read it as null): `datamodel ... flat` gives the
  // dataset's events with all their fields.
  auto codes = [&](const std::string& model, const std::string& dataset) {
    return rows_of(run(*s, "| datamodel " + model + " " + dataset + " flat | stats count by sourcetype EventCode"));
  };
  using S = std::vector<std::string>;
  const std::string sysmon = "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational";
  CHECK(codes("Endpoint", "Processes") ==
        S{"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational|1|1491", sysmon + "|5|46", sysmon + "|6|8", sysmon + "|8|104",
          sysmon + "|10|157", sysmon + "|15|1", sysmon + "|17|13", sysmon + "|18|48", "XmlWinEventLog:Security|4688|42"});
  CHECK(codes("Endpoint", "Filesystem") == S{sysmon + "|2|6", sysmon + "|11|209", sysmon + "|23|3"});
  CHECK(codes("Endpoint", "Registry") == S{sysmon + "|12|95", sysmon + "|13|223"});
  CHECK(codes("Endpoint", "Services") == S{"XmlWinEventLog:System|7045|4"});
  CHECK(codes("Network_Traffic", "All_Traffic") == S{sysmon + "|3|164"});
  CHECK(codes("Network_Resolution", "DNS") == S{sysmon + "|22|1"});
  // Authentication drops successful logons of machine accounts (user=*$), as CIM's constraint does.
  const Result auth = run(*s, "| from datamodel:Authentication.Authentication | stats count by EventCode action");
  CHECK(rows_of(auth) == S{"4624|success|62", "4625|failure|1", "4634|success|2", "4648|success|7"});
  CHECK(rows_of(run(*s, "| tstats count from datamodel=Authentication where nodename=Authentication.Failed_Authentication "
                        "by Authentication.user Authentication.src")) == S{"IEUser|MSEDGEWIN10|1"});
  CHECK(rows_of(run(*s, "| from datamodel:Change.Account_Management | stats count by EventCode action")) == S{"4720|created|2", "4722|modified|1", "4738|modified|5"});
}

TEST_CASE("tstats over the shared logs: CIM fields per EventCode") {
  cli::Session* s = shared_session();
  if (!s) {
    MESSAGE("skipped: ../shared/data/evtx-attack-samples is absent");
    return;
  }
  // Sysmon 1 and Security 4688: the same fields from different sources.
  Result p = run(*s, "| tstats count from datamodel=Endpoint.Processes where Processes.process_name=notepad.exe "
                     "sourcetype=XmlWinEventLog:Security by Processes.process_path Processes.parent_process_name Processes.user Processes.dest "
                     "Processes.process_integrity_level");
  REQUIRE(p.size() >= 1);
  CHECK(p.get("Processes.process_path", 0).to_string() == "C:\\Windows\\System32\\notepad.exe");
  CHECK(p.get("Processes.parent_process_name", 0).to_string() == "WmiPrvSE.exe");
  CHECK(p.get("Processes.user", 0).to_string() == "Administrator");
  CHECK(p.get("Processes.dest", 0).to_string() == "wind10.winlab.local");
  CHECK(p.get("Processes.process_integrity_level", 0).to_string() == "high");
  // Sysmon 10 (process access): process_name from SourceImage.
  Result access = run(*s, "| from datamodel:Endpoint.Processes | search EventCode=10 | stats count by process_name "
                          "| sort - count | head 1");
  CHECK(access.get("process_name", 0).to_string() != "unknown");
  // Registry 13: key, value name and data.
  Result reg = run(*s, "| tstats count from datamodel=Endpoint.Registry where Registry.action=modified Registry.registry_value_name=* "
                       "by Registry.registry_path Registry.registry_key_name Registry.registry_value_name Registry.action | head 1");
  REQUIRE(reg.size() == 1);
  const std::string path = reg.get("Registry.registry_path", 0).to_string();
  CHECK(path.ends_with("\\" + reg.get("Registry.registry_value_name", 0).to_string()));
  CHECK(path.find("\\" + reg.get("Registry.registry_key_name", 0).to_string() + "\\") != std::string::npos);
  CHECK(reg.get("Registry.action", 0).to_string() == "modified");
  // Files 11: path and name; network 3: ports; services 7045: name and path.
  Result file = run(*s, "| tstats count from datamodel=Endpoint.Filesystem where Filesystem.action=created by Filesystem.file_path "
                        "Filesystem.file_name Filesystem.action | head 1");
  CHECK(file.get("Filesystem.file_path", 0).to_string().ends_with(file.get("Filesystem.file_name", 0).to_string()));
  CHECK(file.get("Filesystem.action", 0).to_string() == "created");
  Result net = run(*s, "| tstats count from datamodel=Network_Traffic by All_Traffic.dest_port All_Traffic.transport "
                       "| sort - count | head 1");
  CHECK(net.get("All_Traffic.transport", 0).to_string() == "tcp");
  Result svc = run(*s, "| tstats count from datamodel=Endpoint.Services by Services.service_name Services.service_path "
                       "Services.dest | search Services.service_name=WinPwnage");
  REQUIRE(svc.size() == 1);
  CHECK(svc.get("Services.dest", 0).to_string() == "IEWIN7");
}

TEST_CASE("tstats over the shared logs equals its raw-event stats form") {
  cli::Session* s = shared_session();
  if (!s) {
    MESSAGE("skipped: ../shared/data/evtx-attack-samples is absent");
    return;
  }
  struct Pair {
    const char* tstats;
    const char* stats;
  };
  // The raw form: the dataset's constraint, then stats over the same fields. The dataset's CIM
  // calculations turn a null into "unknown", which the raw events do not have: those rows are left
  // out of the tstats side.
  const Pair pairs[] = {
      {"| tstats count from datamodel=Endpoint.Processes where Processes.process_name!=unknown by Processes.process_name",
       "tag=process tag=report | stats count by process_name"},
      {"| tstats count dc(Processes.process_id) values(Processes.dest) from datamodel=Endpoint.Processes "
       "where Processes.process_name=cmd.exe Processes.parent_process_name!=unknown by Processes.parent_process_name",
       "tag=process tag=report process_name=cmd.exe parent_process_name=* | stats count dc(process_id) values(dest) "
       "by parent_process_name"},
      {"| tstats count min(_time) max(_time) from datamodel=Endpoint.Registry by Registry.action Registry.dest",
       "tag=endpoint tag=registry | stats count min(_time) max(_time) by action dest"},
      {"| tstats count from datamodel=Endpoint.Filesystem by _time span=1d",
       "tag=endpoint tag=filesystem | bin _time span=1d | stats count by _time"},
      {"| tstats count from datamodel=Network_Traffic.All_Traffic where All_Traffic.dest_port IN (443, 80) "
       "by All_Traffic.dest_ip All_Traffic.dest_port",
       "tag=network tag=communicate dest_port IN (443, 80) | stats count by dest_ip dest_port"},
      {"| tstats count from datamodel=Endpoint.Processes where NOT Processes.user=*SYSTEM* Processes.user!=unknown by Processes.user",
       "tag=process tag=report user=* NOT user=*SYSTEM* | stats count by user"},
      {"| tstats count where index=main by sourcetype", "index=main | stats count by sourcetype"},
  };
  for (const auto& p : pairs) {
    INFO(std::string(p.tstats));
    CHECK(rows_of(run(*s, p.tstats)) == rows_of(run(*s, p.stats)));
  }
}

TEST_CASE("ESCU detections run verbatim over the shared logs") {
  cli::Session* s = shared_session();
  if (!s) {
    MESSAGE("skipped: ../shared/data/evtx-attack-samples is absent");
    return;
  }
  // Deleting Shadow Copies (security_content, detections/endpoint/deleting_shadow_copies.yml).
  const std::string detection =
      "| tstats `security_content_summariesonly` count values(Processes.process) as process "
      "values(Processes.parent_process) as parent_process min(_time) as firstTime max(_time) as lastTime "
      "from datamodel=Endpoint.Processes where (Processes.process_name=vssadmin.exe OR Processes.process_name=wmic.exe) "
      "Processes.process=*delete* Processes.process=*shadow* by Processes.user Processes.process_name "
      "Processes.parent_process_name Processes.dest  | `drop_dm_object_name(Processes)` | "
      "`security_content_ctime(firstTime)`| `security_content_ctime(lastTime)` | `deleting_shadow_copies_filter`";
  Result r = run(*s, detection);
  REQUIRE(r.size() == 1);
  CHECK(r.get("user", 0).to_string() == "MSEDGEWIN10\\IEUser");
  CHECK(r.get("process_name", 0).to_string() == "vssadmin.exe");
  CHECK(r.get("dest", 0).to_string() == "MSEDGEWIN10");
  CHECK(r.get("firstTime", 0).to_string() == "2019-07-19T14:47:40");
  // Every ESCU tstats detection over an Endpoint dataset runs (or names what it lacks) without crashing.
  std::ifstream in(shared_dir() + "/corpus/queries.jsonl");
  std::size_t endpoint = 0, ran = 0;
  for (std::string line; std::getline(in, line);) {
    auto obj = corpus::detail::Reader(line).object();
    if (!obj || corpus::detail::first(*obj, "kind") != "tstats") continue;
    const std::string spl = corpus::detail::first(*obj, "spl");
    if (corpus::detail::first(*obj, "repo") != "splunk/security_content" || spl.find("datamodel=Endpoint.") == std::string::npos)
      continue;
    ++endpoint;
    ran += s->run(spl).ok;
  }
  CHECK(endpoint == 748);
  CHECK(ran * 100 >= endpoint * 95);
}
