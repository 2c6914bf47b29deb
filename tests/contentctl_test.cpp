// Detections in Splunk's own YAML format (security_content), tested as contentctl tests them:
// the YAML reader, repository macros and lookups, attack data locations, contentctl's verdict,
// per-input source/sourcetype, and whole runs of `spelunk test` over real detections with
// attack data generated at the paths they name.
#include <doctest/doctest.h>
#include <pugixml.hpp>

#include <filesystem>

#include "cli/contentctl/detection_runner.hpp"
#include "cli/contentctl/detection_yaml.hpp"
#include "cli/contentctl/repository.hpp"
#include "cli/session.hpp"
#include "contentctl_events.hpp"
#include "runner_util.hpp"
#include "storage/store_concat.hpp"

using namespace spelunk;
using namespace spelunk::cli;
using namespace spelunk::cli::contentctl;
using spelunk::test::ScratchDir;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const char* kDetection = R"(name: Suspicious Thing
id: 0000-1111
status: production
type: TTP
search: '| tstats count from datamodel=Endpoint.Processes by Processes.dest
  | `drop_dm_object_name(Processes)`'
tags:
  observable:
  - name: dest
    type: Hostname
    role:
    - Victim
  - name: process_name
    type: Process
    role:
    - Attacker
  - name: other
    type: Other
    role:
    - Other
tests:
- name: True Positive Test
  attack_data:
  - data: https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/x/windows-sysmon.log
    source: XmlWinEventLog:Microsoft-Windows-Sysmon/Operational
    sourcetype: xmlwineventlog
    update_timestamp: true
- name: second
  attack_data:
  - data: local/file.log
    source: s
)";

}  // namespace

// ------------------------------------------------------------------ the YAML reader

TEST_CASE("detection YAML: search, tests, attack data and the observables' roles") {
  auto read = parse_detection(kDetection, "det.yml");
  REQUIRE(read.detection);
  const DetectionSpec& d = *read.detection;
  CHECK(read.problems.empty());
  CHECK(d.name == "Suspicious Thing");
  CHECK(d.status == "production");
  CHECK(d.type == "TTP");
  CHECK(d.search == "| tstats count from datamodel=Endpoint.Processes by Processes.dest | `drop_dm_object_name(Processes)`");
  CHECK(d.search_line == 5);
  CHECK(d.risk_object_fields == std::vector<std::string>{"dest"});
  CHECK(d.threat_object_fields == std::vector<std::string>{"process_name"});
  CHECK(!d.manual_test);
  REQUIRE(d.tests.size() == 2);
  CHECK(d.tests[0].name == "True Positive Test");
  CHECK(d.tests[0].line == 22);
  CHECK(d.tests[0].problem == "");
  REQUIRE(d.tests[0].attack_data.size() == 1);
  CHECK(d.tests[0].attack_data[0].sourcetype == "xmlwineventlog");
  CHECK(d.tests[0].attack_data[0].source == "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational");
  CHECK(d.tests[0].attack_data[0].update_timestamp);
  CHECK(d.tests[0].attack_data[0].line == 24);
  // The second test lacks sourcetype: that test (only) is malformed, with its line.
  CHECK(d.tests[1].problem == "det.yml:30: `attack_data:` entry has no `sourcetype:`");
}

TEST_CASE("detection YAML: rba (contentctl 5) risk and threat objects, manual_test") {
  auto read = parse_detection(R"(name: x
status: production
search: '`sysmon` EventCode=1'
rba:
  message: m
  risk_objects:
  - field: dest
    type: system
    score: 20
  - field: user
    type: user
    score: 20
  threat_objects:
  - field: process_name
    type: process_name
tags:
  manual_test: needs a baseline first
)",
                              "r.yml");
  REQUIRE(read.detection);
  CHECK(read.detection->risk_object_fields == std::vector<std::string>{"dest", "user"});
  CHECK(read.detection->threat_object_fields == std::vector<std::string>{"process_name"});
  CHECK(read.detection->manual_test == "needs a baseline first");
  CHECK(read.detection->tests.empty());
}

