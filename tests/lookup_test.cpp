// CSV lookups: `lookup` (OUTPUT / OUTPUTNEW, AS, multi-match, max/min_matches, default_match,
// WILDCARD, CIDR, case sensitivity, multi-valued input), `inputlookup`, the transforms.conf /
// app-folder loading (default/ then local/), CSV reading, and `--conf` through the CLI.
#include <doctest/doctest.h>

#include "cli/app_conf.hpp"
#include "cmd_util.hpp"
#include "evaluator/knowledge/conf_file.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/knowledge/lookup_table.hpp"
#include "evaluator/pipeline.hpp"
#include "parser/parser.hpp"
#include "runner_util.hpp"
#include "corpus_runner.hpp"

#include <fstream>
#include <sstream>

using namespace spelunk;
using namespace spelunk::testing;
using spelunk::test::ScratchDir;

namespace {

// A Splunk app in a scratch folder, loaded into a Knowledge, and searches run over small events.
struct App {
  ScratchDir dir{"lookup"};
  std::unique_ptr<Knowledge> knowledge;
  MacroTable macros;
  std::vector<std::string> problems;
  std::vector<std::string> warnings;

  void write(const std::string& name, const std::string& text) { dir.write(name, text); }
  void load() {
    knowledge = std::make_unique<Knowledge>();
    problems = cli::load_app_knowledge(dir.path.string(), *knowledge);
    for (auto& p : cli::load_app_macros(dir.path.string(), macros)) problems.push_back(p);
  }
  Result run(const std::string& query, const std::vector<Ev>& events = {}) {
    if (!knowledge) load();
    ParseResult parsed = parse_query(query, &macros);
    REQUIRE_MESSAGE(!parsed.error, parsed.error->message);
    ExecContext ctx;
    ctx.store = make_store(events);
    ctx.knowledge = knowledge.get();
    warnings.clear();
    ctx.warnings = &warnings;
    return run_pipeline(*parsed.pipeline, ctx);
  }
  std::string error_of(const std::string& query, const std::vector<Ev>& events = {}) {
    try {
      run(query, events);
    } catch (const QueryError& e) {
      return e.message;
    }
    return "";
  }
};

Ev ev(std::vector<std::pair<std::string, std::vector<std::string>>> fields, double time = 0) { return {std::move(fields), time}; }

const char* kTools =
    "name,category,risk\n"
    "a.exe,tool,5\n"
    "b.exe,lolbin,9\n"
    "a.exe,dual,7\n"
    "c.exe,,1\n";

}  // namespace

TEST_CASE("lookup: OUTPUT replaces, OUTPUTNEW fills only missing values") {
  App app;
  app.write("lookups/tools.csv", kTools);
  std::vector<Ev> events = {ev({{"proc", {"b.exe"}}, {"category", {"old"}}}, 3),
                            ev({{"proc", {"b.exe"}}}, 2),
                            ev({{"proc", {"zzz.exe"}}, {"category", {"kept?"}}}, 1)};
  Result out = app.run("search * | lookup tools.csv name AS proc OUTPUT category", events);
  CHECK(col(out, "category") == S{"lolbin", "lolbin", ""});  // no match: OUTPUT clears it
  Result fresh = app.run("search * | lookup tools.csv name AS proc OUTPUTNEW category", events);
  CHECK(col(fresh, "category") == S{"old", "lolbin", "kept?"});
}

TEST_CASE("lookup: AS renames keys and outputs; no OUTPUT clause outputs every other column") {
  App app;
  app.write("lookups/tools.csv", kTools);
  std::vector<Ev> events = {ev({{"proc", {"b.exe"}}})};
  Result out = app.run("search * | lookup tools.csv name AS proc OUTPUT category AS kind, risk AS score", events);
  CHECK(col(out, "kind") == S{"lolbin"});
  CHECK(col(out, "score") == S{"9"});
  CHECK(out.find("category") < 0);
  Result all = app.run("search * | lookup tools.csv name AS proc", events);
  CHECK(col(all, "category") == S{"lolbin"});
  CHECK(col(all, "risk") == S{"9"});
  CHECK(all.find("name") < 0);  // the match field is not output
}

