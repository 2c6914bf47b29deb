// No command ignores an option it does not understand (issue 12): every registered command,
// given a bogus key=value option, stops with an error at that option's position. The table
// below holds one minimal invocation per command; a command registered without a line here
// fails the test, so a new command is covered as soon as it is registered.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "evaluator/eval.hpp"
#include "evaluator/pipeline.hpp"
#include "parser/parser.hpp"

using namespace spelunk;

namespace {

// `BOGUS` marks where the bogus option goes; the query runs after `| makeresults | ` unless it
// starts with `|` itself (generating commands).
const std::map<std::string, std::string>& invocations() {
  static const std::map<std::string, std::string> table = {
      {"addtotals", "addtotals BOGUS"},
      {"append", "append BOGUS [| makeresults]"},
      {"appendpipe", "appendpipe BOGUS [stats count]"},
      {"bin", "bin BOGUS _time span=1h"},
      {"bucket", "bucket BOGUS _time span=1h"},
      {"chart", "chart BOGUS count by a"},
      {"collect", "collect BOGUS"},
      {"convert", "convert BOGUS ctime(_time)"},
      {"dedup", "dedup BOGUS a"},
      {"discretize", "discretize BOGUS _time span=1h"},
      {"eventstats", "eventstats BOGUS count"},
      {"fieldsummary", "fieldsummary BOGUS"},
      {"fields", "fields BOGUS a"},
      {"fillnull", "fillnull BOGUS a"},
      {"foreach", "foreach BOGUS a [eval x=1]"},
      {"format", "format BOGUS"},
      {"fromjson", "fromjson BOGUS a"},
      {"head", "head BOGUS 5"},
      {"inputlookup", "| inputlookup BOGUS t.csv"},
      {"iplocation", "iplocation BOGUS ip"},
      {"join", "join BOGUS a [| makeresults]"},
      {"lookup", "lookup BOGUS t a"},
      {"makemv", "makemv BOGUS a"},
      {"maketable", "maketable BOGUS a b c"},
      {"makeresults", "| makeresults BOGUS"},
      {"map", "map BOGUS search=\"| makeresults\""},
      {"mvexpand", "mvexpand BOGUS a"},
      {"noop", "noop BOGUS"},
      {"outputlookup", "outputlookup BOGUS t.csv"},
      {"rare", "rare BOGUS a"},
      {"rename", "rename BOGUS a AS b"},
      {"replace", "replace BOGUS a WITH b"},
      {"return", "return BOGUS a"},
      {"reverse", "reverse BOGUS"},
      {"rex", "rex BOGUS \"(?<a>x)\""},
      {"sort", "sort BOGUS a"},
      {"spath", "spath BOGUS"},
      {"stats", "stats BOGUS count"},
      {"streamstats", "streamstats BOGUS count"},
      {"table", "table BOGUS a"},
      {"tail", "tail BOGUS 5"},
      {"timechart", "timechart BOGUS count"},
      {"top", "top BOGUS a"},
      {"transaction", "transaction BOGUS a"},
      {"tstats", "| tstats BOGUS count"},
      {"datamodel", "| datamodel BOGUS Endpoint Processes search"},
      {"from", "| from BOGUS datamodel:Endpoint.Processes"},
      {"transpose", "transpose BOGUS"},
      {"untable", "untable BOGUS a b c"},
      {"xmlkv", "xmlkv BOGUS"},
      {"xyseries", "xyseries BOGUS a b c"},
  };
  return table;
}

// Commands whose own language is key=value: a `field=value` there is a search term, an eval
// assignment or comparison, or a regex on a field, not an option.
const std::set<std::string> kKeyValueLanguages = {"search", "where", "eval", "regex", "return"};

struct Outcome {
  bool failed = false;
  std::string message;
  ast::Position pos;
};

Outcome run(const std::string& query) {
  Outcome o;
  ParseResult parsed = parse_query(query);
  if (parsed.error) return {true, parsed.error->message, parsed.error->pos};
  ExecContext ctx;
  ctx.store = std::make_shared<Store>(StoreBuilder().finish());
  try {
    run_pipeline(*parsed.pipeline, ctx);
  } catch (const QueryError& e) {
    return {true, e.message, e.pos};
  } catch (const EvalError& e) {
    return {true, e.message, e.pos};
  }
  return o;
}

}  // namespace

