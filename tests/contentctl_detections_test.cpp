// `spelunk test` over real security_content detections (../shared/corpus/security_content, read at
// test time; skipped with a message when it is absent), each with attack data generated here in
// Splunk's one-line XML at the URL path the detection names (given with --attack-data): with the
// data the test passes, with data just below the detection's threshold it fails, with the file
// absent it is an error naming the path.
#include <doctest/doctest.h>
#include <pugixml.hpp>

#include <filesystem>

#include "cli/contentctl/detection_runner.hpp"
#include "contentctl_events.hpp"
#include "runner_util.hpp"

using namespace spelunk;
using spelunk::test::ScratchDir;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string detection(const std::string& rel) {
  return test::shared_dir() + "/corpus/security_content/detections/" + rel;
}

bool have_corpus() {
  if (fs::exists(detection("endpoint/deleting_shadow_copies.yml"))) return true;
  MESSAGE("skipped: ../shared/corpus/security_content is not here");
  return false;
}

// An attack data tree: files at the paths of splunk/attack_data URLs.
struct AttackTree {
  ScratchDir dir{"cc-attack"};
  std::string put(const std::string& url, const std::string& text) const {
    REQUIRE(url.starts_with(cli::contentctl::kAttackDataUrl));
    return dir.write(url.substr(cli::contentctl::kAttackDataUrl.size()), text);
  }
  std::string root() const { return dir.path.string(); }
};

const std::string kShadowCopiesData = std::string(cli::contentctl::kAttackDataUrl) +
                                      "datasets/attack_techniques/T1490/atomic_red_team/windows-sysmon.log";
const std::string kTaskkillData = std::string(cli::contentctl::kAttackDataUrl) + "datasets/malware/xmrig_miner/windows-sysmon.log";
const std::string kTerminationData = std::string(cli::contentctl::kAttackDataUrl) + "datasets/malware/clop/clop_a/windows-sysmon.log";
const std::string kDnsAdminsData = std::string(cli::contentctl::kAttackDataUrl) +
                                   "datasets/attack_techniques/T1098/dnsadmins_member_added/windows-security.log";

std::string lines(const std::vector<test::WinEvent>& events) {
  std::string out;
  for (std::size_t i = 0; i < events.size(); ++i) out += events[i].line(static_cast<int>(i + 1));
  return out;
}

// n taskkill.exe runs from one parent within one minute (the detection: count >= 10 per 1m span).
std::string taskkill_runs(int n) {
  std::vector<test::WinEvent> events;
  for (int i = 0; i < n; ++i)
    events.push_back(test::sysmon_process(test::at_second(i * 5 % 60), "C:\\Windows\\System32\\taskkill.exe",
                                          "taskkill /f /im proc" + std::to_string(i) + ".exe",
                                          "C:\\Users\\eve\\AppData\\Local\\Temp\\miner.exe"));
  events.push_back(test::sysmon_process(test::at_second(30, 5), "C:\\Windows\\System32\\notepad.exe", "notepad"));
  return lines(events);
}

// n Sysmon process terminations (EventCode 5) by one process within one 3 s bucket (the
// detection: count >= 15 by _time dest EventCode ProcessID).
std::string terminations(int n, bool with_image = true) {
  std::vector<test::WinEvent> events;
  for (int i = 0; i < n; ++i) {
    test::WinEvent e;
    e.event_id = 5;
    e.time = test::at_second(i % 3);
    e.data = {{"ProcessGuid", "{00000000-0000-0000-0000-00000000000" + std::to_string(i % 10) + "}"},
              {"ProcessId", std::to_string(1000 + i)}};
    if (with_image) e.data.emplace_back("Image", "C:\\Program Files\\App\\worker" + std::to_string(i) + ".exe");
    events.push_back(e);
  }
  return lines(events);
}

test::WinEvent security_4732(const std::string& group) {
  test::WinEvent e;
  e.channel = "Security";
  e.provider = "Microsoft-Windows-Security-Auditing";
  e.event_id = 4732;
  e.computer = "DC-1.corp.example.com";
  e.data = {{"MemberName", "-"},
            {"MemberSid", "S-1-5-21-1-2-3-1105"},
            {"TargetUserName", group},
            {"TargetDomainName", "CORP"},
            {"TargetSid", "S-1-5-21-1-2-3-1101"},
            {"SubjectUserSid", "S-1-5-21-1-2-3-500"},
            {"SubjectUserName", "eve"},
            {"SubjectDomainName", "CORP"},
            {"SubjectLogonId", "0x3e7"}};
  return e;
}

