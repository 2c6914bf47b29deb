// Each command of the corpus's top 30 parses into its typed AST node; the rest parse
// generically (GenericCommand) so that the evaluator can name them as unsupported.
#include <doctest/doctest.h>

#include "tests/parser_test_util.hpp"

using spelunk::test::Case;
using spelunk::test::parsed;
namespace ast = spelunk::ast;

TEST_CASE("commands: canonical text of each command") {
  const Case cases[] = {
      {"| makeresults count=2 | eval x=1, 'y z'=x*2, \"w\"=\"s\"",
       "makeresults count=2 | eval x=1, \"y z\"=(x * 2), w=\"s\""},
      {"x | where x OR y AND z",
       "search x | where (x OR (y AND z))"},
      {"x | stats count, c(Image) AS n, dc(User), values(Image) as images, count(eval(EventCode=1)) AS c1 by host, User",
       "search x | stats count AS count, count(Image) AS n, dc(User) AS \"dc(User)\", values(Image) AS images, count(eval((EventCode = 1))) AS c1 BY host, User"},
      {"x | eventstats count AS n by Image",
       "search x | eventstats count AS n BY Image"},
      {"x | streamstats window=5 current=f count AS seq",
       "search x | streamstats window=5 current=f count AS seq"},
      {"x | chart count over host by user",
       "search x | chart count AS count BY host, user"},
      {"x | stats mean(x) distinct_count(y) perc95(z) avg(a) as \"Avg A\" by b c",
       "search x | stats avg(x) AS \"mean(x)\", dc(y) AS \"distinct_count(y)\", perc95(z) AS \"perc95(z)\", avg(a) AS \"Avg A\" BY b, c"},
      {"x | timechart span=1h limit=5 count by host",
       "search x | timechart span=1h limit=5 count AS count BY host"},
      {"x | timechart span=1h count(eval(x>1)) AS n",
       "search x | timechart span=1h count(eval((x > 1))) AS n"},
      {"x | table _time process_name, cmdline, parent_process",
       "search x | table _time, process_name, cmdline, parent_process"},
      {"x | table \"a b\", c*",
       "search x | table \"a b\", c*"},
      {"x | fields - _raw, CommandLine",
       "search x | fields - _raw, CommandLine"},
      {"x | fields Image",
       "search x | fields + Image"},
      {"x | fields + Image Parent*",
       "search x | fields + Image, Parent*"},
      {"x | rename Parent* AS P_*, count AS \"Event Count\"",
       "search x | rename Parent* AS P_*, count AS \"Event Count\""},
      {"x | sort - count",
       "search x | sort -count"},
      {"x | sort -count, +str(name) num(b)",
       "search x | sort -count, +str(name), +num(b)"},
      {"x | sort 0 a b d",
       "search x | sort limit=0 -a, -b"},
      {"x | sort limit=5 -_time",
       "search x | sort limit=5 -_time"},
      {"x | head 5",
       "search x | head count=5"},
      {"x | head limit=3",
       "search x | head count=3"},
      {"x | head (x>5) keeplast=t",
       "search x | head ((x > 5)) keeplast=t"},
      {"x | tail 3",
       "search x | tail count=3"},
      {"x | reverse",
       "search x | reverse"},
      {"x | dedup 3 host, User keepempty=true sortby -_time",
       "search x | dedup count=3 host, User keepempty=true sortby -_time"},
      {"x | dedup Image",
       "search x | dedup count=1 Image"},
      {"x | top limit=2 Image",
       "search x | top limit=2 Image"},
      {"x | top 5 Image by host",
       "search x | top limit=5 Image BY host"},
      {"x | rare Image showperc=f",
       "search x | rare showperc=f Image"},
      {"x | rex field=Image \"(?<exe>[^\\\\\\\\]+)$\"",
       "search x | rex field=Image \"(?<exe>[^\\\\]+)$\""},
      {"x | rex \"(?<a>\\d+)\" max_match=0",
       "search x | rex field=_raw max_match=0 \"(?<a>\\d+)\""},
      {"x | rex field=x mode=sed \"s/a/b/g\"",
       "search x | rex field=x mode=sed \"s/a/b/g\""},
      {"x | regex CommandLine=\"(?i)-enc(odedcommand)?\\s\"",
       "search x | regex CommandLine=\"(?i)-enc(odedcommand)?\\s\""},
      {"x | regex _raw!=\"foo|bar\"",
       "search x | regex _raw!=\"foo|bar\""},
      {"x | regex \"abc\"",
       "search x | regex _raw=\"abc\""},
      {"x | bin _time span=5m",
       "search x | bin span=5m _time"},
      {"x | bucket _time span=1h AS t",
       "search x | bucket span=1h _time AS t"},
      {"x | discretize bins=10 x",
       "search x | discretize bins=10 x"},
      {"x | fillnull value=\"-\" ParentImage User",
       "search x | fillnull value=\"-\" ParentImage, User"},
      {"x | fillnull",
       "search x | fillnull value=\"0\""},
      {"x | mvexpand h limit=5",
       "search x | mvexpand h limit=5"},
      {"x | convert timeformat=\"%Y-%m-%d\" ctime(firstTime) ctime(lastTime) AS lt, dur2sec(d)",
       "search x | convert timeformat=%Y-%m-%d ctime(firstTime), ctime(lastTime) AS lt, dur2sec(d)"},
      {"x | spath input=newvalue",
       "search x | spath input=newvalue"},
      {"x | spath output=y path=a.b",
       "search x | spath output=y path=a.b"},
      {"x | spath \"a.b{}\"",
       "search x | spath path=a.b{}"},
      {"x | transaction host User maxspan=30s startswith=\"a b\" endswith=eval(x>1)",
       "search x | transaction host, User maxspan=30s startswith=\"a b\" endswith=\"eval(x>1)\""},
      {"x | lookup lolbins.csv name AS process_name OUTPUT category",
       "search x | lookup lolbins.csv name AS process_name OUTPUT category AS category"},
      {"x | lookup local=t t a, b AS c OUTPUTNEW d AS e, f",
       "search x | lookup local=t t a AS a, b AS c OUTPUTNEW d AS e, f AS f"},
      {"x | lookup t a",
       "search x | lookup t a AS a"},
      {"| inputlookup append=t bad_ips.csv where ip=\"10.*\" OR x=1",
       "inputlookup append=t bad_ips.csv WHERE (OR ip=\"10.*\" x=1)"},
      {"| inputlookup x.csv",
       "inputlookup x.csv"},
      {"x | collect index=notable_events source=\"x y\"",
       "search x | collect index=notable_events source=\"x y\""},
      {"x | join type=left host [search y | fields host, z]",
       "search x | join type=left host [search y | fields + host, z]"},
      {"x | append [search y]",
       "search x | append [search y]"},
      {"x | appendpipe [stats count]",
       "search x | appendpipe [stats count AS count]"},
      {"x | return 5 a, alias=b $c",
       "search x | return count=5 a AS a, b AS alias, c AS \"\""},
      {"x | format maxresults=10",
       "search x | format maxresults=10"},
      {"x | iplocation src_ip",
       "search x | iplocation <generic> src_ip"},
      {"| tstats count from datamodel=Endpoint.Processes where Processes.process_name=x by Processes.dest",
       "tstats count AS count FROM datamodel=Endpoint.Processes WHERE Processes.process_name=x BY Processes.dest"},
      {"x | search count>5 NOT y",
       "search x | search (AND count>5 (NOT y))"},
      {"x | where like(Image, \"%\\\\cmd.exe\") AND isnotnull(x)",
       "search x | where (like(Image, \"%\\cmd.exe\") AND isnotnull(x))"},
      {"x | eval a=if(x IN (\"a\",\"b\"), 1, 0)",
       "search x | eval a=if(in(x, \"a\", \"b\"), 1, 0)"},
  };
  for (const auto& c : cases) {
    INFO(c.query);
    CHECK(parsed(c.query) == c.expected);
  }
}