TEST_CASE("detection YAML: malformed files and missing searches are named with file:line") {
  auto bad = parse_detection("name: x\nsearch: 'unclosed\ntests:\n  - [\n", "bad.yml");
  CHECK(!bad.detection);
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems[0].starts_with("bad.yml:"));
  CHECK(contains(bad.problems[0], "not valid YAML"));

  auto indent = parse_detection("name: x\nsearch: a\n  tags: b\n c: d\n", "indent.yml");
  CHECK(!indent.detection);
  REQUIRE(!indent.problems.empty());
  CHECK(contains(indent.problems[0], "not valid YAML"));

  auto none = parse_detection("name: x\ndescription: no search here\n", "none.yml");
  CHECK(!none.detection);
  CHECK(none.problems == std::vector<std::string>{"none.yml:1: no `search:`: not a detection (contentctl needs `search:` and `name:`)"});

  auto empty = parse_detection("name: x\nsearch:\ntests: []\n", "empty.yml");
  CHECK(!empty.detection);
  CHECK(empty.problems == std::vector<std::string>{"empty.yml:2: `search:` is empty"});

  auto list = parse_detection("name: x\nsearch:\n  - a\n  - b\n", "list.yml");
  CHECK(!list.detection);
  CHECK(list.problems == std::vector<std::string>{"list.yml:3: `search:` must be text, found a list"});

  auto scalar = parse_detection("just text", "scalar.yml");
  CHECK(!scalar.detection);
  CHECK(scalar.problems == std::vector<std::string>{"scalar.yml:1: expected a YAML mapping (`key: value` lines), found text"});

  auto tests = parse_detection("name: x\nsearch: a\ntests:\n  name: not a list\n", "t.yml");
  REQUIRE(tests.detection);
  REQUIRE(tests.detection->tests.size() == 1);
  CHECK(tests.detection->tests[0].problem == "t.yml:4: `tests:` must be a list, found a mapping");
}

TEST_CASE("detection YAML: hostile input is refused, never a crash") {
  // Deep nesting: yaml-cpp's depth guard stops it.
  std::string deep = "search: a\nx: " + std::string(100000, '[') + "\n";
  auto d = parse_detection(deep, "deep.yml");
  CHECK(!d.detection);
  REQUIRE(!d.problems.empty());
  CHECK(d.problems[0].starts_with("deep.yml:"));
  // Binary garbage, NUL bytes, invalid UTF-8.
  std::string garbage("\x00\xff\xfe{{[: \x01\x02\n\x80search: x", 22);
  auto g = parse_detection(garbage, "g.yml");
  CHECK(!g.detection);
  CHECK(!g.problems.empty());
  // Aliases are shared nodes, not expanded copies (a billion-laughs file stays small).
  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                       "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                       "search: '| makeresults'\n";
  auto l = parse_detection(laughs, "l.yml");
  CHECK(l.detection);
}

TEST_CASE("macros/*.yml and lookups/*.yml: the repository's own knowledge") {
  ScratchDir dir("cc-repo");
  dir.write("macros/my_ctime.yml", "arguments:\n  - field\ndefinition: 'convert timeformat=\"%Y\" ctime($field$)'\nname: my_ctime\n");
  dir.write("macros/win_procs.yml", "definition: EventCode=1\ndescription: d\nname: win_procs\n");
  dir.write("macros/broken.yml", "name: [unclosed\n");
  dir.write("macros/nodef.yml", "name: nodef\n");
  dir.write("lookups/bad_tools.yml",
            "name: bad_tools\nfilename: bad_tools.csv\nmatch_type: WILDCARD(tool)\ncase_sensitive_match: 'false'\n"
            "min_matches: 1\ndefault_match: 'false'\n");
  dir.write("lookups/bad_tools.csv", "tool,is_bad\n*mimikatz*,true\n");
  dir.write("lookups/kv.yml", "name: kv\ncollection: kv\nfields_list: a, b\n");
  dir.write("lookups/odd.yml", "name: odd\nfilename: odd.csv\nmin_matches: many\n");

  MacroTable macros;
  auto problems = load_yaml_macros(dir.file("macros"), macros);
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].starts_with(dir.file("macros/broken.yml") + ":1: not valid YAML"));
  CHECK(problems[1] == dir.file("macros/nodef.yml") + ":1: macro `nodef` has no `definition:`");
  REQUIRE(macros.find("my_ctime", 1));
  CHECK(macros.find("my_ctime", 1)->args == std::vector<std::string>{"field"});
  CHECK(macros.find("win_procs", 0)->definition == "EventCode=1");

  Knowledge knowledge;
  auto lookup_problems = load_yaml_lookups(dir.file("lookups"), knowledge);
  REQUIRE(lookup_problems.size() == 1);
  CHECK(lookup_problems[0] == dir.file("lookups/odd.yml") + ":1: [odd] min_matches = many is not understood");
  const auto& defs = knowledge.lookup_definitions();
  REQUIRE(defs.count("bad_tools"));
  CHECK(defs.at("bad_tools").case_sensitive == false);
  CHECK(defs.at("bad_tools").min_matches == 1);
  CHECK(defs.at("bad_tools").default_match == "false");
  CHECK(defs.at("bad_tools").match_type("tool") == LookupDefinition::MatchType::Wildcard);
  CHECK(defs.at("bad_tools").origin == dir.file("lookups/bad_tools.yml") + ":1");
  CHECK(defs.at("kv").kind == LookupDefinition::Kind::KvStore);

  // Through a session: the macro expands, the lookup matches case-insensitively by wildcard.
  Session session;
  session.set_store(std::make_shared<const Store>());
  REQUIRE(session.load_content({{dir.file("macros")}, {dir.file("lookups")}}).size() == 3);
  auto out = session.run("| makeresults | eval tool=\"C:\\\\MIMIKATZ.exe\", t=0 | `my_ctime(t)` "
                         "| lookup bad_tools tool OUTPUT is_bad | table tool is_bad t");
  INFO(out.error);
  REQUIRE(out.ok);
  CHECK(out.result.get("is_bad", 0).str == "true");
  CHECK(out.result.get("t", 0).str == "1970");
}

