#include <doctest/doctest.h>

#include "evaluator/command.hpp"
#include "tests/eval_support.hpp"

using namespace spelunk;
using spelunk::testing::expr;

namespace {

ast::Command eval_command(std::vector<std::pair<std::string, std::string>> assignments) {
  ast::EvalCommand body;
  for (auto& [name, text] : assignments) body.assignments.emplace_back(name, expr(text));
  return ast::Command{"eval", body, {}};
}

ast::Command where_command(std::string_view text) { return ast::Command{"where", ast::WhereCommand{expr(text)}, {}}; }

Result run(const ast::Command& cmd, Result input) {
  ExecContext ctx;
  ctx.now_us = 1715701500LL * 1000000;
  return command_registry().at(cmd.name)(cmd, std::move(input), ctx);
}

std::shared_ptr<Store> sample_store() {
  StoreBuilder b;
  const char* users[] = {"SYSTEM", "alice", "system"};
  const char* pids[] = {"4", "1200", "88"};
  for (int i = 0; i < 3; ++i) {
    b.begin_event();
    b.set("User", users[i]);
    b.set("ProcessId", pids[i]);
    if (i == 1) b.set("CommandLine", "cmd.exe /c whoami");
    b.set_time((1715701500LL + i) * kMicrosPerSecond);
    b.set_raw(std::string("raw") + std::to_string(i));
    b.end_event();
  }
  return std::make_shared<Store>(b.finish());
}

}  // namespace

TEST_CASE("eval command: assignments left to right, later ones see earlier results") {
  Result t = Result::table({"a"});
  t.add_row({Value::of("2")});
  t.add_row({Value::of("5")});
  Result r = run(eval_command({{"b", "a * 10"}, {"c", "b + 1"}, {"a", "\"x\" . a"}}), std::move(t));
  CHECK(r.get("b", 0).to_string() == "20");
  CHECK(r.get("c", 1).to_string() == "51");
  CHECK(r.get("a", 1).to_string() == "x5");
}

TEST_CASE("eval command: a null result removes the field for that row (Trap 13: x=1/0)") {
  Result t = Result::table({"x", "y"});
  t.add_row({Value::of("1"), Value::of("keep")});
  t.add_row({Value::of("0"), Value::of("keep")});
  Result r = run(eval_command({{"y", "10 / x"}}), std::move(t));
  CHECK(r.get("y", 0).to_string() == "10");
  CHECK(r.get("y", 1).is_null());
}

TEST_CASE("eval command: storing a Boolean is an error (Trap 13)") {
  Result t = Result::table({"a"});
  t.add_row({Value::of("2")});
  CHECK_THROWS_AS(run(eval_command({{"b", "a > 1"}}), t), QueryError);
  CHECK_THROWS_AS(run(eval_command({{"b", "isnull(a)"}}), t), QueryError);
  CHECK_NOTHROW(run(eval_command({{"b", "if(a > 1, \"t\", \"f\")"}}), t));
  CHECK_THROWS_AS(run(eval_command({{"b", "nosuch(a)"}}), t), QueryError);
}

TEST_CASE("eval command: works on an event view, reading store fields and _time") {
  Result view = Result::events(sample_store(), {2, 1, 0});
  Result r = run(eval_command({{"who", "lower(User)"}, {"day", "strftime(_time, \"%F\")"},
                               {"cl", "CommandLine . \"!\""}}),
                 std::move(view));
  CHECK(r.is_event_view());
  CHECK(r.size() == 3);
  CHECK(r.get("who", 0).to_string() == "system");
  CHECK(r.get("who", 1).to_string() == "alice");
  CHECK(r.get("day", 2).to_string() == "2024-05-14");
  CHECK(r.get("cl", 1).to_string() == "cmd.exe /c whoami!");
  CHECK(r.get("cl", 0).is_null());
  CHECK(r.get("User", 0).to_string() == "system");  // store columns still there
}

TEST_CASE("where command: keeps rows where the condition is true, case-sensitive") {
  Result view = Result::events(sample_store(), {0, 1, 2});
  Result r = run(where_command("User = \"SYSTEM\""), view);
  REQUIRE(r.size() == 1);
  CHECK(r.get("ProcessId", 0).to_string() == "4");
  CHECK(r.is_event_view());

  r = run(where_command("ProcessId > 50"), view);  // numeric, not string, order
  CHECK(r.size() == 2);
  r = run(where_command("like(CommandLine, \"%whoami\")"), view);
  CHECK(r.size() == 1);
  r = run(where_command("User = SYSTEM"), view);  // a field named SYSTEM: absent
  CHECK(r.size() == 0);
  r = run(where_command("isnull(CommandLine) OR ProcessId = 1200"), view);
  CHECK(r.size() == 3);
  r = run(where_command("lower(User)"), view);  // not a Boolean: no row kept
  CHECK(r.size() == 0);
}

TEST_CASE("where command: searchmatch() applies search semantics (case-insensitive values) to the row") {
  Result view = Result::events(sample_store(), {0, 1, 2});
  Result r = run(where_command("searchmatch(\"User=system\")"), view);
  CHECK(r.size() == 2);  // SYSTEM and system: search compares values case-insensitively
  r = run(where_command("searchmatch(\"raw1 OR ProcessId>50\")"), view);
  CHECK(r.size() == 2);
  r = run(where_command("NOT searchmatch(\"CommandLine=*whoami*\")"), view);
  CHECK(r.size() == 2);
  CHECK_THROWS_AS(run(where_command("searchmatch(\"User=(\")"), view), QueryError);
}
