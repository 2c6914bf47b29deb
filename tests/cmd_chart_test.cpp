// top/rare, bin/bucket, timechart.
#include <doctest/doctest.h>

#include "cmd_util.hpp"

using namespace spelunk;
using namespace spelunk::testing;

namespace {

ast::Command top(std::string name, std::vector<std::string> fields, std::vector<std::string> by = {},
                 ast::Options o = {}) {
  ast::TopCommand t;
  t.fields = std::move(fields);
  t.by = std::move(by);
  t.options = std::move(o);
  return command(std::move(name), t);
}

std::vector<Ev> images() {  // a,a,a,b,c and one without Image
  return {{{{"Image", {"a"}}, {"h", {"x"}}}, 6}, {{{"Image", {"b"}}, {"h", {"x"}}}, 5},
          {{{"Image", {"a"}}, {"h", {"y"}}}, 4}, {{{"Image", {"c"}}, {"h", {"y"}}}, 3},
          {{{"Image", {"a"}}, {"h", {"x"}}}, 2}, {{{"h", {"x"}}}, 1}};
}

ast::Command bin(std::string field, std::string span, std::string as = "") {
  ast::BinCommand b;
  b.field = std::move(field);
  b.as = std::move(as);
  if (!span.empty()) b.options = opts({{"span", span}});
  return command("bin", b);
}

ast::Command timechart(std::vector<ast::Aggregation> aggs, std::optional<std::string> by, ast::Options o) {
  ast::TimechartCommand t;
  t.aggregations = std::move(aggs);
  t.by = std::move(by);
  t.options = std::move(o);
  return command("timechart", t);
}

}  // namespace

TEST_CASE("top: count and percent with 6 decimals, sorted by count, limit") {
  Result r = run(top("top", {"Image"}, {}, opts({{"limit", "2"}})), view(images()));
  CHECK(names(r) == S{"Image", "count", "percent"});
  CHECK(col(r, "Image") == S{"a", "b"});  // b and c tie: value order
  CHECK(col(r, "count") == S{"3", "1"});
  CHECK(col(r, "percent") == S{"60.000000", "20.000000"});
}

TEST_CASE("top: by-groups, showperc=f, countfield, useother") {
  Result r = run(top("top", {"Image"}, {"h"}, opts({{"showperc", "f"}, {"countfield", "n"}})), view(images()));
  CHECK(names(r) == S{"h", "Image", "n"});
  CHECK(col(r, "h") == S{"x", "x", "y", "y"});
  CHECK(col(r, "Image") == S{"a", "b", "a", "c"});
  CHECK(col(r, "n") == S{"2", "1", "1", "1"});
  Result o = run(top("top", {"Image"}, {}, opts({{"limit", "1"}, {"useother", "t"}})), view(images()));
  CHECK(col(o, "Image") == S{"a", "OTHER"});
  CHECK(col(o, "count") == S{"3", "2"});
  CHECK(col(o, "percent") == S{"60.000000", "40.000000"});
}

TEST_CASE("rare: least frequent first") {
  Result r = run(top("rare", {"Image"}), view(images()));
  CHECK(col(r, "Image") == S{"b", "c", "a"});
  CHECK(col(r, "percent") == S{"20.000000", "20.000000", "60.000000"});
}

TEST_CASE("bin: _time to the start of its span; numeric ranges; months") {
  std::vector<Ev> ev = {{{{"n", {"17"}}}, 3725}, {{{"n", {"x"}}}, 59}};
  Result r = run(bin("_time", "1h"), view(ev));
  CHECK(col(r, "_time") == S{"3600", "0"});
  Result m = run(bin("_time", "5m", "t5"), view(ev));
  CHECK(col(m, "t5") == S{"3600", "0"});
  CHECK(col(m, "_time") == S{"3725", "59"});
  Result n = run(bin("n", "10"), view(ev));
  CHECK(col(n, "n") == S{"10-20", "x"});
  // 2021-03-15 12:00:00 UTC -> 2021-03-01 (1614556800); quarter -> 2021-01-01 (1609459200)
  std::vector<Ev> cal = {{{}, 1615809600}};
  CHECK(col(run(bin("_time", "1mon"), view(cal)), "_time") == S{"1614556800"});
  CHECK(col(run(bin("_time", "1q"), view(cal)), "_time") == S{"1609459200"});
  CHECK(col(run(bin("_time", "1d"), view(cal)), "_time") == S{"1615766400"});
  CHECK_THROWS_AS(run(bin("_time", "5parsecs"), view(cal)), QueryError);
}

TEST_CASE("timechart: count per span with empty bins filled with 0") {
  std::vector<Ev> ev = {{{{"h", {"a"}}}, 250}, {{{"h", {"b"}}}, 30}, {{{"h", {"a"}}}, 10}};
  Result r = run(timechart({agg("count")}, std::nullopt, opts({{"span", "100s"}})), view(ev));
  CHECK(names(r) == S{"_time", "count"});
  CHECK(col(r, "_time") == S{"0", "100", "200"});
  CHECK(col(r, "count") == S{"2", "0", "1"});
}