TEST_CASE("repository root and the detection files of a folder") {
  ScratchDir dir("cc-layout");
  dir.write("repo/detections/endpoint/a.yml", "search: x\n");
  dir.write("repo/detections/cloud/b.yaml", "search: x\n");
  dir.write("repo/macros/m.yml", "name: m\ndefinition: x\n");
  dir.write("repo/stories/s.yml", "name: s\n");
  dir.write("loose/c.yml", "search: x\n");
  dir.write("loose/lookups/l.yml", "name: l\n");
  namespace fs = std::filesystem;
  auto canonical = [](const std::string& p) { return fs::weakly_canonical(p).string(); };
  CHECK(canonical(*find_repository_root(dir.file("repo/detections/endpoint/a.yml"))) == canonical(dir.file("repo")));
  CHECK(canonical(*find_repository_root(dir.file("loose/c.yml"))) == canonical(dir.file("loose")));
  auto dirs = content_dirs_of_root(dir.file("repo"));
  CHECK(dirs.macro_dirs == std::vector<std::string>{dir.file("repo/macros")});
  CHECK(dirs.lookup_dirs.empty());

  // A repository checkout: only what is under detections/ (not macros/, stories/).
  auto files = find_detection_files(dir.file("repo"));
  CHECK(files == std::vector<std::string>{dir.file("repo/detections/cloud/b.yaml"), dir.file("repo/detections/endpoint/a.yml")});
  // A plain folder: every YAML file.
  CHECK(find_detection_files(dir.file("loose")).size() == 2);
}

