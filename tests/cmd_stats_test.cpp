#include <doctest/doctest.h>

#include "cmd_util.hpp"

using namespace spelunk;
using namespace spelunk::testing;

namespace {

// Newest first, as a search returns them.
std::vector<Ev> sample() {
  return {
      {{{"host", {"b"}}, {"Image", {"cmd.exe"}}, {"n", {"10"}}, {"User", {"x"}}}, 40},
      {{{"host", {"a"}}, {"Image", {"ps.exe"}}, {"n", {"9"}}}, 30},
      {{{"host", {"a"}}, {"Image", {"cmd.exe"}}, {"n", {"2"}}, {"User", {"y"}}}, 20},
      {{{"Image", {"cmd.exe"}}, {"n", {"abc"}}}, 10},  // no host
  };
}

}  // namespace

TEST_CASE("stats: count by drops rows lacking the by-field (Trap 11), rows sorted by value") {
  Result r = run(stats("stats", {agg("count")}, {"host"}), view(sample()));
  CHECK(names(r) == S{"host", "count"});
  CHECK(col(r, "host") == S{"a", "b"});
  CHECK(col(r, "count") == S{"2", "1"});
}

TEST_CASE("stats: no BY gives exactly one row, also on empty input") {
  Result r = run(stats("stats", {agg("count"), agg("dc", "Image")}), view(sample()));
  CHECK(col(r, "count") == S{"4"});
  CHECK(col(r, "dc(Image)") == S{"2"});
  Result empty = run(stats("stats", {agg("count"), agg("max", "n")}), view({}));
  REQUIRE(empty.size() == 1);
  CHECK(col(empty, "count") == S{"0"});
  CHECK(col(empty, "max(n)") == S{""});
}

TEST_CASE("stats: values sorted lexicographically, list keeps order, first is newest") {
  Result r = run(stats("stats", {agg("values", "n"), agg("list", "Image"), agg("first", "Image"),
                                 agg("last", "Image"), agg("count", "User")}),
                 view(sample()));
  CHECK(col(r, "values(n)") == S{"10|2|9|abc"});  // "10" < "9"
  CHECK(col(r, "list(Image)") == S{"cmd.exe|ps.exe|cmd.exe|cmd.exe"});
  CHECK(col(r, "first(Image)") == S{"cmd.exe"});
  CHECK(col(r, "last(Image)") == S{"cmd.exe"});
  CHECK(col(r, "count(User)") == S{"2"});
}

TEST_CASE("stats: numeric functions ignore non-numbers; min/max numeric") {
  Result r = run(stats("stats", {agg("sum", "n"), agg("avg", "n"), agg("min", "n"), agg("max", "User"),
                                 agg("range", "n"), agg("median", "n"), agg("perc50", "n"),
                                 agg("var", "n"), agg("stdev", "n")}),
                 view(sample()));
  CHECK(col(r, "sum(n)") == S{"21"});
  CHECK(col(r, "avg(n)") == S{"7"});
  CHECK(col(r, "min(n)") == S{"2"});
  CHECK(col(r, "max(User)") == S{"y"});
  CHECK(col(r, "range(n)") == S{"8"});
  CHECK(col(r, "median(n)") == S{"9"});
  CHECK(col(r, "perc50(n)") == S{"9"});
  CHECK(col(r, "var(n)") == S{"19"});  // (9 + 4 + 25*... ) sample variance of 10,9,2 = 19
  double sd = 0;
  REQUIRE(r.get("stdev(n)", 0).as_number(sd));
  CHECK(sd == doctest::Approx(4.358898944));
}

TEST_CASE("stats: earliest/latest use _time, mode picks the most frequent") {
  Result r = run(stats("stats", {agg("earliest", "host"), agg("latest", "host"), agg("mode", "Image")}),
                 view(sample()));
  CHECK(col(r, "earliest(host)") == S{"a"});
  CHECK(col(r, "latest(host)") == S{"b"});
  CHECK(col(r, "mode(Image)") == S{"cmd.exe"});
}

TEST_CASE("stats: a multi-value by-field counts the event in each value's group") {
  std::vector<Ev> ev = {
      {{{"tag", {"x", "y"}}}, 2},
      {{{"tag", {"y"}}}, 1},
  };
  Result r = run(stats("stats", {agg("count")}, {"tag"}), view(ev));
  CHECK(col(r, "tag") == S{"x", "y"});
  CHECK(col(r, "count") == S{"1", "2"});
}

