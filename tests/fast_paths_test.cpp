// The evaluator's fast paths give exactly what a plain, row-by-row reading of the same events
// gives: the lazy per-candidate decision of a field test (few candidates), the decisions shared by
// identical leaves, the newest-first order cached per store, and `stats count by F` counted per
// dictionary code. Events are random (seeded) with unsorted times, equal times, absent fields,
// sparse columns and multi-values, so each path meets the cases it special-cases.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>

#include "evaluator/glob.hpp"
#include "evaluator/pipeline.hpp"
#include "parser/parser.hpp"
#include "tests/cmd_util.hpp"

using namespace spelunk;
using spelunk::testing::Ev;

namespace {

struct Fixture {
  std::vector<Ev> events;
  std::shared_ptr<const Store> store;
};

// host on most events (dense), cmd on a few (sparse), sometimes two cmd values (multi).
Fixture random_events(unsigned seed, std::size_t count) {
  std::mt19937 rng(seed);
  const char* words[] = {"net use", "NET SESSIONS", "whoami", "net file x", "ping", "Use-It"};
  Fixture f;
  for (std::size_t i = 0; i < count; ++i) {
    Ev e;
    e.time = static_cast<double>(rng() % 50);  // few distinct times: many ties
    if (rng() % 10 != 0) e.fields.push_back({"host", {"H" + std::to_string(rng() % 7)}});
    if (rng() % 4 == 0) {
      std::vector<std::string> cmds{words[rng() % 6]};
      if (rng() % 3 == 0) cmds.push_back(words[rng() % 6]);
      e.fields.push_back({"cmd", cmds});
    }
    f.events.push_back(std::move(e));
  }
  f.store = spelunk::testing::make_store(f.events);
  return f;
}

Result run_query(const Fixture& f, const std::string& query) {
  ParseResult parsed = parse_query(query);
  REQUIRE(parsed.pipeline);
  ExecContext ctx;
  ctx.store = f.store;
  return run_pipeline(*parsed.pipeline, ctx);
}

std::vector<std::string> values_of(const Ev& e, const std::string& field) {
  for (const auto& [name, values] : e.fields)
    if (name == field) return values;
  return {};
}

// The rows a plain reading returns for `host=<host> cmd=<pattern>`: newest first, ties in
// event order.
std::vector<std::size_t> expected_rows(const Fixture& f, const std::string& host, const std::string& pattern) {
  GlobPattern glob(pattern);  // case-insensitive
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < f.events.size(); ++i) {
    auto hosts = values_of(f.events[i], "host");
    auto cmds = values_of(f.events[i], "cmd");
    bool host_ok = !hosts.empty() && ascii_lower(hosts[0]) == ascii_lower(host);
    bool cmd_ok = std::any_of(cmds.begin(), cmds.end(), [&](const std::string& c) { return glob.matches(c); });
    if (host_ok && cmd_ok) rows.push_back(i);
  }
  std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
    return f.events[a].time > f.events[b].time;
  });
  return rows;
}

}  // namespace

TEST_CASE("field tests over few candidates match a plain reading, newest first") {
  Fixture f = random_events(7, 5000);
  for (const std::string pattern : {"*use*", "net*", "*SESSIONS", "ping"}) {
    for (const std::string host : {"h3", "H0"}) {
      // The same leaf twice (shared decisions) and once per host (lazy per candidate).
      Result r = run_query(f, "search (host=" + host + " cmd=\"" + pattern + "\") OR (host=" + host +
                                  " cmd=\"" + pattern + "\")");
      auto expected = expected_rows(f, host, pattern);
      CAPTURE(pattern);
      CAPTURE(host);
      REQUIRE(r.size() == expected.size());
      CHECK(r.size() > 0);
      for (std::size_t i = 0; i < expected.size(); ++i) CHECK(r.event_rows()[i] == expected[i]);
    }
  }
}

TEST_CASE("a search that keeps most events walks the cached newest-first order") {
  Fixture f = random_events(11, 4000);
  Result all = run_query(f, "search *");
  Result most = run_query(f, "search NOT host=H1");
  REQUIRE(all.size() == f.events.size());
  std::vector<std::size_t> order(f.events.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return f.events[a].time > f.events[b].time;
  });
  for (std::size_t i = 0; i < order.size(); ++i) CHECK(all.event_rows()[i] == order[i]);
  std::vector<std::size_t> kept;
  for (std::size_t r : order) {
    auto hosts = values_of(f.events[r], "host");
    if (hosts.empty() || hosts[0] != "H1") kept.push_back(r);  // NOT keeps events without host
  }
  REQUIRE(most.size() == kept.size());
  CHECK(most.size() * 16 > f.events.size());
  for (std::size_t i = 0; i < kept.size(); ++i) CHECK(most.event_rows()[i] == kept[i]);
}