TEST_CASE("lookup: several matching rows give multi-values in file order, capped by max_matches") {
  App app;
  app.write("lookups/tools.csv", kTools);
  app.write("default/transforms.conf", "[tools_one]\nfilename = tools.csv\nmax_matches = 1\n");
  std::vector<Ev> events = {ev({{"proc", {"a.exe"}}}), ev({{"proc", {"c.exe"}}})};
  Result out = app.run("search * | lookup tools.csv name AS proc OUTPUT category, risk", events);
  CHECK(col(out, "category") == S{"tool|dual", ""});  // an empty cell gives no value
  CHECK(col(out, "risk") == S{"5|7", "1"});
  Result one = app.run("search * | lookup tools_one name AS proc OUTPUT category", events);
  CHECK(col(one, "category") == S{"tool", ""});
}

TEST_CASE("lookup: min_matches with default_match") {
  App app;
  app.write("lookups/tools.csv", kTools);
  app.write("default/transforms.conf",
            "[tools]\nfilename = tools.csv\nmin_matches = 2\ndefault_match = unknown\n");
  std::vector<Ev> events = {ev({{"proc", {"zzz.exe"}}}), ev({{"proc", {"b.exe"}}}), ev({{"proc", {"a.exe"}}})};
  Result out = app.run("search * | lookup tools name AS proc OUTPUT category", events);
  CHECK(col(out, "category") == S{"unknown|unknown", "lolbin|unknown", "tool|dual"});
}

TEST_CASE("lookup: WILDCARD match_type, case sensitivity both ways") {
  App app;
  app.write("lookups/paths.csv", "pattern,label\n*\\cmd.exe,shell\nC:\\Tools\\*,tools\n");
  app.write("default/transforms.conf",
            "[paths]\nfilename = paths.csv\nmatch_type = WILDCARD(pattern)\ncase_sensitive_match = false\n"
            "[paths_cs]\nfilename = paths.csv\nmatch_type = WILDCARD(pattern)\n");
  std::vector<Ev> events = {ev({{"Image", {"C:\\Windows\\System32\\CMD.EXE"}}}),
                            ev({{"Image", {"c:\\tools\\x\\cmd.exe"}}}),
                            ev({{"Image", {"C:\\Tools\\a.exe"}}})};
  Result ci = app.run("search * | lookup paths pattern AS Image OUTPUT label", events);
  CHECK(col(ci, "label") == S{"shell", "shell|tools", "tools"});
  Result cs = app.run("search * | lookup paths_cs pattern AS Image OUTPUT label", events);
  CHECK(col(cs, "label") == S{"", "shell", "tools"});

  app.write("lookups/users.csv", "user,team\nAlice,red\n");
  app.write("default/transforms.conf", "[users_ci]\nfilename = users.csv\ncase_sensitive_match = false\n");
  app.load();
  std::vector<Ev> users = {ev({{"user", {"ALICE"}}}), ev({{"user", {"Alice"}}})};
  CHECK(col(app.run("search * | lookup users.csv user OUTPUT team", users), "team") == S{"", "red"});  // default: case-sensitive
  CHECK(col(app.run("search * | lookup users_ci user OUTPUT team", users), "team") == S{"red", "red"});
}

TEST_CASE("lookup: CIDR match_type") {
  App app;
  app.write("lookups/nets.csv", "net,zone\n10.0.0.0/8,internal\n10.1.2.3,server\n2001:db8::/32,v6\n");
  app.write("default/transforms.conf", "[nets]\nfilename = nets.csv\nmatch_type = CIDR(net)\n");
  std::vector<Ev> events = {ev({{"ip", {"10.9.9.9"}}}), ev({{"ip", {"10.1.2.3"}}}), ev({{"ip", {"8.8.8.8"}}}),
                            ev({{"ip", {"2001:db8::1"}}})};
  Result out = app.run("search * | lookup nets net AS ip OUTPUT zone", events);
  CHECK(col(out, "zone") == S{"internal", "internal|server", "", "v6"});
}

