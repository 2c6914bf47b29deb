// rename, sort, tail, reverse, dedup, fillnull, mvexpand, makeresults.
#include <doctest/doctest.h>

#include "cmd_util.hpp"

using namespace spelunk;
using namespace spelunk::testing;

namespace {

ast::SortKey key(std::string field, bool desc = false, std::string type = "") {
  return ast::SortKey{std::move(field), desc, std::move(type)};
}

ast::Command sort(std::vector<ast::SortKey> keys, std::optional<std::size_t> limit = std::nullopt) {
  ast::SortCommand s;
  s.keys = std::move(keys);
  s.limit = limit;
  return command("sort", s);
}

ast::Command dedup(std::vector<std::string> fields, std::size_t n = 1, ast::Options o = {},
                   std::vector<ast::SortKey> sortby = {}) {
  ast::DedupCommand d;
  d.fields = std::move(fields);
  d.count = n;
  d.options = std::move(o);
  d.sortby = std::move(sortby);
  return command("dedup", d);
}

std::vector<Ev> numbered(int n) {
  std::vector<Ev> ev;
  for (int i = 0; i < n; ++i) ev.push_back({{{"i", {std::to_string(i)}}}, double(n - i)});
  return ev;
}

}  // namespace

TEST_CASE("rename: plain, onto an existing field, missing field, wildcards") {
  Result in = view({{{{"ParentImage", {"p"}}, {"ParentCommandLine", {"c"}}, {"Image", {"i"}}}, 1}});
  ast::RenameCommand rc;
  rc.renames = {{"Image", "ParentImage"}, {"nosuch", "x"}, {"Parent*", "P_*"}};
  Result r = run(command("rename", rc), in);
  CHECK(col(r, "P_Image") == S{"i"});  // Image -> ParentImage (replacing it) -> P_Image
  CHECK(col(r, "P_CommandLine") == S{"c"});
  CHECK(r.find("ParentImage") < 0);
  CHECK(r.find("x") < 0);
  CHECK(r.find("Image") < 0);
}

TEST_CASE("sort: numeric auto order, descending, missing values last both ways") {
  std::vector<Ev> ev = {
      {{{"c", {"2"}}}, 1}, {{{"c", {"10"}}}, 2}, {{}, 3}, {{{"c", {"9"}}}, 4}, {{{"c", {"b"}}}, 5},
  };
  CHECK(col(run(sort({key("c")}), view(ev)), "c") == S{"2", "9", "10", "b", ""});
  CHECK(col(run(sort({key("c", true)}), view(ev)), "c") == S{"b", "10", "9", "2", ""});
  CHECK(col(run(sort({key("c", false, "str")}), view(ev)), "c") == S{"10", "2", "9", "b", ""});
}

TEST_CASE("sort: byte order puts upper case first; IPs in address order; stable ties") {
  std::vector<Ev> ev = {
      {{{"s", {"b"}}, {"ip", {"10.0.0.10"}}, {"k", {"1"}}}, 1},
      {{{"s", {"B"}}, {"ip", {"10.0.0.9"}}, {"k", {"1"}}}, 2},
      {{{"s", {"a"}}, {"ip", {"9.1.1.1"}}, {"k", {"0"}}}, 3},
  };
  CHECK(col(run(sort({key("s")}), view(ev)), "s") == S{"B", "a", "b"});
  CHECK(col(run(sort({key("ip")}), view(ev)), "ip") == S{"9.1.1.1", "10.0.0.9", "10.0.0.10"});
  CHECK(col(run(sort({key("k")}), view(ev)), "s") == S{"a", "b", "B"});
}

TEST_CASE("sort: keeps 10000 of 15000 rows unless sort 0 (Trap 10); sort N") {
  Result in = view(numbered(15000));
  CHECK(run(sort({key("i", true)}), in).size() == 10000);
  CHECK(run(sort({key("i")}, 0), in).size() == 15000);
  Result three = run(sort({key("i", true)}, 3), in);
  CHECK(col(three, "i") == S{"14999", "14998", "14997"});
  CHECK(three.is_event_view());
}

TEST_CASE("tail: last N rows in reverse order (Trap 12); default 10; reverse flips") {
  ast::HeadCommand h;
  h.count = 3;
  CHECK(col(run(command("tail", h), view(numbered(5))), "i") == S{"4", "3", "2"});
  CHECK(run(command("tail", ast::HeadCommand{}), view(numbered(25))).size() == 10);
  CHECK(col(run(command("reverse", ast::ReverseCommand{}), view(numbered(3))), "i") == S{"2", "1", "0"});
}