test::CliRun run_test(const AttackTree& tree, std::vector<std::string> args) {
  std::vector<std::string> all{"test", "--attack-data", tree.root()};
  all.insert(all.end(), args.begin(), args.end());
  return test::run_spelunk(all);
}

}  // namespace

TEST_CASE("real detection, tstats: Deleting Shadow Copies passes on its data, fails without, errors when absent") {
  if (!have_corpus()) return;
  const std::string file = detection("endpoint/deleting_shadow_copies.yml");
  AttackTree tree;
  tree.put(kShadowCopiesData,
           lines({test::sysmon_process(test::at_second(1), "C:\\Windows\\System32\\vssadmin.exe",
                                       "vssadmin.exe delete shadows /all /quiet"),
                  test::sysmon_process(test::at_second(2), "C:\\Windows\\System32\\notepad.exe", "notepad x.txt")}));
  auto pass = run_test(tree, {file});
  INFO(pass.out << pass.err);
  CHECK(pass.status == 0);
  CHECK(contains(pass.out, "PASS "));
  CHECK(contains(pass.out, "Deleting Shadow Copies / True Positive Test"));
  CHECK(contains(pass.out, "1 passed, 0 failed, 0 errors (1 tests"));

  // Just below: vssadmin runs, but lists the shadows instead of deleting them.
  tree.put(kShadowCopiesData, lines({test::sysmon_process(test::at_second(1), "C:\\Windows\\System32\\vssadmin.exe",
                                                          "vssadmin.exe list shadows")}));
  auto fail = run_test(tree, {file});
  INFO(fail.out);
  CHECK(fail.status == 1);
  CHECK(contains(fail.out, "FAIL "));
  CHECK(contains(fail.out, "the search returned no rows"));

  fs::remove(tree.dir.path / "datasets/attack_techniques/T1490/atomic_red_team/windows-sysmon.log");
  auto absent = run_test(tree, {file});
  INFO(absent.out);
  CHECK(absent.status == 1);
  CHECK(contains(absent.out, "ERROR"));
  CHECK(contains(absent.out, "attack data not found: " + tree.root() +
                                 "/datasets/attack_techniques/T1490/atomic_red_team/windows-sysmon.log"));
  CHECK(contains(absent.out, "git lfs pull --include=datasets/attack_techniques/T1490/atomic_red_team/windows-sysmon.log"));
}

TEST_CASE("real detection, tstats with a threshold: Excessive Usage Of Taskkill at 10 and at 9 runs a minute") {
  if (!have_corpus()) return;
  const std::string file = detection("endpoint/excessive_usage_of_taskkill.yml");
  AttackTree tree;
  tree.put(kTaskkillData, taskkill_runs(10));
  auto pass = run_test(tree, {file});
  INFO(pass.out << pass.err);
  CHECK(pass.status == 0);
  CHECK(contains(pass.out, "PASS "));
  tree.put(kTaskkillData, taskkill_runs(9));
  auto fail = run_test(tree, {file});
  INFO(fail.out);
  CHECK(fail.status == 1);
  CHECK(contains(fail.out, "the search returned no rows"));
}

TEST_CASE("real detection, raw search: High Process Termination Frequency at 15 and 14, and its threat object") {
  if (!have_corpus()) return;
  const std::string file = detection("endpoint/high_process_termination_frequency.yml");
  AttackTree tree;
  tree.put(kTerminationData, terminations(15));
  auto pass = run_test(tree, {file});
  INFO(pass.out << pass.err);
  CHECK(pass.status == 0);
  CHECK(contains(pass.out, "PASS "));
  CHECK(contains(pass.out, "       1 rows"));

  tree.put(kTerminationData, terminations(14));
  auto below = run_test(tree, {file});
  INFO(below.out);
  CHECK(below.status == 1);
  CHECK(contains(below.out, "the search returned no rows"));

  // Enough terminations, but no Image: the row comes back without its threat object
  // (proc_terminated, role Attacker), which contentctl fails; the rows are shown.
  tree.put(kTerminationData, terminations(15, false));
  auto no_image = run_test(tree, {file});
  INFO(no_image.out);
  CHECK(no_image.status == 1);
  CHECK(contains(no_image.out, "threat object field proc_terminated null in every row"));
  CHECK(contains(no_image.out, "| rows:"));
  CHECK(contains(no_image.out, "WS-1.corp.example.com"));
}