TEST_CASE("lookup: each value of a multi-valued input is looked up; computed keys work too") {
  App app;
  app.write("lookups/tools.csv", kTools);
  std::vector<Ev> events = {ev({{"proc", {"b.exe", "c.exe", "nope"}}}), ev({{"other", {"x"}}})};
  Result out = app.run("search * | lookup tools.csv name AS proc OUTPUT category, risk", events);
  CHECK(col(out, "category") == S{"lolbin", ""});
  CHECK(col(out, "risk") == S{"9|1", ""});
  // A key made by eval (materialized, not a store column) and two keys at once.
  Result two = app.run("| makeresults count=2 | eval n=\"a.exe\", c=\"dual\" | lookup tools.csv name AS n, category AS c OUTPUT risk");
  CHECK(col(two, "risk") == S{"7", "7"});
}

TEST_CASE("lookup: errors name the lookup and the paths tried; ragged CSV rows are reported") {
  App app;
  app.write("lookups/tools.csv", kTools);
  app.write("default/transforms.conf",
            "[kv]\nexternal_type = kvstore\ncollection = c\nfields_list = a, b\n"
            "[gone]\nfilename = gone.csv\n");
  std::string missing = app.error_of("search * | lookup nothere.csv a OUTPUT b");
  CHECK(missing.find("lookup `nothere.csv`") != std::string::npos);
  CHECK(missing.find((app.dir.path / "lookups" / "nothere.csv").string()) != std::string::npos);
  CHECK(app.error_of("search * | lookup gone a").find("file `gone.csv` not found") != std::string::npos);
  CHECK(app.error_of("search * | lookup kv a") == "lookup `kv` is a kvstore lookup; spelunk reads CSV lookups only");
  CHECK(app.error_of("search * | lookup undeclared a").find("not declared in any transforms.conf") != std::string::npos);
  CHECK(app.error_of("search * | lookup tools.csv nosuch").find("no column `nosuch`") != std::string::npos);

  app.write("lookups/ragged.csv", "k,v\nx,1,extra\ny\n\"z\",\"3\"\n");
  std::vector<Ev> events = {ev({{"k", {"x"}}}), ev({{"k", {"y"}}}), ev({{"k", {"z"}}})};
  Result out = app.run("search * | lookup ragged.csv k OUTPUT v", events);
  CHECK(col(out, "v") == S{"1", "", "3"});
  REQUIRE(app.warnings.size() == 2);
  CHECK(app.warnings[0].find("ragged.csv:2: row has 3 fields, the header has 2") != std::string::npos);
  CHECK(app.warnings[1].find("ragged.csv:3: row has 1 fields") != std::string::npos);
}

TEST_CASE("lookup: CSV reading follows RFC 4180 (quotes, embedded commas and line breaks, BOM, CRLF)") {
  LookupTable t = parse_csv_table("\xEF\xBB\xBFid,text\r\n1,\"a, b\"\r\n2,\"say \"\"hi\"\"\nthere\"\r\n\r\n3,plain\r\n", "t.csv");
  CHECK(t.header == S{"id", "text"});
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0][1] == "a, b");
  CHECK(t.rows[1][1] == "say \"hi\"\nthere");
  CHECK(t.rows[2] == S{"3", "plain"});
  CHECK(t.problems.empty());
  LookupTable open = parse_csv_table("a\n\"never closed\n", "o.csv");
  REQUIRE(open.problems.size() == 1);
  CHECK(open.problems[0].find("o.csv") == 0);
  CHECK(open.problems[0].find("quoted field not closed") != std::string::npos);
}

TEST_CASE("lookup: a gzip'd table (.csv.gz) reads like a plain one") {
  App app;
  app.write("lookups/tools.csv", kTools);
  const std::string plain = app.dir.file("lookups/tools.csv");
  REQUIRE(std::system(("gzip -c '" + plain + "' > '" + plain + ".gz'").c_str()) == 0);
  app.write("default/transforms.conf", "[gz]\nfilename = tools.csv.gz\n");
  std::vector<Ev> events = {ev({{"proc", {"b.exe"}}})};
  CHECK(col(app.run("search * | lookup gz name AS proc OUTPUT category", events), "category") == S{"lolbin"});
  CHECK(app.run("| inputlookup tools.csv.gz").size() == 4);
}

