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
  CHECK(names(drop) == S{"_time", "a"});
}

TEST_CASE("timechart: several aggregations by a field name their columns agg: value") {
  std::vector<Ev> ev = {{{{"h", {"a"}}, {"n", {"4"}}}, 10}, {{{"h", {"a"}}, {"n", {"6"}}}, 20}};
  Result r = run(timechart({agg("count"), agg("avg", "n")}, "h", opts({{"span", "1h"}})), view(ev));
  CHECK(names(r) == S{"_time", "count: a", "avg(n): a"});
  CHECK(col(r, "avg(n): a") == S{"5"});
}