TEST_CASE("timechart: by-series columns, NULL series, limit with OTHER") {
  std::vector<Ev> ev = {{{{"h", {"a"}}}, 250}, {{{"h", {"b"}}}, 30}, {{{"h", {"a"}}}, 10},
                        {{{"h", {"c"}}}, 20}, {{{"h", {"a"}}}, 15}, {{}, 5}};
  Result r = run(timechart({agg("count")}, "h", opts({{"span", "100s"}})), view(ev));
  CHECK(names(r) == S{"_time", "a", "b", "c", "NULL"});
  CHECK(col(r, "a") == S{"2", "0", "1"});
  CHECK(col(r, "NULL") == S{"1", "0", "0"});
  Result lim = run(timechart({agg("count")}, "h", opts({{"span", "100s"}, {"limit", "1"}, {"usenull", "f"}})), view(ev));
  CHECK(names(lim) == S{"_time", "a", "OTHER"});
  CHECK(col(lim, "OTHER") == S{"2", "0", "0"});
  Result drop = run(timechart({agg("count")}, "h", opts({{"span", "100s"}, {"limit", "1"}, {"useother", "f"}})), view(ev));
  CHECK(names(drop) == S{"_time", "a", "NULL"});  // limit counts named series; NULL follows usenull
}

TEST_CASE("timechart: several aggregations by a field name their columns agg: value") {
  std::vector<Ev> ev = {{{{"h", {"a"}}, {"n", {"4"}}}, 10}, {{{"h", {"a"}}, {"n", {"6"}}}, 20}};
  Result r = run(timechart({agg("count"), agg("avg", "n")}, "h", opts({{"span", "1h"}})), view(ev));
  CHECK(names(r) == S{"_time", "count: a", "avg(n): a"});
  CHECK(col(r, "avg(n): a") == S{"5"});
}

// ------------------------------------------------------------------ chart (issue 12)
namespace {

const char* const kChartData = R"(| makeresults format=csv data="h,s,v
a,x,1
a,y,2
a,z,3
b,x,4
b,,5
c,w,6")";

std::string chart_error(const std::string& q) {
  try {
    run_query(q, Result());
  } catch (const QueryError& e) {
    return e.message;
  }
  return "no error";
}

}  // namespace

TEST_CASE("chart: without a column split it is stats by the row field") {
  Result r = run_query(std::string(kChartData) + " | chart sum(v) count OVER h", Result());
  CHECK(names(r) == S{"h", "sum(v)", "count"});
  CHECK(col(r, "sum(v)") == S{"6", "9", "6"});
  Result total = run_query(std::string(kChartData) + " | chart count", Result());
  CHECK(col(total, "count") == S{"6"});
}

TEST_CASE("chart: column split with limit, OTHER, NULL, zero-filled counts") {
  Result r = run_query(std::string(kChartData) + " | chart count OVER h BY s limit=2", Result());
  // The two largest series (x: 2, then the first of the ties in value order) keep a column.
  CHECK(names(r) == S{"h", "w", "x", "NULL", "OTHER"});
  CHECK(col(r, "x") == S{"1", "1", "0"});
  CHECK(col(r, "NULL") == S{"0", "1", "0"});
  CHECK(col(r, "OTHER") == S{"2", "0", "0"});
  Result no_other = run_query(std::string(kChartData) + " | chart count BY h s limit=1 useother=f usenull=f", Result());
  CHECK(names(no_other) == S{"h", "x"});
  Result bottom = run_query(std::string(kChartData) + " | chart sum(v) BY h s limit=bottom1 useother=f usenull=f", Result());
  CHECK(names(bottom) == S{"h", "y"});
  CHECK(col(bottom, "y") == S{"2", "", ""});  // sum is not count-like: empty, not 0
}

TEST_CASE("chart: names of several aggregations per series; sep and format") {
  Result r = run_query(std::string(kChartData) + " | chart count max(v) BY h s usenull=f limit=1 useother=f", Result());
  CHECK(names(r) == S{"h", "count: x", "max(v): x"});
  Result sep = run_query(std::string(kChartData) + " | chart count max(v) BY h s usenull=f limit=1 useother=f sep=\"-\"", Result());
  CHECK(names(sep) == S{"h", "count-x", "max(v)-x"});
  Result fmt = run_query(std::string(kChartData) + " | chart count BY h s usenull=f limit=1 useother=f format=\"$VAL$/$AGG$\"", Result());
  CHECK(names(fmt) == S{"h", "x/count"});
}

TEST_CASE("chart: binning the row split; cont fills the empty bins") {
  const std::string nums = R"(| makeresults format=csv data="n
1
3
25")";
  Result r = run_query(nums + " | chart count BY n span=10", Result());
  CHECK(col(r, "n") == S{"0-10", "10-20", "20-30"});
  CHECK(col(r, "count") == S{"2", "0", "1"});
  Result gaps = run_query(nums + " | chart count BY n span=10 cont=f", Result());
  CHECK(col(gaps, "n") == S{"0-10", "20-30"});
  Result log = run_query(nums + " | chart count BY n span=log2 cont=f", Result());
  CHECK(col(log, "n") == S{"1-2", "2-4", "16-32"});
  CHECK(chart_error(nums + " | chart count BY n span=0.5log2").find("coefficient") != std::string::npos);
}

TEST_CASE("chart: what it refuses") {
  CHECK(chart_error(std::string(kChartData) + " | chart count BY h s v").find("at most a row-split and a column-split") != std::string::npos);
  CHECK(chart_error(std::string(kChartData) + " | chart count BY h s span=10").find("after the column-split field") !=
        std::string::npos);
  CHECK(chart_error(std::string(kChartData) + " | chart count BY h limit=lots").find("limit=lots") != std::string::npos);
}
