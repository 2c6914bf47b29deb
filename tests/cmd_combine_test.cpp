// collect, append, appendpipe, join, transaction.
#include <doctest/doctest.h>

#include "cmd_util.hpp"

using namespace spelunk;
using namespace spelunk::testing;

namespace {

Result table(std::vector<std::string> cols, std::vector<std::vector<std::string>> rows) {
  Result r = Result::table(cols);
  for (auto& row : rows) {
    std::vector<Value> values;
    for (auto& s : row) values.push_back(s.empty() ? Value::null() : Value::of(s));
    r.add_row(std::move(values));
  }
  return r;
}

ast::PipelinePtr pipeline(std::vector<ast::Command> cmds) {
  auto p = std::make_shared<ast::Pipeline>();
  p->commands = std::move(cmds);
  return p;
}

ast::Command join(std::vector<std::string> fields, ast::Options o) {
  ast::JoinCommand j;
  j.fields = std::move(fields);
  j.options = std::move(o);
  j.subsearch = pipeline({});
  return command("join", j);
}

}  // namespace

TEST_CASE("collect: keeps results by index name and passes them on") {
  std::map<std::string, Result> collected;
  ExecContext ctx;
  ctx.collected = &collected;
  ast::CollectCommand c;
  c.options = opts({{"index", "hunt"}});
  Result in = table({"a"}, {{"1"}, {"2"}});
  Result out = run(command("collect", c), in, &ctx);
  run(command("collect", c), in, &ctx);
  CHECK(out.size() == 2);
  REQUIRE(collected.count("hunt") == 1);
  CHECK(col(collected["hunt"], "a") == S{"1", "2", "1", "2"});
}

TEST_CASE("append and appendpipe") {
  ExecContext ctx;
  ctx.run_pipeline = [](const ast::Pipeline&) { return table({"b"}, {{"x"}}); };
  ast::AppendCommand a;
  a.subsearch = pipeline({});
  Result r = run(command("append", a), table({"a"}, {{"1"}}), &ctx);
  CHECK(col(r, "a") == S{"1", ""});
  CHECK(col(r, "b") == S{"", "x"});

  ast::AppendpipeCommand ap;
  ap.subsearch = pipeline({stats("stats", {agg("count", "", "total")})});
  Result p = run(command("appendpipe", ap), table({"a"}, {{"1"}, {"2"}}), &ctx);
  CHECK(col(p, "a") == S{"1", "2", ""});
  CHECK(col(p, "total") == S{"", "", "2"});
}

TEST_CASE("join: inner drops unmatched rows, left keeps them, max and overwrite") {
  ExecContext ctx;
  ctx.run_pipeline = [](const ast::Pipeline&) {
    return table({"k", "v", "w"}, {{"1", "one", "W1"}, {"2", "two", ""}, {"2", "deux", "W2"}});
  };
  Result in = table({"k", "w"}, {{"1", "mine"}, {"2", "mine2"}, {"3", "mine3"}});
  Result inner = run(join({"k"}, {}), in, &ctx);
  CHECK(col(inner, "k") == S{"1", "2"});
  CHECK(col(inner, "v") == S{"one", "two"});
  CHECK(col(inner, "w") == S{"W1", "mine2"});  // the sub row lacks w: the row keeps its own
  Result left = run(join({"k"}, opts({{"type", "left"}, {"max", "0"}})), in, &ctx);
  CHECK(col(left, "k") == S{"1", "2", "2", "3"});
  CHECK(col(left, "v") == S{"one", "two", "deux", ""});
  Result keep = run(join({}, opts({{"overwrite", "f"}})), in, &ctx);  // joins on k and w
  CHECK(keep.size() == 0);
  Result keep2 = run(join({"k"}, opts({{"overwrite", "false"}})), in, &ctx);
  CHECK(col(keep2, "w") == S{"mine", "mine2"});
}

TEST_CASE("transaction: groups by field, maxpause splits, duration and eventcount") {
  std::vector<Ev> ev = {  // newest first
      {{{"g", {"a"}}, {"x", {"3"}}}, 400}, {{{"g", {"b"}}, {"x", {"9"}}}, 130},
      {{{"g", {"a"}}, {"x", {"2"}}}, 120}, {{{"g", {"a"}}, {"x", {"1"}}}, 100}, {{{"x", {"0"}}}, 90},
  };
  ast::TransactionCommand t;
  t.fields = {"g"};
  t.options = opts({{"maxpause", "1m"}});
  Result r = run(command("transaction", t), view(ev));
  CHECK(col(r, "_time") == S{"400", "130", "100"});
  CHECK(col(r, "eventcount") == S{"1", "1", "2"});
  CHECK(col(r, "duration") == S{"0", "0", "20"});
  CHECK(col(r, "x") == S{"3", "9", "1|2"});
  CHECK(col(r, "_raw") == S{"raw", "raw", "raw\nraw"});
  t.options = opts({{"maxspan", "10s"}});
  CHECK(run(command("transaction", t), view(ev)).size() == 4);
  t.options = opts({});
  CHECK(col(run(command("transaction", t), view(ev)), "eventcount") == S{"1", "3"});
  t.options = opts({{"startswith", "nosuchterm"}});  // no event starts a transaction
  CHECK(run(command("transaction", t), view(ev)).size() == 0);
}
