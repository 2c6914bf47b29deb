#include <doctest/doctest.h>

#include "eval_core_store_fixture.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/pipeline.hpp"

using namespace spelunk;
using namespace spelunk::test;

namespace {

ast::Pipeline pipeline(std::optional<ast::SearchExpr> search, std::vector<ast::Command> rest = {}) {
  ast::Pipeline p;
  p.commands.push_back(command("search", ast::SearchCommand{std::move(search)}));
  for (auto& c : rest) p.commands.push_back(std::move(c));
  return p;
}

std::vector<std::string> column(const Result& r, std::string_view name) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < r.size(); ++i) out.push_back(r.get(name, i).to_string());
  return out;
}

std::vector<std::string> names(const Result& r) {
  std::vector<std::string> out;
  for (const auto& c : r.columns()) out.push_back(c.name);
  return out;
}

using Strings = std::vector<std::string>;

std::shared_ptr<const Store> sample() {
  return make_store({
      {{{"Image", "a.exe"}, {"ParentImage", "p.exe"}}, 20, "first"},
      {{{"Image", "b.exe"}}, 40, "second"},
      {{{"Image", "c.exe"}, {"CommandLine", "c -x"}}, 30, "third"},
      {{{"Image", "d.exe"}}, 40, "fourth"},
  });
}

}  // namespace

TEST_CASE("pipeline: events come newest first, ties keep store order") {
  ExecContext ctx;
  ctx.store = sample();
  Result r = run_pipeline(pipeline(std::nullopt), ctx);
  CHECK(column(r, "Image") == Strings{"b.exe", "d.exe", "c.exe", "a.exe"});
  CHECK(r.is_event_view());
}

TEST_CASE("pipeline: table keeps listed order, wildcards sorted, absent fields empty (R8.3)") {
  ExecContext ctx;
  ctx.store = sample();
  Result r = run_pipeline(pipeline(std::nullopt, {command("table", ast::TableCommand{{"Nope", "*Image", "_time"}})}), ctx);
  CHECK(names(r) == Strings{"Nope", "Image", "ParentImage", "_time"});
  CHECK(column(r, "Nope") == Strings{"", "", "", ""});
  CHECK(column(r, "ParentImage") == Strings{"", "", "", "p.exe"});
  CHECK(column(r, "_time") == Strings{"40", "40", "30", "20"});
}

TEST_CASE("pipeline: fields + keeps _time/_raw, fields - removes (R8.4)") {
  ExecContext ctx;
  ctx.store = sample();
  Result keep = run_pipeline(pipeline(std::nullopt, {command("fields", ast::FieldsCommand{false, {"Image"}})}), ctx);
  CHECK(names(keep) == Strings{"_time", "_raw", "Image"});
  Result drop = run_pipeline(pipeline(std::nullopt, {command("fields", ast::FieldsCommand{true, {"_*", "Parent*"}})}), ctx);
  CHECK(names(drop) == Strings{"Image", "CommandLine"});
}

TEST_CASE("pipeline: head N, default 10, limit= (R8.11)") {
  ExecContext ctx;
  ctx.store = sample();
  ast::HeadCommand h;
  h.count = 2;
  Result r = run_pipeline(pipeline(std::nullopt, {command("head", h)}), ctx);
  CHECK(column(r, "Image") == Strings{"b.exe", "d.exe"});
  ast::HeadCommand d;
  CHECK(run_pipeline(pipeline(std::nullopt, {command("head", d)}), ctx).size() == 4);
  ast::HeadCommand l;
  l.options.items.push_back({"limit", "1"});
  CHECK(run_pipeline(pipeline(std::nullopt, {command("head", l)}), ctx).size() == 1);
}

