// `spelunk explain`: the expression tree, field provenance, command types, clause verdicts and
// nearest misses, over the seed's searches (queries/) and the repository's samples/.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/explain.hpp"
#include "cli/session.hpp"
#include "runner_util.hpp"

using namespace spelunk;
using namespace spelunk::cli;

namespace {

std::string source(const std::string& rel) { return std::string(SPELUNK_SOURCE_DIR) + "/" + rel; }

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One session per data path for the whole run (the sample is 3,000 events).
const Session& session_over(const std::string& data) {
  static std::map<std::string, std::unique_ptr<Session>> sessions;
  auto& s = sessions[data];
  if (!s) {
    s = std::make_unique<Session>();
    REQUIRE(s->load_props({}).empty());
    std::vector<std::string> messages;
    REQUIRE(s->load({data}, messages));
  }
  return *s;
}

const std::string kSample = source("samples/sysmon_sample.xml");
const std::string kBenign = source("queries/data/benign-admin.xml");

const ClauseReport* clause(const Explanation& x, const std::string& text) {
  for (const auto& c : x.clauses)
    if (c.text == text) return &c;
  return nullptr;
}

const FieldReport* field(const Explanation& x, const std::string& name) {
  for (const auto& f : x.fields)
    if (f.name == name) return &f;
  return nullptr;
}

// The line of props.conf that defines `key` (so the test does not hard-code line numbers).
// The line number of the `nth` (0-based) line of the shipped props.conf that starts with `key `.
std::size_t props_line(const std::string& key, std::size_t nth = 0) {
  std::istringstream in(read_text(source("conf/default/props.conf")));
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n)
    if (line.rfind(key + " ", 0) == 0 && nth-- == 0) return n;
  return 0;
}

}  // namespace

TEST_CASE("explain: the PowerShell seed search says Message is absent and only netstat can match") {
  ExplainOutcome o = session_over(kSample).explain(read_text(source("queries/T1049-powershell.spl")));
  REQUIRE_MESSAGE(o.ok, o.error);
  const Explanation& x = o.explanation;
  const FieldReport* message = field(x, "Message");
  REQUIRE(message);
  CHECK(message->source == FieldSource::Absent);
  // The tree: the top AND holds the sourcetype and an OR of 8 alternatives; only the first can match.
  REQUIRE(x.clauses.size() == 1 + 1 + 1 + 1 + 6 * 3 + 1);
  CHECK(x.clauses[0].kind == ClauseReport::Kind::And);
  const ClauseReport* netstat = clause(x, "process_name=\"netstat.exe\"");
  REQUIRE(netstat);
  CHECK(netstat->matches == 2);
  CHECK(x.matched == 2);
  CHECK(x.final_rows == 2);
  const ClauseReport* message_net = clause(x, "Message=\"*net*\"");
  REQUIRE(message_net);
  CHECK(message_net->matches == 0);
  bool only_netstat = false, absent = false;
  for (const auto& f : x.findings) {
    only_netstat |= f.rfind("only `process_name=\"netstat.exe\"` can match (of the 8 alternatives", 0) == 0 &&
                    f.find("the other 7 match no event: they need `Message`, which no event has") != std::string::npos;
    absent |= f.rfind("`Message` is absent from the data", 0) == 0;
  }
  CHECK(only_netstat);
  CHECK(absent);

  // The same through the command line, as a user sees it.
  auto run = test::run_spelunk({"explain", "-d", kSample, "-f", source("queries/T1049-powershell.spl")});
  CHECK(run.status == 0);
  CHECK(run.out.find("\n  Message       absent      no event has this field") != std::string::npos);
  CHECK(run.out.find("  - only `process_name=\"netstat.exe\"` can match") != std::string::npos);
  CHECK(run.out.find("sourcetype=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\" AND (process_name="
                     "\"netstat.exe\" OR (Message=\"*net*\" AND Message=\"*use*\") OR") != std::string::npos);
}

