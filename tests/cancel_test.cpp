// Ctrl-C stops a long scan inside a command, not only between commands: the search filter's
// raw-term scan and the row loops of stats, eval, where, sort, dedup, eventstats, streamstats and
// rex check ExecContext::cancel. Each test raises the flag where only an inner check can see it
// (the command is called directly, without the pipeline runner's checks between commands).
#include <doctest/doctest.h>

#include <atomic>

#include "eval_core_store_fixture.hpp"
#include "evaluator/command.hpp"
#include "evaluator/pipeline.hpp"
#include "evaluator/search_filter.hpp"
#include "parser/parser.hpp"

using namespace spelunk;

namespace {

std::shared_ptr<const Store> events(std::size_t n) {
  std::vector<test::Ev> evs;
  for (std::size_t i = 0; i < n; ++i)
    evs.push_back({{{"EventCode", i % 2 ? "1" : "3"}, {"host", "ws-" + std::to_string(i % 7)}, {"n", std::to_string(i)}},
                   static_cast<std::int64_t>(1709539200 + i),
                   "<Event>EventCode " + std::to_string(i % 2) + " netstat -ano</Event>"});
  return test::make_store(evs);
}

// Runs the command of `| <text>` over every event, with the cancel flag already raised.
void expect_cancelled_inside(const std::string& text) {
  CAPTURE(text);
  ParseResult parsed = parse_query("* | " + text);
  REQUIRE_MESSAGE(parsed.pipeline, parsed.error->render(text));
  std::atomic<bool> cancel{false};
  ExecContext ctx;
  ctx.store = events(3000);
  ctx.cancel = &cancel;
  Result input = search_events(nullptr, ctx, {});
  REQUIRE(input.size() == 3000);
  cancel = true;
  const ast::Command& cmd = parsed.pipeline->commands.at(1);
  bool stopped = false;
  try {
    command_registry().at(cmd.name)(cmd, std::move(input), ctx);
  } catch (const QueryError& e) {
    stopped = e.message == "search cancelled";
  }
  CHECK(stopped);
}

}  // namespace

TEST_CASE("cancel: the raw-term scan stops once the flag is raised, inside filter_store") {
  auto store = events(50000);
  std::atomic<bool> cancel{false};
  SearchContext ctx;
  ctx.cancel = &cancel;
  // The field test runs first (AND orders field tests before raw scans); reading its column
  // raises the flag, as Ctrl-C would while the scan is about to start.
  ColumnLookup columns = [&](std::string_view field) -> const Column* {
    cancel = true;
    return store->column(field);
  };
  ast::SearchExpr e = test::group(ast::SearchExpr::Kind::And, {test::cmp("EventCode", "1"), test::term("netstat")});
  bool stopped = false;
  try {
    filter_store(e, *store, columns, ctx);
  } catch (const QueryError& err) {
    stopped = err.message == "search cancelled";
  }
  CHECK(stopped);
  // The same search without the flag runs to the end (25,000 odd events hold EventCode 1).
  cancel = false;
  ColumnLookup plain = [&](std::string_view field) { return store->column(field); };
  CHECK(filter_store(e, *store, plain, ctx).count() == 25000);
  // `_time=` leaves walk every row: they stop too.
  cancel = true;
  stopped = false;
  try {
    filter_store(test::cmp("_time", "1709*"), *store, plain, ctx);
  } catch (const QueryError& err) {
    stopped = err.message == "search cancelled";
  }
  CHECK(stopped);
}

TEST_CASE("cancel: long loops inside commands see the flag") {
  expect_cancelled_inside("stats count dc(n) by host");
  expect_cancelled_inside("stats count");
  expect_cancelled_inside("eval m=n*2");
  expect_cancelled_inside("where n > 5");
  expect_cancelled_inside("sort 0 - n");
  expect_cancelled_inside("dedup host");
  expect_cancelled_inside("dedup host sortby -n");
  expect_cancelled_inside("eventstats count by host");
  expect_cancelled_inside("streamstats count by host");
  expect_cancelled_inside("rex field=_raw \"(?<code>\\d+)\"");
  expect_cancelled_inside("timechart span=1m count by host");
}

TEST_CASE("cancel: the pipeline runner stops with \"search cancelled\" between commands too") {
  std::atomic<bool> cancel{true};
  ExecContext ctx;
  ctx.store = events(100);
  ctx.cancel = &cancel;
  ParseResult parsed = parse_query("EventCode=1 | head 5");
  REQUIRE(parsed.pipeline);
  bool stopped = false;
  try {
    run_pipeline(*parsed.pipeline, ctx);
  } catch (const QueryError& e) {
    stopped = e.message == "search cancelled";
  }
  CHECK(stopped);
}