TEST_CASE("attack data: URL to --attack-data path, missing file and LFS pointer named with the fix") {
  ScratchDir dir("cc-data");
  const std::string url = std::string(kAttackDataUrl) + "datasets/attack_techniques/T1003/x/windows-sysmon.log";
  auto no_dir = locate_attack_data(url, "d.yml", std::nullopt, std::nullopt);
  CHECK(no_dir.path.empty());
  CHECK(contains(no_dir.problem, "give a local checkout with --attack-data DIR"));
  CHECK(contains(no_dir.problem, "git lfs pull --include=datasets/attack_techniques/T1003/x/windows-sysmon.log"));

  auto missing = locate_attack_data(url, "d.yml", std::nullopt, dir.path.string());
  CHECK(missing.path.empty());
  CHECK(contains(missing.problem, "attack data not found: " + dir.file("datasets/attack_techniques/T1003/x/windows-sysmon.log")));
  CHECK(contains(missing.problem, "git lfs pull"));

  dir.write("datasets/attack_techniques/T1003/x/windows-sysmon.log", "<Event/>\n");
  CHECK(locate_attack_data(url, "d.yml", std::nullopt, dir.path.string()).path ==
        dir.file("datasets/attack_techniques/T1003/x/windows-sysmon.log"));
  // The raw.githubusercontent.com form of the same file.
  CHECK(locate_attack_data("https://raw.githubusercontent.com/splunk/attack_data/master/datasets/attack_techniques/T1003/x/windows-sysmon.log",
                           "d.yml", std::nullopt, dir.path.string())
            .problem.empty());

  dir.write("datasets/lfs.log", "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n");
  auto pointer = locate_attack_data(std::string(kAttackDataUrl) + "datasets/lfs.log", "d.yml", std::nullopt, dir.path.string());
  CHECK(contains(pointer.problem, "is a Git LFS pointer"));

  auto elsewhere = locate_attack_data("https://example.com/x.log", "d.yml", std::nullopt, dir.path.string());
  CHECK(contains(elsewhere.problem, "outside splunk/attack_data"));

  // A path: relative to the repository root, then to the detection's folder.
  dir.write("repo/data/local.log", "x\n");
  CHECK(locate_attack_data("data/local.log", dir.file("repo/detections/d.yml"), dir.file("repo"), std::nullopt).path ==
        dir.file("repo/data/local.log"));
  auto lost = locate_attack_data("data/none.log", dir.file("repo/detections/d.yml"), dir.file("repo"), std::nullopt);
  CHECK(contains(lost.problem, "attack data not found: data/none.log (tried " + dir.file("repo/data/none.log")));
}

// ------------------------------------------------------------------ contentctl's verdict

TEST_CASE("contentctl verdict: rows, risk objects in order, threat objects in some row") {
  auto table = [](std::vector<std::vector<std::string>> rows) {
    Result r = Result::table({"dest", "user", "process_name"});
    for (auto& row : rows) {
      std::vector<Value> values;
      for (auto& v : row) values.push_back(v == "<null>" ? Value::null() : Value::of(v));
      r.add_row(std::move(values));
    }
    return r;
  };
  const std::vector<std::string> risk{"dest", "user"}, threat{"process_name"};
  CHECK(contentctl_verdict(table({}), risk, threat, false).status == TestStatus::Fail);
  CHECK(contains(contentctl_verdict(table({}), risk, threat, false).message, "no rows"));
  CHECK(contentctl_verdict(table({{"h", "u", "p"}}), risk, threat, false).status == TestStatus::Pass);
  // A risk object null in the first row fails.
  auto v = contentctl_verdict(table({{"h", "<null>", "p"}}), risk, threat, false);
  CHECK(v.status == TestStatus::Fail);
  CHECK(v.message == "row 1: risk object field user missing (null) in the detection results");
  // The text "null" counts as missing (contentctl reads result.get(field, "null")).
  CHECK(contentctl_verdict(table({{"null", "u", "p"}}), risk, threat, false).status == TestStatus::Fail);
  // A field the results lack entirely.
  CHECK(contains(contentctl_verdict(table({{"h", "u", "p"}}), {"dest", "src"}, threat, false).message, "src"));
  // The threat object missing in row 1 but present in row 2: passes at row 2.
  CHECK(contentctl_verdict(table({{"h", "u", "<null>"}, {"h", "u", "p"}}), risk, threat, false).status == TestStatus::Pass);
  // ... but a risk object missing in row 2 (reached because row 1 lacked the threat object) fails.
  CHECK(contentctl_verdict(table({{"h", "u", "<null>"}, {"h", "<null>", "p"}}), risk, threat, false).status ==
        TestStatus::Fail);
  // The threat object null in every row.
  auto t = contentctl_verdict(table({{"h", "u", "<null>"}, {"h", "u", "<null>"}}), risk, threat, false);
  CHECK(t.status == TestStatus::Fail);
  CHECK(t.message == "threat object field process_name null in every row");
  // contentctl stops at the first complete row; --strict-risk-objects reads every row.
  auto later_null = table({{"h", "u", "p"}, {"h", "<null>", "p"}});
  CHECK(contentctl_verdict(later_null, risk, threat, false).status == TestStatus::Pass);
  auto strict = contentctl_verdict(later_null, risk, threat, true);
  CHECK(strict.status == TestStatus::Fail);
  CHECK(strict.message == "row 2: risk object field user missing (null) in the detection results");
  // No risk or threat objects (a hunting search): one row passes.
  CHECK(contentctl_verdict(table({{"<null>", "<null>", "<null>"}}), {}, {}, false).status == TestStatus::Pass);
}