TEST_CASE("commands: typed nodes carry the parsed pieces") {
  const auto r = spelunk::parse_query(
      "x | stats count(eval(EventCode=1)) AS c1, dc(User) by host | sort 20 - c1 | lookup t k AS f OUTPUTNEW o AS d");
  REQUIRE(r.pipeline);
  const auto& cmds = r.pipeline->commands;
  REQUIRE(cmds.size() == 4);
  const auto& stats = std::get<ast::StatsCommand>(cmds[1].body);
  CHECK(cmds[1].name == "stats");
  REQUIRE(stats.aggregations.size() == 2);
  CHECK(stats.aggregations[0].func == "count");
  CHECK_FALSE(stats.aggregations[0].field);
  REQUIRE(stats.aggregations[0].eval_arg);
  CHECK(spelunk::to_string(*stats.aggregations[0].eval_arg) == "(EventCode = 1)");
  CHECK(stats.aggregations[1].as == "dc(User)");
  CHECK(stats.aggregations[1].field == "User");
  CHECK(stats.by == std::vector<std::string>{"host"});
  const auto& sort = std::get<ast::SortCommand>(cmds[2].body);
  CHECK(sort.limit == 20u);
  REQUIRE(sort.keys.size() == 1);
  CHECK(sort.keys[0].descending);
  const auto& lookup = std::get<ast::LookupCommand>(cmds[3].body);
  CHECK(lookup.mode == ast::LookupCommand::Mode::OutputNew);
  CHECK(lookup.keys[0].from == "k");
  CHECK(lookup.keys[0].to == "f");
  CHECK(lookup.outputs[0].to == "d");
  CHECK(cmds[3].pos.column == 77);
}