TEST_CASE("explain: fields name their props.conf rule with file and line") {
  ExplainOutcome o = session_over(kSample).explain(read_text(source("queries/T1049-sysmon.spl")));
  REQUIRE_MESSAGE(o.ok, o.error);
  const Explanation& x = o.explanation;
  const FieldReport* name = field(x, "process_name");
  REQUIRE(name);
  CHECK(name->source == FieldSource::Calculated);
  // Two stanzas define it: Sysmon's (the events here) and the Security log's (4688 / 4689).
  REQUIRE(name->origins.size() == 2);
  const std::size_t sysmon_line = props_line("EVAL-process_name", 0), security_line = props_line("EVAL-process_name", 1);
  REQUIRE(sysmon_line > 0);
  REQUIRE(security_line > sysmon_line);
  CHECK(name->origins[0].find("props.conf:" + std::to_string(sysmon_line) +
                              "  EVAL-process_name = case(EventCode == \"8\"") != std::string::npos);
  CHECK(name->origins[1].find("props.conf:" + std::to_string(security_line) +
                              "  EVAL-process_name = replace(case(EventCode == \"4688\"") != std::string::npos);
  const FieldReport* cmdline = field(x, "cmdline");
  REQUIRE(cmdline);
  CHECK(cmdline->source == FieldSource::Calculated);
  CHECK(cmdline->origins.at(0).find("props.conf:" + std::to_string(props_line("FIELDALIAS-cmdline")) +
                                    "  FIELDALIAS-cmdline = CommandLine AS cmdline") != std::string::npos);
  const FieldReport* sourcetype = field(x, "sourcetype");
  REQUIRE(sourcetype);
  CHECK(sourcetype->source == FieldSource::Extracted);
  CHECK(sourcetype->events == 3000);
  CHECK(x.matched == 7);
  CHECK(x.final_rows == 7);
}

TEST_CASE("explain: a search with no rows names the clause that removes the events and the nearest misses") {
  ExplainOutcome o = session_over(kBenign).explain(read_text(source("queries/T1049-sysmon.spl")));
  REQUIRE_MESSAGE(o.ok, o.error);
  const Explanation& x = o.explanation;
  CHECK(x.events == 4);
  CHECK(x.matched == 0);
  REQUIRE(x.removals.size() == 2);
  CHECK(x.clauses[x.removals[0].clause].kind == ClauseReport::Kind::Or);
  CHECK(x.removals[0].removed == 4);
  CHECK(x.removals[0].only == 4);
  CHECK(x.clauses[x.removals[1].clause].text == "sourcetype=\"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational\"");
  CHECK(x.removals[1].removed == 0);
  // Every event is one `process_name="netstat.exe"` away; `net view` and `net localgroup` are
  // one cmdline clause away from the net.exe branches.
  const ClauseReport* netstat = clause(x, "process_name=\"netstat.exe\"");
  REQUIRE(netstat);
  CHECK(x.near_miss_counts[static_cast<std::size_t>(netstat - &x.clauses[0])] == 4);
  std::size_t use_misses = 0;
  for (std::size_t i = 0; i < x.clauses.size(); ++i)
    if (x.clauses[i].text == "cmdline=\"*use*\"") use_misses += x.near_miss_counts[i];
  CHECK(use_misses == 2);
  REQUIRE(x.near_misses.size() == 4);
  // Newest first; each lists the clauses that alone keep it out, with the value compared.
  const NearMiss& ping = x.near_misses[0];
  REQUIRE(ping.clauses.size() == 3);
  CHECK(x.clauses[ping.clauses[0]].text == "process_name=\"netstat.exe\"");
  CHECK(ping.verdicts[0].values == std::vector<std::string>{"PING.EXE"});

  // Under NOT, a clause keeps an event out by matching: both `net ...` events are one clause away.
  ExplainOutcome negated = session_over(kBenign).explain("process_name=net.exe NOT cmdline=\"net*\"");
  REQUIRE(negated.ok);
  CHECK(negated.explanation.matched == 0);
  const ClauseReport* net = clause(negated.explanation, "cmdline=\"net*\"");
  REQUIRE(net);
  CHECK(net->negated);
  CHECK(negated.explanation.near_miss_counts[static_cast<std::size_t>(net - &negated.explanation.clauses[0])] == 2);

  auto run = test::run_spelunk({"explain", "-d", kBenign, "-f", source("queries/T1049-sysmon.spl")});
  CHECK(run.status == 0);
  CHECK(run.out.find("why no event matches:") != std::string::npos);
  CHECK(run.out.find("       4 event(s) fail only  process_name=\"netstat.exe\"") != std::string::npos);
  CHECK(run.out.find("cmdline=\"*use*\"   (cmdline = \"net  view \\\\srv01\")") != std::string::npos);
}