// ------------------------------------------------------------------ source and sourcetype per input

TEST_CASE("ingest: a test's source and sourcetype are forced on its events and key the knowledge") {
  ScratchDir dir("cc-meta");
  // Sysmon events under a channel the shipped knowledge does not know: only the forced source
  // puts them in Endpoint.Processes.
  test::WinEvent e = test::sysmon_process(test::at_second(1), "C:\\Windows\\System32\\vssadmin.exe",
                                          "vssadmin.exe delete shadows /all /quiet");
  e.channel = "Renamed-Channel";
  const std::string file = dir.write("sysmon.log", e.line(1) + e.line(2));

  auto session_over = [&](InputMetadata metadata) {
    IngestReport report;
    auto store = ingest_inputs({{file, metadata}}, {}, report);
    REQUIRE(store);
    auto s = std::make_unique<Session>();
    s->load_props({});
    s->set_store(store);
    return s;
  };
  const std::string tstats = "| tstats count from datamodel=Endpoint.Processes by sourcetype source";
  auto derived = session_over({});
  auto plain = derived->run(tstats);
  REQUIRE(plain.ok);
  CHECK(plain.result.size() == 0);
  CHECK(derived->run("sourcetype=\"XmlWinEventLog:Renamed-Channel\"").result.size() == 2);

  auto forced = session_over({"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "xmlwineventlog"});
  auto rows = forced->run(tstats);
  INFO(rows.error);
  REQUIRE(rows.ok);
  REQUIRE(rows.result.size() == 1);
  CHECK(rows.result.get("count", 0).number == 2);
  CHECK(rows.result.get("sourcetype", 0).str == "xmlwineventlog");
  CHECK(rows.result.get("source", 0).str == "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational");
  // The forced values are the store's own (dictionary-encoded like any field): searches see them.
  CHECK(forced->run("sourcetype=xmlwineventlog process_name=vssadmin.exe").result.size() == 2);
  CHECK(forced->run("source=\"XmlWinEventLog:Renamed-Channel\"").result.size() == 0);

  // The JSON reader: the forced metadata beats the record's own source.
  const std::string json = dir.write("events.json",
                                     "{\"source\":\"own\",\"sourcetype\":\"own\",\"EventID\":\"1\",\"Channel\":\"X\"}\n");
  IngestReport report;
  auto store = ingest_inputs({{json, {"forced-source", "forced-type"}}}, {}, report);
  REQUIRE(store);
  REQUIRE(store->rows() == 1);
  CHECK(store->column("source")->dict().value(store->column("source")->values(0)[0]) == "forced-source");
  CHECK(store->column("sourcetype")->dict().value(store->column("sourcetype")->values(0)[0]) == "forced-type");
}

TEST_CASE("concatenate_stores: events, fields, aliases and raw texts of several stores") {
  ScratchDir dir("cc-concat");
  auto a = dir.write("a.log", test::sysmon_process(test::at_second(1), "C:\\a.exe", "a").line(1));
  test::WinEvent b = test::sysmon_process(test::at_second(2), "C:\\b.exe", "b");
  b.data.emplace_back("Extra", "only-in-b");
  auto bf = dir.write("b.log", b.line(2));
  IngestReport r1, r2;
  auto s1 = ingest_paths({a}, {}, r1);
  auto s2 = ingest_paths({bf}, {}, r2);
  Store both = concatenate_stores({s1.get(), s2.get()});
  REQUIRE(both.rows() == 2);
  CHECK(s1->rows() == 1);  // the parts stay untouched
  auto value = [&](const char* f, std::size_t row) {
    const Column* c = both.column(f);
    return c && !c->values(row).empty() ? std::string(c->dict().value(c->values(row)[0])) : std::string();
  };
  CHECK(value("Image", 0) == "C:\\a.exe");
  CHECK(value("Image", 1) == "C:\\b.exe");
  CHECK(value("Extra", 0) == "");
  CHECK(value("Extra", 1) == "only-in-b");
  CHECK(value("EventCode", 1) == "1");  // an alias, derived again
  CHECK(value("host", 0) == "WS-1.corp.example.com");
  CHECK(both.raw().get(1).find("only-in-b") != std::string::npos);
  CHECK(both.times()[1] > both.times()[0]);
}