TEST_CASE("pipeline: | search over an event view and over materialized rows (R8.1)") {
  ExecContext ctx;
  ctx.store = sample();
  Result r = run_pipeline(pipeline(std::nullopt, {command("search", ast::SearchCommand{cmp("Image", "*.exe")}),
                                                  command("search", ast::SearchCommand{NOT(cmp("Image", "b*"))})}),
                          ctx);
  CHECK(column(r, "Image") == Strings{"d.exe", "c.exe", "a.exe"});
  // Terms read _raw.
  Result t = run_pipeline(pipeline(std::nullopt, {command("search", ast::SearchCommand{term("third")})}), ctx);
  CHECK(column(t, "Image") == Strings{"c.exe"});
  // Materialized rows (as after stats): tested row by row; no _raw, so terms match nothing.
  ExecContext empty;
  Result table = Result::table({"Image", "count"});
  table.add_row({Value::of("a.exe"), Value::of(7.0)});
  table.add_row({Value::of("b.exe"), Value::of(3.0)});
  ast::Command s = command("search", ast::SearchCommand{cmp("count", "5", ast::CompareOp::Gt)});
  Result kept = command_registry().at("search")(s, table, empty);
  CHECK(column(kept, "Image") == Strings{"a.exe"});
  ast::Command s2 = command("search", ast::SearchCommand{term("a.exe")});
  CHECK(command_registry().at("search")(s2, table, empty).size() == 0);
}

TEST_CASE("pipeline: unknown command is a positioned QueryError") {
  ExecContext ctx;
  ctx.store = sample();
  ast::Command c = command("frobnicate", ast::GenericCommand{});
  c.pos.offset = 12;
  c.pos.column = 13;
  try {
    run_pipeline(pipeline(std::nullopt, {c}), ctx);
    FAIL("expected a QueryError");
  } catch (const QueryError& e) {
    CHECK(e.message == "command `frobnicate` is not supported yet");
    CHECK(e.pos.column == 13);
  }
}

TEST_CASE("pipeline: calculated fields are columns of the view and searchable") {
  Knowledge k;
  REQUIRE(k.load_props_text("[st]\nFIELDALIAS-c = CommandLine AS cmdline\n"
                            "EVAL-process_name = replace(Image, \"^.*\\\\\\\\\", \"\")\n",
                            "t.conf")
              .empty());
  ExecContext ctx;
  ctx.store = make_store({{{{"sourcetype", "st"}, {"Image", "C:\\x\\net.exe"}, {"CommandLine", "net use"}}, 1, "r1"},
                          {{{"sourcetype", "st"}, {"Image", "C:\\x\\net1.exe"}, {"CommandLine", "net1 user"}}, 2, "r2"},
                          {{{"sourcetype", "st"}, {"Image", "C:\\x\\net.exe"}, {"CommandLine", "net view"}}, 3, "r3"}});
  ctx.knowledge = &k;
  auto q = AND({cmp("process_name", "NET.EXE"), cmp("cmdline", "*use*")});
  Result r = run_pipeline(pipeline(q, {command("table", ast::TableCommand{{"process_name", "cmdline"}})}), ctx);
  CHECK(column(r, "cmdline") == Strings{"net use"});
  CHECK(column(r, "process_name") == Strings{"net.exe"});
}

TEST_CASE("pipeline: warnings name fields no event has, with close names") {
  ExecContext ctx;
  ctx.store = sample();
  auto p = pipeline(AND({cmp("image", "x"), cmp("Message", "*net*")}),
                    {command("table", ast::TableCommand{{"Image", "CommandLin"}})});
  auto w = missing_field_warnings(p, ctx);
  REQUIRE(w.size() == 3);
  CHECK(w[0] == "`image`: no event has this field (closest: `Image`)");
  CHECK(w[1] == "`Message`: no event has this field");
  CHECK(w[2] == "`CommandLin`: no event has this field (closest: `CommandLine`)");
  CHECK(edit_distance("ABC", "abd") == 1);
}

TEST_CASE("pipeline: a subsearch becomes (field=value AND ...) OR ... over its rows") {
  ExecContext ctx;
  ctx.store = sample();
  auto inner = std::make_shared<ast::Pipeline>(
      pipeline(in("Image", {"b.exe", "c.exe"}), {command("table", ast::TableCommand{{"Image", "_time"}})}));
  ast::SearchExpr sub;
  sub.kind = ast::SearchExpr::Kind::Subsearch;
  sub.subsearch = inner;
  Result r = run_pipeline(pipeline(sub), ctx);
  CHECK(column(r, "Image") == Strings{"b.exe", "c.exe"});
  // No rows: matches nothing.
  auto none = std::make_shared<ast::Pipeline>(pipeline(cmp("Image", "zzz")));
  sub.subsearch = none;
  CHECK(run_pipeline(pipeline(sub), ctx).size() == 0);
  Result empty = Result::table({"x"});
  CHECK(subsearch_filter(empty, {}).children.empty());
}