TEST_CASE("explain --event: each clause's verdict and the value it compared") {
  const Session& s = session_over(kBenign);
  ExplainOutcome o = s.explain(read_text(source("queries/T1049-sysmon.spl")), std::string("103"));
  REQUIRE_MESSAGE(o.ok, o.error);
  REQUIRE(o.event);
  CHECK(o.event_how == "EventRecordID 103");
  CHECK_FALSE(o.event->matched);
  const Explanation& x = o.explanation;
  std::size_t checked = 0;
  for (std::size_t i = 0; i < x.clauses.size(); ++i) {
    const ClauseVerdict& v = o.event->verdicts[i];
    if (x.clauses[i].text == "process_name=\"net.exe\"") {
      CHECK(v.matched);
      CHECK(v.values == std::vector<std::string>{"net.exe"});
      ++checked;
    }
    if (x.clauses[i].text == "cmdline=\"*use*\"") {
      CHECK_FALSE(v.matched);
      CHECK(v.values == std::vector<std::string>{"net  localgroup administrators"});
      ++checked;
    }
  }
  CHECK(checked == 5);  // three net.exe branches, two `*use*` branches (net.exe, net1.exe)
  // A number no event has as EventRecordID is the event's place in the order read.
  ExplainOutcome by_row = s.explain("EventCode=1", std::string("2"));
  REQUIRE(by_row.ok);
  CHECK(by_row.event_how.rfind("event #2 in the order read", 0) == 0);
  CHECK(by_row.event->row == 1);
  ExplainOutcome none = s.explain("EventCode=1", std::string("99999"));
  CHECK_FALSE(none.ok);
  CHECK(none.error.find("no event has EventRecordID 99999") != std::string::npos);

  auto run = test::run_spelunk({"explain", "-d", kBenign, "--event", "103", "-f", source("queries/T1049-sysmon.spl")});
  CHECK(run.status == 0);
  CHECK(run.out.find("  the search does not select this event\n  no   AND\n  yes  |- sourcetype=") != std::string::npos);
  CHECK(run.out.find("  yes     |  |- process_name=\"net.exe\"   (process_name = \"net.exe\")") != std::string::npos);
}

TEST_CASE("explain: the clauses combine to exactly what the search selects") {
  const Session& s = session_over(kSample);
  for (const std::string q :
       {"EventCode=1 OR EventCode=3", "NOT EventCode=1 Image=*cmd*", "EventCode!=1 host=WS-0000*",
        "EventCode IN (1, 3, 11) NOT (User=\"NT AUTHORITY\\\\SYSTEM\" OR process_name=svchost.exe)",
        "\"netstat\" OR cmdline=*use*", "_time>=1709539500 _time<1709540000 EventCode=3",
        "earliest=1709539500 latest=1709540000 NOT EventCode=1", "EventCode=1 (a OR NOT b) Missing=*"}) {
    CAPTURE(q);
    ExplainOutcome o = s.explain(q);
    REQUIRE_MESSAGE(o.ok, o.error);
    SearchOutcome run = s.run(q);
    REQUIRE(run.ok);
    CHECK(o.explanation.matched == run.result.size());
    CHECK(o.explanation.final_rows == run.result.size());
    for (const auto& f : o.explanation.findings) CHECK(f.find("internal check failed") == std::string::npos);
  }
}

