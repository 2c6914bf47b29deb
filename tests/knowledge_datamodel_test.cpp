// Eventtypes, tags and data models over small hand-made events (an app folder in a scratch
// directory, loaded as --conf does), and tstats / datamodel / from over them: membership,
// inheritance, calculations, nodename, fillnull_value, span, prestats, the errors with positions.
#include <doctest/doctest.h>

#include "cli/app_conf.hpp"
#include "cmd_util.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/pipeline.hpp"
#include "parser/parser.hpp"
#include "runner_util.hpp"

using namespace spelunk;
using namespace spelunk::testing;
using spelunk::test::ScratchDir;

namespace {

const char* kModel = R"json({
  "modelName": "Toy",
  "objects": [
    {"objectName": "Procs", "parentName": "BaseSearch", "baseSearch": "tag=process tag=report",
     "fields": [{"fieldName": "dest"}, {"fieldName": "process_name"}, {"fieldName": "user"}, {"fieldName": "pid", "type": "number"}],
     "calculations": [{"calculationType": "Eval", "expression": "if(isnull(user) OR user==\"\", \"unknown\", user)",
                       "outputFields": [{"fieldName": "user"}]},
                      {"calculationType": "Eval", "expression": "upper(process_name)",
                       "outputFields": [{"fieldName": "big_name"}]}]},
    {"objectName": "Shells", "parentName": "Procs", "constraints": [{"search": "big_name=CMD.EXE OR big_name=POWERSHELL.EXE"}],
     "fields": [{"fieldName": "shell_kind"}],
     "calculations": [{"calculationType": "Eval", "expression": "lower(big_name)", "outputFields": [{"fieldName": "shell_kind"}]}]},
    {"objectName": "Admins", "parentName": "Shells", "constraints": [{"search": "user=admin"}]}
  ]})json";

struct Toy {
  ScratchDir dir{"datamodel"};
  Knowledge knowledge;
  MacroTable macros;
  std::vector<std::string> problems;
  std::vector<std::string> warnings;
  std::shared_ptr<const Store> store;

  explicit Toy(std::vector<Ev> events) {
    dir.write("default/eventtypes.conf",
              "[proc]\nsearch = EventCode=1\n[proc-any]\nsearch = eventtype=pro*\n[netw]\nsearch = EventCode=3\n");
    dir.write("default/tags.conf",
              "[eventtype=proc]\nprocess = enabled\nreport = enabled\n[eventtype=netw]\nnetwork = enabled\n"
              "[dest=db1]\ncritical = enabled\n");
    dir.write("default/data/models/Toy.json", kModel);
    dir.write("default/macros.conf", "[drop_dm_object_name(1)]\nargs = object\ndefinition = rename \"$object$.*\" as *\n");
    problems = cli::load_all_knowledge(knowledge, macros, {}, {dir.path.string()});
    store = make_store(events);
  }
  Result run(const std::string& query) {
    ParseResult parsed = parse_query(query, &macros);
    REQUIRE_MESSAGE(!parsed.error, parsed.error->render(parsed.expanded));
    ExecContext ctx;
    ctx.store = store;
    ctx.knowledge = &knowledge;
    warnings.clear();
    ctx.warnings = &warnings;
    return run_pipeline(*parsed.pipeline, ctx);
  }
  QueryError error(const std::string& query) {
    try {
      run(query);
    } catch (const QueryError& e) {
      return e;
    }
    FAIL("no error for " << query);
    return {};
  }
};

std::vector<Ev> toy_events() {
  return {
      {{{"EventCode", {"1"}}, {"process_name", {"cmd.exe"}}, {"user", {"admin"}}, {"dest", {"db1"}}, {"pid", {"10"}}}, 100},
      {{{"EventCode", {"1"}}, {"process_name", {"cmd.exe"}}, {"dest", {"web1"}}, {"pid", {"11"}}}, 3700},
      {{{"EventCode", {"1"}}, {"process_name", {"notepad.exe"}}, {"user", {"bob"}}, {"dest", {"web1"}}}, 3800},
      {{{"EventCode", {"1"}}, {"process_name", {"powershell.exe"}}, {"user", {"admin"}}}, 7300},
      {{{"EventCode", {"3"}}, {"process_name", {"cmd.exe"}}, {"dest", {"db1"}}}, 7400},
      {{{"EventCode", {"7"}}, {"process_name", {"cmd.exe"}}}, 7500},
  };
}

std::vector<std::string> column(const Result& r, const std::string& name) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < r.size(); ++i) out.push_back(r.get(name, i).to_string());
  return out;
}

using S = std::vector<std::string>;

}  // namespace