TEST_CASE("real detection over the Security log (sourcetype XmlWinEventLog): DnsAdmins New Member Added") {
  if (!have_corpus()) return;
  const std::string file = detection("endpoint/windows_dnsadmins_new_member_added.yml");
  AttackTree tree;
  tree.put(kDnsAdminsData, lines({security_4732("DnsAdmins")}));
  auto pass = run_test(tree, {file});
  INFO(pass.out << pass.err);
  CHECK(pass.status == 0);
  tree.put(kDnsAdminsData, lines({security_4732("Backup Operators")}));
  auto fail = run_test(tree, {file});
  CHECK(fail.status == 1);
  CHECK(contains(fail.out, "the search returned no rows"));
}

TEST_CASE("spelunk test over several real detections: one line each, skips, JUnit, summary, exit status") {
  if (!have_corpus()) return;
  AttackTree tree;
  tree.put(kShadowCopiesData, lines({test::sysmon_process(test::at_second(1), "C:\\Windows\\System32\\vssadmin.exe",
                                                          "vssadmin.exe delete shadows /all /quiet")}));
  tree.put(kTaskkillData, taskkill_runs(9));
  // High Process Termination Frequency's data is absent; the manual test is skipped.
  const std::string manual = test::shared_dir() + "/corpus/security_content/detections/network/detect_remote_access_software_usage_dns.yml";
  ScratchDir out("cc-junit");
  auto run = run_test(tree, {"--junit", out.file("junit.xml"), detection("endpoint/deleting_shadow_copies.yml"),
                             detection("endpoint/excessive_usage_of_taskkill.yml"),
                             detection("endpoint/high_process_termination_frequency.yml"), manual});
  INFO(run.out << run.err);
  CHECK(run.status == 1);
  CHECK(contains(run.out, "1 passed, 1 failed, 1 errors, 1 skipped (4 tests"));
  CHECK(contains(run.out, "SKIP "));
  CHECK(contains(run.out, "manual_test: This detection uses A&I lookups from Enterprise Security."));
  pugi::xml_document doc;
  REQUIRE(doc.load_file(out.file("junit.xml").c_str()));
  auto suites = doc.child("testsuites");
  CHECK(suites.attribute("tests").as_int() == 4);
  CHECK(suites.attribute("failures").as_int() == 1);
  CHECK(suites.attribute("errors").as_int() == 1);
  CHECK(suites.attribute("skipped").as_int() == 1);
  CHECK(doc.select_node("//testcase/skipped[@message]"));
}

TEST_CASE("a repository of its own: macros/, lookups/, a malformed file beside good ones, shared data") {
  ScratchDir repo("cc-ownrepo");
  // The repository's own macro and lookup, used by its detection.
  repo.write("macros/my_sysmon.yml", "name: my_sysmon\ndefinition: source=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\"\n");
  repo.write("lookups/tools.yml", "name: tools\nfilename: tools.csv\nmatch_type: WILDCARD(tool)\ncase_sensitive_match: 'false'\n");
  repo.write("lookups/tools.csv", "tool,verdict\n*vssadmin.exe,bad\n");
  repo.write("data/a.log", lines({test::sysmon_process(test::at_second(1), "C:\\Windows\\System32\\VSSADMIN.exe", "vssadmin list shadows")}));
  repo.write("data/b.log", lines({test::sysmon_process(test::at_second(2), "C:\\Windows\\System32\\cmd.exe", "cmd /c whoami")}));
  const std::string test_entry = "  attack_data:\n  - data: data/a.log\n    source: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\n"
                                 "    sourcetype: xmlwineventlog\n";
  repo.write("detections/endpoint/good.yml",
             "name: Good\nstatus: production\ntype: TTP\n"
             "search: '`my_sysmon` EventCode=1 | eval tool=Image | lookup tools tool OUTPUT verdict | search verdict=bad"
             " | stats count by dest | `good_filter`'\n"
             "tags:\n  observable:\n  - name: dest\n    type: Hostname\n    role:\n    - Victim\n"
             "tests:\n- name: one file\n" + test_entry +
             "- name: same file again\n" + test_entry +
             "- name: two files\n" + test_entry + "  - data: data/b.log\n    source: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\n"
             "    sourcetype: xmlwineventlog\n");
  repo.write("detections/endpoint/counts.yml",
             "name: Counts both files\nstatus: production\ntype: Hunting\n"
             "search: '`my_sysmon` | stats count | where count=2'\n"
             "tests:\n- name: two files\n" + test_entry + "  - data: data/b.log\n    source: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\n"
             "    sourcetype: xmlwineventlog\n");
  repo.write("detections/endpoint/broken.yml", "name: Broken\nsearch: 'unclosed\ntags: [\n");
  repo.write("detections/endpoint/nosearch.yml", "name: No search\ndescription: x\n");
  repo.write("detections/endpoint/experimental.yml",
             "name: Experimental\nstatus: experimental\nsearch: '| makeresults'\ntests:\n- name: t\n" + test_entry);
  auto run = test::run_spelunk({"test", repo.path.string()});
  INFO(run.out << run.err);
  CHECK(run.status == 1);
  CHECK(contains(run.out, "4 passed, 0 failed, 2 errors, 1 skipped (7 tests"));
  CHECK(contains(run.out, repo.file("detections/endpoint/broken.yml") + ":"));
  CHECK(contains(run.out, "not valid YAML"));
  CHECK(contains(run.out, repo.file("detections/endpoint/nosearch.yml") + ":1: no `search:`"));
  CHECK(contains(run.out, "detection status is experimental: contentctl tests production detections only"));
}