TEST_CASE("commands: command names are case-insensitive and kept lower case") {
  CHECK(parsed("x | STATS count BY host | Table host") == "search x | stats count AS count BY host | table host");
  CHECK(parsed("x | Bucket _time span=1d") == "search x | bucket span=1d _time");
}

TEST_CASE("commands: unknown commands parse generically with their raw words") {
  const auto r = spelunk::parse_query("x | iplocation prefix=geo_ src_ip | foo \"a b\" [c d] (e)");
  REQUIRE(r.pipeline);
  const auto& generic = std::get<ast::GenericCommand>(r.pipeline->commands[2].body);
  CHECK(r.pipeline->commands[1].name == "iplocation");
  CHECK(generic.args == std::vector<std::string>{"\"a b\"", "[c d]", "(e)"});
}

TEST_CASE("commands: subsearch pipelines may start with a command without '|'") {
  CHECK(parsed("x | appendpipe [stats count | eval y=1]") == "search x | appendpipe [stats count AS count | eval y=1]");
  CHECK(parsed("x | append [| makeresults]") == "search x | append [makeresults]");
  CHECK(parsed("x | append [search y]") == "search x | append [search y]");
}

TEST_CASE("commands: comments are removed before parsing") {
  CHECK(parsed("x ```a comment | with pipes``` | table a ```more```") == "search x | table a");
  CHECK(parsed("x | eval a=\"```not a comment```\"") == "search x | eval a=\"```not a comment```\"");
}

TEST_CASE("parser: regex field!= is a negated match on the field, not a field named `field!`") {
  auto r = spelunk::parse_query(R"q(x | regex Image!="ps\.exe$")q");
  REQUIRE(r.pipeline);
  const auto& rx = std::get<spelunk::ast::RegexCommand>(r.pipeline->commands[1].body);
  CHECK(rx.field == "Image");
  CHECK(rx.negate);
  CHECK(rx.regex == R"(ps\.exe$)");
}