TEST_CASE("eventtypes: multi-valued, wildcards, eventtypes naming eventtypes") {
  Toy toy(toy_events());
  CHECK(toy.problems.empty());
  CHECK(column(toy.run("eventtype=proc | stats count"), "count") == S{"4"});
  // proc-any's search is `eventtype=pro*`: it takes proc's events (and cannot name itself).
  CHECK(column(toy.run("eventtype=proc-any | stats count"), "count") == S{"4"});
  Result r = toy.run("EventCode=1 | head 1 | table eventtype");
  CHECK(r.get("eventtype", 0).values() == S{"proc", "proc-any"});
  CHECK(column(toy.run("eventtype=* | stats count by eventtype"), "count") == S{"1", "4", "4"});
}

TEST_CASE("eventtypes: a cycle is an error naming the chain") {
  ScratchDir dir{"eventtype-cycle"};
  dir.write("default/eventtypes.conf", "[a]\nsearch = eventtype=b\n[b]\nsearch = eventtype=a\n");
  Knowledge k;
  MacroTable m;
  CHECK(cli::load_all_knowledge(k, m, {}, {dir.path.string()}).empty());
  auto store = make_store({{{{"x", {"1"}}}, 0}});
  std::string message;
  try {
    k.column(store, "eventtype");
  } catch (const QueryError& e) {
    message = e.message;
  }
  CHECK(message.find("eventtype `a` is part of a cycle or a chain deeper than 8 (a -> b -> a)") != std::string::npos);
}

TEST_CASE("tags: from eventtypes and field=value, tag::<field>") {
  Toy toy(toy_events());
  CHECK(column(toy.run("tag=process tag=report | stats count"), "count") == S{"4"});
  CHECK(column(toy.run("tag=critical | stats count by EventCode"), "EventCode") == S{"1", "3"});
  Result r = toy.run("EventCode=1 dest=db1 | table tag tag::eventtype tag::dest");
  CHECK(r.get("tag", 0).values() == S{"critical", "process", "report"});
  CHECK(r.get("tag::eventtype", 0).values() == S{"process", "report"});
  CHECK(r.get("tag::dest", 0).values() == S{"critical"});
  CHECK(column(toy.run("EventCode=7 | table tag"), "tag") == S{""});
}

TEST_CASE("data model: membership, inheritance, calculations per dataset") {
  Toy toy(toy_events());
  // Procs: the four EventCode=1 events; user filled with "unknown" by the calculation.
  CHECK(column(toy.run("| tstats count from datamodel=Toy.Procs by Procs.user"), "Procs.user") ==
        S{"admin", "bob", "unknown"});
  // Shells inherits the parent's constraint and calculations and tests a calculated field.
  Result shells = toy.run("| tstats count from datamodel=Toy.Shells by Procs.Shells.shell_kind Procs.user");
  CHECK(column(shells, "Procs.Shells.shell_kind") == S{"cmd.exe", "cmd.exe", "powershell.exe"});
  CHECK(column(shells, "Procs.user") == S{"admin", "unknown", "admin"});
  // A grandchild adds its own constraint on an inherited calculated field.
  CHECK(column(toy.run("| tstats count from datamodel=Toy.Admins by Procs.process_name"), "Procs.process_name") ==
        S{"cmd.exe", "powershell.exe"});
  // The model alone means its one root.
  CHECK(column(toy.run("| tstats count from datamodel=Toy"), "count") == S{"4"});
}

TEST_CASE("tstats: nodename, where with IN / NOT / wildcards, child fields from the parent") {
  Toy toy(toy_events());
  CHECK(column(toy.run("| tstats count from datamodel=Toy where nodename=Procs.Shells"), "count") == S{"3"});
  CHECK(column(toy.run("| tstats count from datamodel=Toy where nodename=Procs.Shells.Admins"), "count") == S{"2"});
  CHECK(column(toy.run("| tstats count from datamodel=Toy.Procs where Procs.process_name IN (cmd.exe, notepad.exe) "
                       "NOT Procs.user=adm*"),
               "count") == S{"2"});
  // A child's field read over the parent: null outside the child.
  Result r = toy.run("| tstats count from datamodel=Toy.Procs by Procs.Shells.shell_kind");
  CHECK(column(r, "count") == S{"2", "1"});
}

TEST_CASE("tstats: fillnull_value fills null BY values; without it those rows are dropped") {
  Toy toy(toy_events());
  CHECK(column(toy.run("| tstats count from datamodel=Toy.Procs by Procs.dest"), "Procs.dest") == S{"db1", "web1"});
  Result filled = toy.run("| tstats fillnull_value=null count from datamodel=Toy.Procs by Procs.dest");
  CHECK(column(filled, "Procs.dest") == S{"db1", "null", "web1"});
  CHECK(column(filled, "count") == S{"1", "1", "2"});
}