TEST_CASE("--searches-only: every search of real detections runs over no events") {
  if (!have_corpus()) return;
  auto run = test::run_spelunk({"test", "--searches-only", "--lookups", test::shared_dir() + "/corpus/security_content_lookups",
                                detection("endpoint/deleting_shadow_copies.yml"),
                                detection("endpoint/high_process_termination_frequency.yml"),
                                detection("endpoint/windows_dnsadmins_new_member_added.yml")});
  INFO(run.out << run.err);
  CHECK(run.status == 0);
  CHECK(contains(run.out, "3 passed, 0 failed, 0 errors (3 tests"));
  CHECK(contains(run.out, "/ search runs"));
}

TEST_CASE("benign data at every URL stays quiet: four real detections, raw and tstats, return no row") {
  if (!have_corpus()) return;
  // An ordinary workstation: shells, editors, browsers, a few process exits, a logon, a group
  // change that is not DnsAdmins. Each detection reads it at its own URL, with its test's
  // source and sourcetype, and must not fire.
  std::vector<test::WinEvent> sysmon;
  const char* images[] = {"explorer.exe", "notepad.exe", "chrome.exe", "svchost.exe", "cmd.exe", "powershell.exe"};
  for (int i = 0; i < 30; ++i) {
    const std::string image = std::string("C:\\Windows\\System32\\") + images[i % 6];
    sysmon.push_back(test::sysmon_process(test::at_second(i * 2 % 60, i / 30), image,
                                          image + " --session " + std::to_string(i)));
  }
  for (int i = 0; i < 5; ++i) {  // a few exits, far below the termination threshold
    test::WinEvent e;
    e.event_id = 5;
    e.time = test::at_second(i);
    e.data = {{"ProcessGuid", "{00000000-0000-0000-0000-000000000001}"},
              {"ProcessId", std::to_string(2000 + i)},
              {"Image", "C:\\Windows\\System32\\notepad.exe"}};
    sysmon.push_back(e);
  }
  AttackTree tree;
  for (const auto& url : {kShadowCopiesData, kTaskkillData, kTerminationData}) tree.put(url, lines(sysmon));
  tree.put(kDnsAdminsData, lines({security_4732("Backup Operators"), security_4732("Remote Desktop Users")}));
  auto run = run_test(tree, {detection("endpoint/deleting_shadow_copies.yml"), detection("endpoint/excessive_usage_of_taskkill.yml"),
                             detection("endpoint/high_process_termination_frequency.yml"),
                             detection("endpoint/windows_dnsadmins_new_member_added.yml")});
  INFO(run.out << run.err);
  CHECK(run.status == 1);  // contentctl's verdict on a quiet detection is a failed test
  CHECK(contains(run.out, "0 passed, 4 failed, 0 errors (4 tests"));
  std::size_t quiet = 0;
  for (std::size_t at = 0; (at = run.out.find("the search returned no rows", at)) != std::string::npos; ++at) ++quiet;
  CHECK(quiet == 4);
}
