// Civil time in a named time zone. g++ 12's <chrono> has no tzdb, so IANA zones go through the
// C library (TZ + tzset + localtime_r/mktime under a mutex); UTC is pure arithmetic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace spelunk::timeutil {

struct CivilTime {
  int year = 1970;
  int month = 1;    // 1..12
  int day = 1;      // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int weekday = 4;  // 0 = Sunday
  int yearday = 0;  // 0-based
  long utc_offset = 0;  // seconds east of UTC
  std::string zone = "UTC";
};

bool is_utc(std::string_view tz);
// Epoch seconds -> civil time in tz.
CivilTime to_civil(std::int64_t epoch_seconds, std::string_view tz);
// Civil time in tz -> epoch seconds. Out-of-range fields are normalised (month 13 = next
// January, day 0 = last day of the previous month); weekday/yearday/offset are ignored.
std::int64_t from_civil(const CivilTime& civil, std::string_view tz);

// Days since 1970-01-01 of a proleptic Gregorian date (month may be out of range).
std::int64_t days_from_civil(std::int64_t year, std::int64_t month, std::int64_t day);

}  // namespace spelunk::timeutil