TEST_CASE("every registered command rejects an option it does not understand, at its position") {
  const std::string bogus = "zzbogus=1";
  for (const auto& [name, fn] : command_registry()) {
    if (kKeyValueLanguages.count(name)) continue;
    CAPTURE(name);
    auto it = invocations().find(name);
    REQUIRE_MESSAGE(it != invocations().end(),
                    (std::string("command `") + name + "` is registered but has no line in cmd_options_test.cpp"));
    std::string query = it->second;
    query.replace(query.find("BOGUS"), 5, bogus);
    if (query[0] != '|') query = "| makeresults | " + query;
    CAPTURE(query);
    Outcome o = run(query);
    CHECK_MESSAGE(o.failed, (std::string("`") + name + "` ran with an option it does not know"));
    CHECK(o.pos.offset == query.find(bogus));
  }
}

TEST_CASE("the same invocations run once the bogus option is gone (the table is meaningful)") {
  // A few whose valid form needs nothing the empty test context lacks.
  for (const char* name : {"stats", "eventstats", "streamstats", "head", "sort", "dedup", "top", "fillnull",
                           "table", "makeresults", "addtotals", "transaction", "mvexpand", "convert"}) {
    std::string query = invocations().at(name);
    query.replace(query.find("BOGUS"), 5, "");
    if (query[0] != '|') query = "| makeresults | " + query;
    CAPTURE(query);
    Outcome o = run(query);
    CHECK_MESSAGE(!o.failed, o.message);
  }
}

TEST_CASE("an unknown option names itself and what the command takes") {
  Outcome o = run("| makeresults count=2 colour=red");
  REQUIRE(o.failed);
  CHECK(o.message == "makeresults: unknown or unsupported option `colour=` (it takes count=, annotate=, format=, data=)");
  CHECK(o.pos.column == 23);
}

// ------------------------------------------------------------------ makeresults format= data=
// Search Reference, makeresults (examples 6 and 7, and "Generating results from inline CSV- or
// JSON-formatted data").
#include "cmd_util.hpp"

TEST_CASE("makeresults format=csv data=: header line, one row per line") {
  using namespace spelunk::testing;
  Result r = run_query("| makeresults format=csv data=\"name, age\nSujata,61\nLinus,29\nKarina,33\" count=5", Result());
  CHECK(col(r, "name") == S{"Sujata", "Linus", "Karina"});
  CHECK(col(r, "age") == S{"61", "29", "33"});  // the header " age" is trimmed; count= is ignored
  CHECK(r.find("_time") == 0);
}

TEST_CASE("makeresults format=json data=: one row per object, the object as _raw") {
  using namespace spelunk::testing;
  Result r = run_query(
      "| makeresults format=json data=\"[{\\\"name\\\":\\\"Larson\\\",\\\"age\\\":32}, {\\\"name\\\":\\\"Nyeti\\\",\\\"age\\\":44}, "
      "{\\\"name\\\":\\\"Vero\\\",\\\"age\\\":22}]\"",
      Result());
  CHECK(col(r, "_raw") == S{"{\"name\":\"Larson\",\"age\":32}", "{\"name\":\"Nyeti\",\"age\":44}", "{\"name\":\"Vero\",\"age\":22}"});
  CHECK(col(r, "name") == S{"Larson", "Nyeti", "Vero"});
  CHECK(col(r, "age") == S{"32", "44", "22"});
}

TEST_CASE("makeresults format= data= errors: missing half, bad data, too long") {
  using namespace spelunk::testing;
  auto error = [](const std::string& q) {
    try {
      run_query(q, Result());
    } catch (const QueryError& e) {
      return e.message;
    }
    return std::string("no error");
  };
  CHECK(error("| makeresults format=csv") == "makeresults: format=csv needs data=\"...\"");
  CHECK(error("| makeresults data=\"a\n1\"") == "makeresults: data= needs format=csv or format=json");
  CHECK(error("| makeresults format=xml data=\"<a/>\"") == "makeresults: format=xml is not csv or json");
  CHECK(error("| makeresults format=json data=\"[{\\\"a\\\":1}\"") == "makeresults: format=json: data= is not valid JSON");
  CHECK(error("| makeresults format=json data=\"{\\\"a\\\":1}\"") == "makeresults: format=json: data= must be a JSON array of objects");
  CHECK(error("| makeresults format=csv data=\"a,b\n1,2,3\"").find("row has 3 fields") != std::string::npos);
  CHECK(error("| makeresults format=csv data=\"" + std::string(30000, 'a') + "\"") ==
        "makeresults: data= is longer than 29999 characters");
}