TEST_CASE("dedup: keeps the first (newest), drops rows lacking the field (Trap 11/12)") {
  std::vector<Ev> ev = {
      {{{"Image", {"a"}}, {"n", {"1"}}}, 5}, {{{"Image", {"a"}}, {"n", {"2"}}}, 4}, {{{"n", {"3"}}}, 3},
      {{{"Image", {"b"}}, {"n", {"4"}}}, 2}, {{{"Image", {"a"}}, {"n", {"5"}}}, 1},
  };
  CHECK(col(run(dedup({"Image"}), view(ev)), "n") == S{"1", "4"});
  CHECK(col(run(dedup({"Image"}, 2), view(ev)), "n") == S{"1", "2", "4"});
  CHECK(col(run(dedup({"Image"}, 1, opts({{"keepempty", "true"}})), view(ev)), "n") == S{"1", "3", "4"});
  CHECK(col(run(dedup({"Image"}, 1, opts({{"consecutive", "t"}})), view(ev)), "n") == S{"1", "4", "5"});
  Result ke = run(dedup({"Image"}, 1, opts({{"keepevents", "t"}})), view(ev));
  CHECK(col(ke, "n") == S{"1", "2", "3", "4", "5"});
  CHECK(col(ke, "Image") == S{"a", "", "", "b", ""});
  CHECK(col(run(dedup({"Image"}, 1, {}, {key("n", true)}), view(ev)), "n") == S{"4", "1"});
}

TEST_CASE("dedup: several fields form the combination") {
  std::vector<Ev> ev = {
      {{{"a", {"1"}}, {"b", {"x"}}}, 3}, {{{"a", {"1"}}, {"b", {"y"}}}, 2}, {{{"a", {"1"}}, {"b", {"x"}}}, 1},
  };
  CHECK(run(dedup({"a", "b"}), view(ev)).size() == 2);
}

TEST_CASE("fillnull: all present fields by default, listed fields created, custom value") {
  std::vector<Ev> ev = {{{{"a", {"1"}}}, 2}, {{{"b", {"2"}}}, 1}};
  Result all = run(command("fillnull", ast::FillnullCommand{}), view(ev));
  CHECK(col(all, "a") == S{"1", "0"});
  CHECK(col(all, "b") == S{"0", "2"});
  ast::FillnullCommand f;
  f.value = "-";
  f.fields = {"a", "zz"};
  Result some = run(command("fillnull", f), view(ev));
  CHECK(col(some, "a") == S{"1", "-"});
  CHECK(col(some, "b") == S{"", "2"});
  CHECK(col(some, "zz") == S{"-", "-"});
}

TEST_CASE("mvexpand: one row per value, limit, single and missing values pass through") {
  std::vector<Ev> ev = {{{{"h", {"x", "y", "z"}}, {"k", {"1"}}}, 3}, {{{"k", {"2"}}}, 2}, {{{"h", {"w"}}, {"k", {"3"}}}, 1}};
  ast::MvexpandCommand m;
  m.field = "h";
  Result r = run(command("mvexpand", m), view(ev));
  CHECK(col(r, "h") == S{"x", "y", "z", "", "w"});
  CHECK(col(r, "k") == S{"1", "1", "1", "2", "3"});
  m.options = opts({{"limit", "2"}});
  CHECK(col(run(command("mvexpand", m), view(ev)), "h") == S{"x", "y", "", "w"});
}

TEST_CASE("makeresults: count rows with _time = now") {
  ExecContext ctx;
  ctx.now_us = 1'700'000'000'500'000;
  ast::MakeresultsCommand mk;
  mk.options = opts({{"count", "3"}});
  Result r = run(command("makeresults", mk), Result{}, &ctx);
  CHECK(r.size() == 3);
  CHECK(names(r) == S{"_time"});
  CHECK(r.get("_time", 2).number == doctest::Approx(1700000000.5));
  mk.options = opts({{"annotate", "t"}});
  Result a = run(command("makeresults", mk), Result{}, &ctx);
  CHECK(a.size() == 1);
  CHECK(a.find("sourcetype") >= 0);
}