TEST_CASE("stats: several by-fields, case-sensitive grouping, numeric by order") {
  std::vector<Ev> ev = {
      {{{"a", {"cmd.exe"}}, {"b", {"10"}}}, 1},
      {{{"a", {"CMD.EXE"}}, {"b", {"9"}}}, 2},
      {{{"a", {"cmd.exe"}}, {"b", {"9"}}}, 3},
      {{{"a", {"cmd.exe"}}, {"b", {"10"}}}, 4},
  };
  Result r = run(stats("stats", {agg("count", "", "n")}, {"a", "b"}), view(ev));
  CHECK(names(r) == S{"a", "b", "n"});
  CHECK(col(r, "a") == S{"CMD.EXE", "cmd.exe", "cmd.exe"});
  CHECK(col(r, "b") == S{"9", "9", "10"});
  CHECK(col(r, "n") == S{"1", "1", "2"});
}

TEST_CASE("stats: list() keeps at most 100 values") {
  std::vector<Ev> ev;
  for (int i = 0; i < 150; ++i) ev.push_back({{{"v", {std::to_string(i)}}}, double(i)});
  Result r = run(stats("stats", {agg("list", "v"), agg("dc", "v")}), view(ev));
  CHECK(r.get("list(v)", 0).multi.size() == 100);
  CHECK(col(r, "dc(v)") == S{"150"});
}

TEST_CASE("stats: works on materialized input (after another stats)") {
  Result first = run(stats("stats", {agg("count")}, {"host", "Image"}), view(sample()));
  Result r = run(stats("stats", {agg("sum", "count", "total"), agg("values", "Image")}, {"host"}), first);
  CHECK(col(r, "host") == S{"a", "b"});
  CHECK(col(r, "total") == S{"2", "1"});
  CHECK(col(r, "values(Image)") == S{"cmd.exe|ps.exe", "cmd.exe"});
}

TEST_CASE("stats: unknown function is a QueryError") {
  CHECK_THROWS_AS(run(stats("stats", {agg("bogus", "x")}), view(sample())), QueryError);
}

TEST_CASE("eventstats: adds the group aggregate to every row, keeps order and rows") {
  Result r = run(stats("eventstats", {agg("count", "", "n"), agg("max", "n", "mx")}, {"host"}), view(sample()));
  CHECK(r.size() == 4);
  CHECK(r.is_event_view());
  CHECK(col(r, "n") == S{"1", "2", "2", ""});
  CHECK(col(r, "mx") == S{"10", "9", "9", ""});
  CHECK(col(r, "Image") == S{"cmd.exe", "ps.exe", "cmd.exe", "cmd.exe"});
}

TEST_CASE("eventstats: without BY every row gets the total") {
  Result r = run(stats("eventstats", {agg("count")}), view(sample()));
  CHECK(col(r, "count") == S{"4", "4", "4", "4"});
}

TEST_CASE("streamstats: running count, by, current=f, window") {
  Result seq = run(stats("streamstats", {agg("count", "", "seq")}), view(sample()));
  CHECK(col(seq, "seq") == S{"1", "2", "3", "4"});

  Result by = run(stats("streamstats", {agg("count")}, {"host"}), view(sample()));
  CHECK(col(by, "count") == S{"1", "1", "2", ""});

  Result prev = run(stats("streamstats", {agg("count")}, {}, opts({{"current", "f"}})), view(sample()));
  CHECK(col(prev, "count") == S{"", "1", "2", "3"});

  Result win = run(stats("streamstats", {agg("sum", "n", "s")}, {}, opts({{"window", "2"}})), view(sample()));
  CHECK(col(win, "s") == S{"10", "19", "11", "2"});
}

TEST_CASE("streamstats: reset_on_change restarts when the by-values change") {
  std::vector<Ev> ev = {
      {{{"h", {"a"}}}, 4}, {{{"h", {"a"}}}, 3}, {{{"h", {"b"}}}, 2}, {{{"h", {"a"}}}, 1},
  };
  Result r = run(stats("streamstats", {agg("count")}, {"h"}, opts({{"reset_on_change", "t"}})), view(ev));
  CHECK(col(r, "count") == S{"1", "2", "1", "1"});
  Result plain = run(stats("streamstats", {agg("count")}, {"h"}), view(ev));
  CHECK(col(plain, "count") == S{"1", "2", "1", "3"});
}