TEST_CASE("app folder: local/ overrides default/ key by key; .conf parsing") {
  App app;
  app.write("lookups/tools.csv", kTools);
  app.write("lookups/tools2.csv", "name,category\na.exe,other\n");
  app.write("default/transforms.conf",
            "# comment\n[t]\nfilename = tools.csv\nmax_matches = 1\n[regex_only]\nREGEX = x\nFORMAT = y\n");
  app.write("local/transforms.conf", "[t]\nmax_matches = 5\n");
  app.write("default/macros.conf", "[my_macro(1)]\nargs = p\ndefinition = proc=$p$ \\\n  | head 5\n");
  app.load();
  CHECK(app.problems.empty());
  const auto& defs = app.knowledge->lookup_definitions();
  REQUIRE(defs.count("t") == 1);
  CHECK(defs.at("t").max_matches == 5);       // local wins
  CHECK(defs.at("t").filename == "tools.csv");  // default kept where local says nothing
  CHECK(defs.count("regex_only") == 0);         // a REGEX transform is not a lookup
  std::vector<Ev> events = {ev({{"proc", {"a.exe"}}})};
  CHECK(col(app.run("search * | lookup t name AS proc OUTPUT category", events), "category") == S{"tool|dual"});
  CHECK(app.run("search `my_macro(a.exe)` | table proc", events).size() == 1);

  std::vector<std::string> problems;
  ConfFile conf = ConfFile::parse("top = 1\n[s]\nk = v\nbroken line\n[s]\nk2 = w\n", "x.conf", problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0] == "x.conf:4: expected `key = value`");
  REQUIRE(conf.stanzas().size() == 2);
  CHECK(*conf.find("default")->get("top") == "1");
  CHECK(*conf.find("s")->get("k2") == "w");  // a repeated stanza adds to the first
}

TEST_CASE("inputlookup: every row, where, max, append") {
  App app;
  app.write("lookups/tools.csv", kTools);
  Result all = app.run("| inputlookup tools.csv");
  CHECK(names(all) == S{"name", "category", "risk"});
  CHECK(col(all, "name") == S{"a.exe", "b.exe", "a.exe", "c.exe"});
  CHECK(col(all, "category") == S{"tool", "lolbin", "dual", ""});
  Result some = app.run("| inputlookup tools.csv where name=a* risk>5");
  CHECK(col(some, "category") == S{"dual"});
  CHECK(app.run("| inputlookup max=2 tools.csv").size() == 2);
  Result appended = app.run("| makeresults | eval x=1 | inputlookup append=t tools.csv");
  CHECK(appended.size() == 5);
  CHECK(col(appended, "x") == S{"1", "", "", "", ""});
}

TEST_CASE("--conf: an app folder through the command line (lookup, inputlookup, macros)") {
  ScratchDir dir("lookup-cli");
  std::string data = dir.write("events.xml", spelunk::test::small_sysmon_log());
  dir.write("app/default/transforms.conf", "[discovery]\nfilename = discovery.csv\ncase_sensitive_match = false\n");
  dir.write("app/local/transforms.conf", "[discovery]\nmax_matches = 1\n");
  dir.write("app/lookups/discovery.csv", "process_name,technique\nnet.exe,T1049\nnetstat.exe,T1049\nnet.exe,second\n");
  dir.write("app/default/macros.conf", "[disc]\ndefinition = lookup discovery process_name OUTPUT technique\n");
  auto r = spelunk::test::run_spelunk({"-d", data, "--conf", dir.file("app"), "-o", "csv",
                                       "EventCode=1 | `disc` | where isnotnull(technique) | table process_name technique"});
  CHECK_MESSAGE(r.status == 0, r.err);
  CHECK(r.out.rfind("process_name,technique\r\n", 0) == 0);
  CHECK(r.out.find("NETSTAT.EXE,T1049\r\n") != std::string::npos);  // case_sensitive_match = false
  CHECK(r.out.find("net.exe,T1049\r\n") != std::string::npos);      // max_matches = 1 from local/
  CHECK(r.out.size() == std::string("process_name,technique\r\nNETSTAT.EXE,T1049\r\nnet.exe,T1049\r\n").size());
  auto in = spelunk::test::run_spelunk({"-d", data, "--conf", dir.file("app"), "-o", "csv", "| inputlookup discovery where technique=second"});
  CHECK(in.out == "process_name,technique\r\nnet.exe,second\r\n");
  auto bad = spelunk::test::run_spelunk({"-d", data, "--conf", dir.file("nope"), "EventCode=1"});
  CHECK(bad.status == 2);
  CHECK(bad.err.find("not a folder") != std::string::npos);
}

