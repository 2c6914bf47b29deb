// transpose, xyseries, untable, fieldsummary, format, return (and a subsearch ending in them),
// foreach's item modes, eval {field}=..., stats/eventstats allnum=t: edge cases beyond the
// Search Reference's examples (tests/conformance_commands_test.cpp has those).
#include <doctest/doctest.h>

#include "cmd_util.hpp"
#include "evaluator/eval.hpp"
#include "evaluator/pipeline.hpp"

using namespace spelunk;
using namespace spelunk::testing;

namespace {

std::string error_of(const std::string& query) {
  try {
    run_query(query, Result());
  } catch (const QueryError& e) {
    return e.message;
  } catch (const EvalError& e) {
    return e.message;
  }
  return "no error";
}

const char* const kTable = R"(| makeresults format=csv data="k,a,b
x,1,
y,2,3")";

}  // namespace

TEST_CASE("transpose: row limit, column_name, include_empty, header_field") {
  Result all = run_query(std::string(kTable) + " | fields - _time | transpose 0 column_name=f", Result());
  CHECK(names(all) == S{"f", "row 1", "row 2"});
  CHECK(col(all, "f") == S{"k", "a", "b"});
  CHECK(col(all, "row 1") == S{"x", "1", ""});
  Result one = run_query(std::string(kTable) + " | fields - _time | transpose 1 include_empty=f", Result());
  CHECK(col(one, "column") == S{"k", "a"});  // b is empty in the one transposed row
  CHECK(error_of(std::string(kTable) + " | transpose many") == "transpose: expected a number of rows, found `many`");
}

TEST_CASE("xyseries and untable are inverses; several data fields, sep, format") {
  Result back = run_query(std::string(kTable) + " | untable k name value | xyseries k name value", Result());
  CHECK(names(back) == S{"k", "a", "b"});
  CHECK(col(back, "a") == S{"1", "2"});
  CHECK(col(back, "b") == S{"", "3"});
  Result two = run_query(std::string(kTable) + " | eval n=\"s\" | xyseries k n a, b sep=\"-\"", Result());
  CHECK(names(two) == S{"k", "a-s", "b-s"});
  Result fmt = run_query(std::string(kTable) + " | eval n=\"s\" | xyseries k n a b format=\"$VAL$.$AGG$\"", Result());
  CHECK(names(fmt) == S{"k", "s.a", "s.b"});
  Result alias = run_query(std::string(kTable) + " | eval n=\"s\" | maketable k n a", Result());
  CHECK(names(alias) == S{"k", "s"});
  CHECK(error_of(std::string(kTable) + " | xyseries k a") == "xyseries: expected <x-field> <y-name-field> <y-data-field>...");
  CHECK(error_of(std::string(kTable) + " | untable k a") == "untable: expected <x-field> <y-name-field> <y-data-field>");
}

TEST_CASE("fieldsummary: counts, numeric statistics, values by frequency") {
  Result r = run_query(R"(| makeresults format=csv data="n,s
1,a
2,a
x,b
4," | fieldsummary maxvals=2)", Result());
  CHECK(col(r, "field") == S{"n", "s"});
  CHECK(col(r, "count") == S{"4", "3"});
  CHECK(col(r, "distinct_count") == S{"4", "2"});
  CHECK(col(r, "numeric_count") == S{"3", "0"});
  CHECK(col(r, "min") == S{"1", ""});
  CHECK(col(r, "max") == S{"4", ""});
  CHECK(col(r, "mean") == S{"2.3333333333333335", ""});
  CHECK(col(r, "stdev") == S{"1.5275252316519465", ""});
  CHECK(col(r, "values")[1] == R"([{"value":"a","count":2},{"value":"b","count":1}])");
  CHECK(col(r, "values")[0] == R"([{"value":"1","count":1},{"value":"2","count":1}])");  // maxvals=2
  Result some = run_query(R"(| makeresults | eval size_a=1, size_b=2, other=3 | fieldsummary size_*)", Result());
  CHECK(col(some, "field") == S{"size_a", "size_b"});
}