TEST_CASE("stats count by a store field counts per code like the general path") {
  Fixture f = random_events(3, 6000);
  Result fast = run_query(f, "search * | stats count by host");
  Result general = run_query(f, "search * | eval h=host | stats count by h");  // materialized column
  std::map<std::string, std::size_t> expected;
  for (const auto& e : f.events) {
    auto hosts = values_of(e, "host");
    if (!hosts.empty()) ++expected[hosts[0]];  // events without host are dropped (R8.7c)
  }
  REQUIRE(fast.size() == expected.size());
  std::size_t i = 0;
  for (const auto& [host, count] : expected) {
    CHECK(fast.get("host", i).to_string() == host);
    CHECK(fast.get("count", i).to_string() == std::to_string(count));
    CHECK(general.get("h", i).to_string() == host);
    CHECK(general.get("count", i).to_string() == std::to_string(count));
    ++i;
  }
}

TEST_CASE("the time range picker bounds every leading search, subsearches too, unless overridden") {
  Fixture f;
  f.events = {Ev{{{"a", {"x"}}}, 10}, Ev{{{"a", {"y"}}}, 20}, Ev{{{"a", {"z"}}}, 30}};
  f.store = spelunk::testing::make_store(f.events);
  auto run_with_picker = [&](const std::string& query) {
    ParseResult parsed = parse_query(query);
    REQUIRE(parsed.pipeline);
    ExecContext ctx;
    ctx.store = f.store;
    ctx.picker_earliest = "15";
    ctx.picker_latest = "31";
    return run_pipeline(*parsed.pipeline, ctx);
  };
  CHECK(run_with_picker("search *").size() == 2);
  CHECK(run_with_picker("search a=x").size() == 0);
  CHECK(run_with_picker("search earliest=0").size() == 3);  // the search's own modifier wins
  // The outer search has its own range; the subsearch still gets the picker's: y and z only.
  Result r = run_with_picker("search earliest=0 [search * | fields a]");
  REQUIRE(r.size() == 2);
  CHECK(r.get("a", 0).to_string() == "z");
  CHECK(r.get("a", 1).to_string() == "y");
}

TEST_CASE("stats on two threads (counts, dc, values by a store field) equals the one-thread result") {
  // Above the size at which aggregation splits its rows between two threads.
  std::mt19937 rng(5);
  std::vector<Ev> events;
  for (std::size_t i = 0; i < 140000; ++i) {
    Ev e;
    e.time = static_cast<double>(i);
    if (rng() % 20 != 0) e.fields.push_back({"h", {"h" + std::to_string(rng() % 300)}});
    if (rng() % 3 != 0) e.fields.push_back({"x", {"v" + std::to_string(rng() % 5000)}});
    events.push_back(std::move(e));
  }
  Fixture f{events, spelunk::testing::make_store(events)};
  auto run_with = [&](unsigned threads) {
    ParseResult parsed = parse_query("search * | stats count, count(x) as cx, dc(x) as d, values(x) as v by h");
    REQUIRE(parsed.pipeline);
    ExecContext ctx;
    ctx.store = f.store;
    ctx.threads = threads;
    return run_pipeline(*parsed.pipeline, ctx);
  };
  Result one = run_with(1), two = run_with(2);
  REQUIRE(one.size() == 300);
  REQUIRE(two.size() == one.size());
  for (const char* name : {"h", "count", "cx", "d", "v"})
    for (std::size_t row = 0; row < one.size(); ++row) {
      CAPTURE(name);
      CAPTURE(row);
      CHECK(two.get(name, row).values() == one.get(name, row).values());
    }
  // And against a plain count for one group.
  std::size_t expected = 0;
  for (const auto& e : events)
    if (values_of(e, "h") == std::vector<std::string>{"h7"}) ++expected;
  for (std::size_t row = 0; row < two.size(); ++row)
    if (two.get("h", row).to_string() == "h7") CHECK(two.get("count", row).to_string() == std::to_string(expected));
}
