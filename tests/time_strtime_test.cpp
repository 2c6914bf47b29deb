#include <doctest/doctest.h>

#include "evaluator/time/strtime.hpp"
#include "tests/eval_support.hpp"

using namespace spelunk;

namespace {
constexpr double kNow = 1715701500;  // Tue 2024-05-14 15:45:00 UTC
}

TEST_CASE("strftime: Splunk variables in UTC") {
  CHECK(format_time(kNow, "%Y-%m-%dT%H:%M:%S%z", "UTC") == "2024-05-14T15:45:00+0000");
  CHECK(format_time(kNow + 0.123456, "%H:%M:%S.%3N", "UTC") == "15:45:00.123");
  CHECK(format_time(kNow + 0.123456, "%6N|%N", "UTC") == "123456|123456000");
  CHECK(format_time(kNow, "%a %A %b %B %j %y %e %p %I", "UTC") == "Tue Tuesday May May 135 24 14 PM 03");
  CHECK(format_time(kNow, "%F %T %s %Z %%", "UTC") == "2024-05-14 15:45:00 1715701500 UTC %");
  CHECK(format_time(kNow, "%m/%d/%Y:%H:%M:%S", "UTC") == "05/14/2024:15:45:00");
  CHECK(format_time(-1, "%Y-%m-%d %H:%M:%S", "UTC") == "1969-12-31 23:59:59");
  CHECK(format_time(kNow, "%q", "UTC") == "%q");
}

TEST_CASE("strftime: in an IANA time zone") {
  CHECK(format_time(kNow, "%Y-%m-%d %H:%M %z %Z", "America/New_York") == "2024-05-14 11:45 -0400 EDT");
  CHECK(format_time(kNow, "%H:%M %:z", "Asia/Kolkata") == "21:15 +05:30");
  CHECK(format_time(kNow, "%H:%M", "UTC") == "15:45");  // switching back works
}

TEST_CASE("strptime: parses Splunk variables, null on mismatch") {
  CHECK(parse_time("2024-05-14 15:45:00", "%Y-%m-%d %H:%M:%S", "UTC") == kNow);
  CHECK(parse_time("2024-05-14T15:45:00.250Z", "%Y-%m-%dT%H:%M:%S.%3N%Z", "UTC") == kNow + 0.25);
  CHECK(parse_time("2024-05-14 17:45:00 +0200", "%Y-%m-%d %H:%M:%S %z", "UTC") == kNow);
  CHECK(parse_time("14/May/2024:03:45:00 PM", "%d/%b/%Y:%I:%M:%S %p", "UTC") == kNow);
  CHECK(parse_time("Tuesday, May 14, 2024 15:45", "%A, %B %d, %Y %H:%M", "UTC") == kNow);
  CHECK(parse_time("1715701500", "%s", "UTC") == kNow);
  CHECK(parse_time("2024-05-14 11:45:00", "%Y-%m-%d %H:%M:%S", "America/New_York") == kNow);
  CHECK_FALSE(parse_time("not a date", "%Y-%m-%d", "UTC"));
  CHECK_FALSE(parse_time("2024-13-01", "%Y-%m-%d", "UTC"));
  CHECK_FALSE(parse_time("2024/05/14", "%Y-%m-%d", "UTC"));
}

TEST_CASE("eval time functions: now, relative_time, strftime, strptime, time") {
  spelunk::testing::MapScope s({{"_time", Value::of(kNow)}});
  CHECK(s.text("now()") == "1715701500");
  CHECK(s.text("strftime(relative_time(now(), \"-1d@d\"), \"%F %T\")") == "2024-05-13 00:00:00");
  CHECK(s.text("strftime(_time, \"%Y-%m-%d\")") == "2024-05-14");
  CHECK(s.text("strptime(\"2024-05-14 15:45:00\", \"%Y-%m-%d %H:%M:%S\")") == "1715701500");
  CHECK(s.eval("strptime(\"garbage\", \"%Y\")").is_null());
  CHECK(s.eval("relative_time(now(), \"bogus\")").is_null());
  CHECK(s.eval("strftime(missing, \"%Y\")").is_null());
  CHECK(s.eval("time()").number > kNow);
  s.scope.tz = "America/New_York";
  CHECK(s.text("strftime(now(), \"%H:%M\")") == "11:45");
}