TEST_CASE("format and return feed a subsearch filter") {
  auto store = make_store({{{{"user", {"bob"}}, {"ip", {"1.1.1.1"}}}, 3},
                           {{{"user", {"eve"}}, {"ip", {"2.2.2.2"}}}, 2},
                           {{{"user", {"bob"}}, {"ip", {"3.3.3.3"}}}, 1}});
  ExecContext ctx;
  ctx.store = store;
  auto run = [&](const std::string& q) {
    ParseResult p = parse_query(q);
    REQUIRE(p.pipeline);
    return run_pipeline(*p.pipeline, ctx);
  };
  CHECK(col(run("user=* [| makeresults | eval ip=\"2.2.2.2\" | return ip] | table user"), "user") == S{"eve"});
  CHECK(col(run("user=* [| makeresults | eval user=\"bob\" | fields user | format] | table ip"), "ip") ==
        S{"1.1.1.1", "3.3.3.3"});
  // An empty return filters nothing (the page: "the subsearch returns an empty string").
  CHECK(run("user=* [| makeresults | where 1=2 | return ip]").size() == 3);
  // Text that does not parse is an error naming it.
  CHECK_THROWS_AS(run("user=* [| makeresults | eval search=\"(a=\" | fields search]"), QueryError);
}

TEST_CASE("foreach: item modes bind <<ITEM>> and <<ITER>> per row") {
  Result r = run_query(R"(| makeresults count=2 | streamstats count | eval mv=if(count=1, mvappend("a","b"), "c"), s="" | foreach mode=multivalue mv [eval s=s . <<ITER>> . <<ITEM>>])",
                       Result());
  CHECK(col(r, "s") == S{"0a1b", "0c"});
  Result j = run_query(R"(| makeresults | eval arr=json_array(1, "two", 3), total=0, words="" | foreach mode=json_array arr [eval total=total+if(isnum(<<ITEM>>), <<ITEM>>, 0), words=words . <<ITEM>>])",
                       Result());
  CHECK(col(j, "total") == S{"4"});
  CHECK(col(j, "words") == S{"1two3"});
  Result named = run_query(R"(| makeresults | eval mv=mvappend("get","put") | foreach mode=auto_collections mv itemstr=X [eval count_X=1])",
                           Result());
  CHECK(col(named, "count_get") == S{"1"});
  CHECK(col(named, "count_put") == S{"1"});
  CHECK(error_of(R"(| makeresults | eval mv=1 | foreach mode=multivalue mv [stats count])").find("only eval") !=
        std::string::npos);
  CHECK(error_of(R"(| makeresults | eval mv=1 | foreach mode=multivalue fieldstr=F mv [eval x=1])") ==
        "foreach: fieldstr= applies to mode=multifield only");
  CHECK(error_of(R"(| makeresults | eval mv=1 | foreach mode=loop mv [eval x=1])").find("mode=loop") != std::string::npos);
}

TEST_CASE("eval {field}=...: per-row names, missing name fields, recursion") {
  Result r = run_query(R"(| makeresults count=3 | streamstats count | eval name=case(count=1, "a", count=2, "b") | eval {name}=count*10)",
                       Result());
  CHECK(col(r, "a") == S{"10", "", ""});
  CHECK(col(r, "b") == S{"", "20", ""});
  Result pre = run_query(R"(| makeresults | eval k="x" | eval pre_{k}_post=1)", Result());
  CHECK(col(pre, "pre_x_post") == S{"1"});
  CHECK(error_of(R"(| makeresults | eval p="{p}", v_{p} = p)").find("replaced again and again") != std::string::npos);
}

TEST_CASE("stats and eventstats allnum=t: a non-number spoils a numeric function of its group") {
  const std::string data = R"(| makeresults format=csv data="g,v
a,1
a,x
b,2
b,4")";
  Result plain = run_query(data + " | stats avg(v) count(v) by g", Result());
  CHECK(col(plain, "avg(v)") == S{"1", "3"});
  Result strict = run_query(data + " | stats allnum=t avg(v) count(v) by g", Result());
  CHECK(col(strict, "avg(v)") == S{"", "3"});
  CHECK(col(strict, "count(v)") == S{"2", "2"});  // count is not a numeric statistic
  Result events = run_query(data + " | eventstats allnum=true sum(v) as total by g", Result());
  CHECK(col(events, "total") == S{"", "", "6", "6"});
  CHECK(error_of(data + " | stats allnum=maybe avg(v)") == "stats: allnum=maybe is not a Boolean");
}
