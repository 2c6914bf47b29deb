#include <doctest/doctest.h>

#include "evaluator/result.hpp"

using namespace spelunk;

TEST_CASE("result: event view reads the store; select_rows keeps the view") {
  StoreBuilder b;
  for (int i = 0; i < 3; ++i) {
    b.begin_event();
    b.set("host", i == 1 ? "h1" : "h0");
    b.set_time(i * kMicrosPerSecond);
    b.set_raw("raw" + std::to_string(i));
    b.end_event();
  }
  auto store = std::make_shared<Store>(b.finish());
  Result r = Result::events(store, {2, 1, 0});
  REQUIRE(r.size() == 3);
  CHECK(r.get("host", 1).to_string() == "h1");
  CHECK(r.get("_time", 0).number == 2.0);
  CHECK(r.get("_raw", 2).to_string() == "raw0");
  CHECK(r.get("nosuch", 0).is_null());
  r.select_rows({1});
  CHECK(r.size() == 1);
  CHECK(r.is_event_view());
  CHECK(r.get("host", 0).to_string() == "h1");
}

TEST_CASE("result: materialized table, set_column, rename, append unites columns") {
  Result t = Result::table({"a", "b"});
  t.add_row({Value::of("1"), Value::of(2.0)});
  t.add_row({Value::of("3"), Value::null()});
  t.set_column("c", {Value::of("x"), Value::of("y")});
  t.rename_column("a", "b");  // replaces b
  REQUIRE(t.columns().size() == 2);
  CHECK(t.columns()[0].name == "b");
  CHECK(t.get("b", 1).to_string() == "3");
  Result u = Result::table({"d"});
  u.add_row({Value::of("z")});
  t.append(u);
  CHECK(t.size() == 3);
  CHECK(t.get("d", 2).to_string() == "z");
  CHECK(t.get("d", 0).is_null());
  CHECK(t.get("c", 2).is_null());
}