TEST_CASE("explain: fields made by commands, dropped by transforming ones, and command types") {
  const Session& s = session_over(kSample);
  ExplainOutcome o = s.explain(
      "EventCode=1 | eval n=len(CommandLine) | rex field=Image \"(?<exe>[^\\\\\\\\]+)$\" | stats count by host exe "
      "| where n > 3 AND count > 1 AND exe=\"net.exe\"");
  REQUIRE_MESSAGE(o.ok, o.error);
  const Explanation& x = o.explanation;
  REQUIRE(x.commands.size() == 5);
  CHECK(x.commands[0].type == "generating (reads the events)");
  CHECK(x.commands[1].type == "streaming");
  CHECK(x.commands[3].type == "transforming");
  CHECK(x.commands[3].on_events);
  CHECK_FALSE(x.commands[4].on_events);  // after stats: results
  CHECK(x.commands[0].rows == 370);
  const FieldReport* n = field(x, "n");
  REQUIRE(n);
  CHECK(n->source == FieldSource::Dropped);  // first read by where, after stats
  CHECK(n->origins == std::vector<std::string>{"stats (command 4) keeps only its own output fields"});
  const FieldReport* len_input = field(x, "CommandLine");
  REQUIRE(len_input);
  CHECK(len_input->source == FieldSource::Extracted);
  const FieldReport* exe = field(x, "exe");
  REQUIRE(exe);
  CHECK(exe->source == FieldSource::Command);
  CHECK(exe->origins == std::vector<std::string>{"rex (command 3)"});  // first read by stats BY
  const FieldReport* count = field(x, "count");
  REQUIRE(count);
  CHECK(count->origins == std::vector<std::string>{"stats (command 4)"});

  ExplainOutcome dropped = s.explain("EventCode=1 | eval n=1 | stats count by host | where n > 0");
  REQUIRE(dropped.ok);
  const FieldReport* gone = field(dropped.explanation, "n");
  REQUIRE(gone);
  CHECK(gone->source == FieldSource::Dropped);
  CHECK(gone->origins == std::vector<std::string>{"stats (command 3) keeps only its own output fields"});
  ExplainOutcome made = s.explain("EventCode=1 | eval n=1 | where n > 0");
  REQUIRE(made.ok);
  CHECK(field(made.explanation, "n")->origins == std::vector<std::string>{"eval (command 2)"});
}

TEST_CASE("explain never writes: a pipeline with outputlookup is explained, not run") {
  test::ScratchDir dir("explain-write");
  dir.write("app/lookups/keep.csv", "a\n1\n");
  Session s;
  REQUIRE(s.load_props({}).empty());
  REQUIRE(s.load_conf_dir(dir.file("app")).empty());
  std::vector<std::string> messages;
  REQUIRE(s.load({kBenign}, messages));
  ExplainOutcome o = s.explain("EventCode=1 | stats count by host | outputlookup out.csv");
  REQUIRE_MESSAGE(o.ok, o.error);
  CHECK_FALSE(o.explanation.final_rows);
  CHECK(o.explanation.run_error.rfind("not run: the pipeline writes", 0) == 0);
  CHECK(o.explanation.matched == 4);  // the clauses are still counted
  CHECK_FALSE(std::filesystem::exists(dir.file("app/lookups/out.csv")));
}

TEST_CASE("explain without data: structure and knowledge only") {
  auto run = test::run_spelunk({"explain", "a b OR c NOT d process_name=x.exe"});
  CHECK(run.status == 0);
  CHECK(run.out.find("  a AND (b OR c) AND NOT d AND process_name=x.exe\n") != std::string::npos);
  CHECK(run.out.find("  process_name  calculated") != std::string::npos);
  CHECK(run.out.find("events each selects") == std::string::npos);
  auto bad = test::run_spelunk({"explain", "--event", "3", "EventCode=1"});
  CHECK(bad.status == 2);
  CHECK(bad.err.find("--event needs data") != std::string::npos);
  auto help = test::run_spelunk({"explain", "--help"});
  CHECK(help.status == 0);
  CHECK(help.out.rfind("NAME\n    spelunk explain - ", 0) == 0);
}