TEST_CASE("--conf: spelunk test and spelunk lint take app folders too") {
  ScratchDir dir("lookup-test-cmd");
  dir.write("events.xml", spelunk::test::small_sysmon_log());
  dir.write("app/lookups/users.csv", "user,team\nCORP\\eve,red\n");
  dir.write("app/default/macros.conf", "[red_team]\ndefinition = lookup users.csv user OUTPUT team | where team=\"red\"\n");
  dir.write("red.test", "name: red team rows\nquery: EventCode=1 | `red_team`\ndata: events.xml\nrows: 2\nmatch: team=red\n");
  auto r = spelunk::test::run_spelunk({"test", "--conf", dir.file("app"), dir.file("red.test")});
  CHECK_MESSAGE(r.status == 0, (r.out + r.err));
  auto without = spelunk::test::run_spelunk({"test", dir.file("red.test")});
  CHECK(without.status != 0);  // the macro is unknown without the app
  dir.write("red.spl", "EventCode=1 | `red_team`\n");
  auto lint = spelunk::test::run_spelunk({"lint", "--conf", dir.file("app"), dir.file("red.spl")});
  CHECK_MESSAGE(lint.status == 0, (lint.out + lint.err));
}

TEST_CASE("lookup: the shared corpus lookups load as an app") {
  const std::string lookups = spelunk::test::shared_dir() + "/corpus/security_content_lookups";
  if (!spelunk::test::shared_available(lookups)) return;
  ScratchDir dir("corpus-app");
  corpus::AppSummary summary = corpus::make_lookup_app(lookups, dir.path.string());
  CHECK(summary.declared == 79);
  CHECK(summary.csv_files == 50);
  Knowledge knowledge;
  CHECK(cli::load_app_knowledge(dir.path.string(), knowledge).empty());
  // Every CSV lookup the corpus declares reads without a crash, and its header has columns.
  std::size_t read = 0;
  for (const auto& [name, def] : knowledge.lookup_definitions()) {
    if (def.kind != LookupDefinition::Kind::Csv) continue;
    try {
      auto resolved = knowledge.lookup(name, {});
      CHECK(!resolved.table->header.empty());
      ++read;
    } catch (const QueryError& e) {
      // Declared without its file in the corpus, or an MLTK model rather than a CSV table.
      const bool expected = e.message.find("not found") != std::string::npos ||
                            e.message.find("not a CSV file") != std::string::npos;
      CHECK_MESSAGE(expected, e.message);
    }
  }
  CHECK(read == 50);
}

TEST_CASE("outputlookup: writes CSV (formula cells defused), append, then inputlookup reads it back") {
  App app;
  app.write("lookups/keep.csv", "a\n1\n");
  app.load();
  Result passed = app.run("| makeresults count=2 | eval user=\"=cmd|calc\", n=-5, _hidden=1 | outputlookup seen.csv");
  CHECK(passed.size() == 2);  // results pass through
  std::ifstream in(app.dir.file("lookups/seen.csv"), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() == "_time,user,n\n" + std::string() + col(passed, "_time")[0] + ",'=cmd|calc,-5\n" +
                          col(passed, "_time")[1] + ",'=cmd|calc,-5\n");
  app.run("| makeresults | eval user=\"bob\" | table user | outputlookup append=t seen.csv");
  Result back = app.run("| inputlookup seen.csv");
  CHECK(col(back, "user") == S{"'=cmd|calc", "'=cmd|calc", "bob"});
  CHECK(col(back, "n") == S{"-5", "-5", ""});
  CHECK(app.error_of("| makeresults | outputlookup ../x.csv").find("must not contain a path") != std::string::npos);
  CHECK(app.error_of("| makeresults | outputlookup noext").find("not a .csv file name") != std::string::npos);
}
