#include <doctest/doctest.h>

#include "evaluator/time/relative_time.hpp"
#include "evaluator/time/strtime.hpp"

using namespace spelunk;

namespace {

constexpr std::int64_t kNow = 1715701500LL * 1000000;  // Tue 2024-05-14 15:45:00 UTC

// The modifier applied to kNow, shown as UTC text.
std::string at(std::string_view spec, std::string_view tz = "UTC", std::int64_t now = kNow) {
  auto us = apply_time_modifier(spec, now, tz);
  if (!us) return "invalid";
  return format_time(static_cast<double>(*us) / 1e6, "%Y-%m-%d %H:%M:%S", "UTC");
}

}  // namespace

TEST_CASE("time modifiers: R7.2 examples with now = Tue 2024-05-14 15:45 UTC") {
  CHECK(at("now") == "2024-05-14 15:45:00");
  CHECK(at("-24h@h") == "2024-05-13 15:00:00");
  CHECK(at("@d") == "2024-05-14 00:00:00");
  CHECK(at("-1d@d") == "2024-05-13 00:00:00");
  CHECK(at("-7d@w0") == "2024-05-05 00:00:00");
  CHECK(at("-30m") == "2024-05-14 15:15:00");
  CHECK(at("0") == "1970-01-01 00:00:00");
}

TEST_CASE("time modifiers: default count, unit spellings, snapping units") {
  CHECK(at("-h") == "2024-05-14 14:45:00");
  CHECK(at("-1hr") == "2024-05-14 14:45:00");
  CHECK(at("-2hours") == "2024-05-14 13:45:00");
  CHECK(at("-90s") == "2024-05-14 15:43:30");
  CHECK(at("-5min@m") == "2024-05-14 15:40:00");
  CHECK(at("+1mon@mon") == "2024-06-01 00:00:00");
  CHECK(at("@q") == "2024-04-01 00:00:00");
  CHECK(at("@y") == "2024-01-01 00:00:00");
  CHECK(at("-1y@y") == "2023-01-01 00:00:00");
  CHECK(at("-1q") == "2024-02-14 15:45:00");
  CHECK(at("-2w") == "2024-04-30 15:45:00");
  CHECK(at("@w") == "2024-05-12 00:00:00");   // Sunday
  CHECK(at("@w1") == "2024-05-13 00:00:00");  // Monday
  CHECK(at("@w2") == "2024-05-14 00:00:00");  // Tuesday: today
  CHECK(at("@w3") == "2024-05-08 00:00:00");  // Wednesday: last week
  CHECK(at("@w7") == "2024-05-12 00:00:00");
  CHECK(at("-1d@d+8h") == "2024-05-13 08:00:00");  // chained offset after a snap
}

TEST_CASE("time modifiers: absolute times and epoch numbers") {
  CHECK(at("10/19/2016:00:00:00") == "2016-10-19 00:00:00");
  CHECK(at("1715701500") == "2024-05-14 15:45:00");
  CHECK(*apply_time_modifier("1715701500.25", 0, "UTC") == 1715701500250000);
  CHECK(at("05/14/2024:10:00:00", "America/New_York") == "2024-05-14 14:00:00");
}

TEST_CASE("time modifiers: invalid specs are rejected") {
  CHECK(at("") == "invalid");
  CHECK(at("yesterday") == "invalid");
  CHECK(at("-1x") == "invalid");
  CHECK(at("@fortnight") == "invalid");
  CHECK(at("-99999999999999999999d") == "invalid");
}

TEST_CASE("time modifiers: snapping uses the time zone") {
  // 15:45 UTC is 11:45 in New York (EDT, UTC-4): @d is 04:00 UTC.
  CHECK(at("@d", "America/New_York") == "2024-05-14 04:00:00");
  // 15:45 UTC is 00:45 next day in Tokyo (UTC+9): @d is 15:00 UTC.
  CHECK(at("@d", "Asia/Tokyo") == "2024-05-14 15:00:00");
  // A day back across the DST change keeps the wall-clock hour: 2024-03-10 US spring forward.
  std::int64_t march11 = 1710169200LL * 1000000;  // 2024-03-11 15:00 UTC = 11:00 EDT
  CHECK(at("-1d", "America/New_York", march11) == "2024-03-10 15:00:00");
  CHECK(at("-1d@d", "America/New_York", march11) == "2024-03-10 05:00:00");  // midnight EST
}

TEST_CASE("time modifiers: sub-second part kept by offsets, dropped by snaps") {
  auto us = apply_time_modifier("-1s", kNow + 250000, "UTC");
  REQUIRE(us);
  CHECK(*us == kNow - 1000000 + 250000);
  us = apply_time_modifier("@s", kNow + 250000, "UTC");
  REQUIRE(us);
  CHECK(*us == kNow);
}