TEST_CASE("tstats: by _time span= buckets time; aggregations with AS") {
  Toy toy(toy_events());
  Result r = toy.run("| tstats count dc(Procs.user) AS users min(_time) AS first from datamodel=Toy.Procs by _time span=1h");
  CHECK(column(r, "_time") == S{"0", "3600", "7200"});
  CHECK(column(r, "count") == S{"1", "2", "1"});
  CHECK(column(r, "users") == S{"1", "2", "1"});
  CHECK(column(r, "first") == S{"100", "3700", "7300"});
}

TEST_CASE("tstats: prestats hands rows to stats; another command after it is an error") {
  Toy toy(toy_events());
  Result r = toy.run("| tstats prestats=t count from datamodel=Toy.Procs by Procs.user | stats count by Procs.user");
  CHECK(column(r, "count") == S{"2", "1", "1"});
  QueryError e = toy.error("| tstats prestats=t count from datamodel=Toy.Procs by Procs.user | table Procs.user");
  CHECK(e.message.find("stats, chart or timechart") != std::string::npos);
  CHECK(e.pos.column == 68);
  CHECK(toy.error("| tstats prestats=t count AS n from datamodel=Toy.Procs | stats count").message.find("AS is not allowed") !=
        std::string::npos);
}

TEST_CASE("tstats: unknown model, dataset and options are errors at their position; unknown fields warn") {
  Toy toy(toy_events());
  QueryError e = toy.error("| tstats count from datamodel=Nope.Procs");
  CHECK(e.message.find("unknown data model `Nope` (data models: ") != std::string::npos);
  CHECK(e.message.find(", Toy, ") != std::string::npos);
  CHECK(e.pos.column == 31);
  e = toy.error("| tstats count from datamodel=Toy.Nope");
  CHECK(e.message.find("no dataset `Nope` (datasets: Toy.Procs, Toy.Procs.Shells, Toy.Procs.Shells.Admins)") != std::string::npos);
  e = toy.error("| tstats append=t count from datamodel=Toy.Procs");
  CHECK(e.message.find("append=true") != std::string::npos);
  CHECK(e.pos.column == 10);
  e = toy.error("| tstats count bogus=1 from datamodel=Toy.Procs");
  CHECK(e.message.find("option `bogus`") != std::string::npos);
  CHECK(e.pos.column == 16);
  toy.run("| tstats count from datamodel=Toy.Procs by Procs.usr");
  REQUIRE(toy.warnings.size() == 1);
  CHECK(toy.warnings[0].find("closest: `Procs.user`") != std::string::npos);
  ParseResult bad = parse_query("| tstats count from index=main");
  REQUIRE(bad.error);
  CHECK(bad.error->message.find("datamodel=") != std::string::npos);
}

TEST_CASE("tstats without a data model reads index-time fields; drop_dm_object_name; datamodel and from") {
  Toy toy(toy_events());
  CHECK(column(toy.run("| tstats count where EventCode=1 by _time span=2h"), "count") == S{"3", "1"});
  Result r = toy.run("| tstats count from datamodel=Toy.Procs by Procs.process_name | `drop_dm_object_name(Procs)`");
  CHECK(r.find("process_name") >= 0);
  Result search = toy.run("| datamodel Toy Shells search | stats count by Procs.Shells.shell_kind");
  CHECK(column(search, "count") == S{"2", "1"});
  Result flat = toy.run("| from datamodel:Toy.Procs | stats count by user");
  CHECK(column(flat, "user") == S{"admin", "bob", "unknown"});
  CHECK(column(toy.run("| from datamodel Toy.Shells | stats count"), "count") == S{"3"});
  CHECK(toy.error("| datamodel Toy").message.find("JSON") != std::string::npos);
}

TEST_CASE("data model JSON: unsupported calculations and baseSearch commands are refused by name") {
  ScratchDir dir{"datamodel-bad"};
  dir.write("default/data/models/Bad.json", R"json({"modelName": "Bad", "objects": [
    {"objectName": "A", "parentName": "BaseSearch", "baseSearch": "kind=x | eval y=1"},
    {"objectName": "B", "parentName": "BaseEvent", "constraints": [{"search": "kind=y"}],
     "calculations": [{"calculationType": "GeoIP", "outputFields": [{"fieldName": "City"}]}]},
    {"objectName": "C", "parentName": "BaseEvent", "constraints": [{"search": "kind=z"}]}]})json");
  Knowledge k;
  MacroTable m;
  auto problems = cli::load_all_knowledge(k, m, {}, {dir.path.string()});
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("object B: GeoIP calculation refused") != std::string::npos);
  const DataModel* model = k.datamodel("Bad");
  REQUIRE(model);
  auto store = make_store({{{{"kind", {"z"}}}, 0}});
  std::string message;
  try {
    k.dataset_rows(store, *model, *model->find("A"), {});
  } catch (const QueryError& e) {
    message = e.message;
  }
  CHECK(message.find("runs commands after the search (`| eval y=1`)") != std::string::npos);
  CHECK(k.dataset_rows(store, *model, *model->find("C"), {}).count() == 1);
}
