#include "evaluator/time/timezone.hpp"

#include <cstdlib>
#include <ctime>
#include <mutex>

namespace spelunk::timeutil {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

CivilTime civil_utc(std::int64_t t) {
  std::int64_t days = floor_div(t, 86400);
  std::int64_t secs = t - days * 86400;
  // Howard Hinnant's civil_from_days.
  std::int64_t z = days + 719468;
  std::int64_t era = floor_div(z, 146097);
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = yoe + era * 400;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  CivilTime c;
  c.year = static_cast<int>(y);
  c.month = static_cast<int>(m);
  c.day = static_cast<int>(d);
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  c.second = static_cast<int>(secs % 60);
  c.weekday = static_cast<int>(((days + 4) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  c.yearday = static_cast<int>(days - days_from_civil(y, 1, 1));
  return c;
}

// The C library keeps one process-wide zone: switch it only when it differs from the last one
// we set (tzset re-reads the zone file), always under the mutex.
std::mutex zone_mutex;
std::string current_zone;

void use_zone(std::string_view tz) {
  if (current_zone == tz) return;
  current_zone = std::string(tz);
  setenv("TZ", current_zone.c_str(), 1);
  tzset();
}

}  // namespace

bool is_utc(std::string_view tz) {
  return tz.empty() || tz == "UTC" || tz == "utc" || tz == "GMT" || tz == "Z" || tz == "Etc/UTC" ||
         tz == "UTC0" || tz == "Etc/GMT";
}

std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) {
  y += floor_div(m - 1, 12);
  m = m - 1 - floor_div(m - 1, 12) * 12 + 1;
  y -= m <= 2;
  std::int64_t era = floor_div(y, 400);
  std::int64_t yoe = y - era * 400;
  std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilTime to_civil(std::int64_t t, std::string_view tz) {
  if (is_utc(tz)) return civil_utc(t);
  std::tm tm{};
  std::time_t tt = static_cast<std::time_t>(t);
  {
    std::lock_guard lock(zone_mutex);
    use_zone(tz);
    if (!localtime_r(&tt, &tm)) return civil_utc(t);
  }
  CivilTime c;
  c.year = tm.tm_year + 1900;
  c.month = tm.tm_mon + 1;
  c.day = tm.tm_mday;
  c.hour = tm.tm_hour;
  c.minute = tm.tm_min;
  c.second = tm.tm_sec;
  c.weekday = tm.tm_wday;
  c.yearday = tm.tm_yday;
  c.utc_offset = tm.tm_gmtoff;
  c.zone = tm.tm_zone ? tm.tm_zone : "";
  return c;
}

std::int64_t from_civil(const CivilTime& c, std::string_view tz) {
  if (is_utc(tz)) {
    return days_from_civil(c.year, c.month, 1) * 86400 + (std::int64_t{c.day} - 1) * 86400 +
           std::int64_t{c.hour} * 3600 + std::int64_t{c.minute} * 60 + c.second;
  }
  std::tm tm{};
  tm.tm_year = c.year - 1900;
  tm.tm_mon = c.month - 1;
  tm.tm_mday = c.day;
  tm.tm_hour = c.hour;
  tm.tm_min = c.minute;
  tm.tm_sec = c.second;
  tm.tm_isdst = -1;
  std::lock_guard lock(zone_mutex);
  use_zone(tz);
  return static_cast<std::int64_t>(mktime(&tm));
}

}  // namespace spelunk::timeutil
