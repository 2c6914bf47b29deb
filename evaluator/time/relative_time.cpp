#include "evaluator/time/relative_time.hpp"

#include <cctype>
#include <cmath>
#include <string>

#include "evaluator/time/strtime.hpp"
#include "evaluator/time/timezone.hpp"

namespace spelunk {

namespace {

using timeutil::CivilTime;

enum class Unit { Second, Minute, Hour, Day, Week, Month, Quarter, Year };

std::optional<Unit> parse_unit(std::string_view u) {
  auto any = [&](std::initializer_list<std::string_view> names) {
    for (auto n : names)
      if (u == n) return true;
    return false;
  };
  if (any({"s", "sec", "secs", "second", "seconds"})) return Unit::Second;
  if (any({"m", "min", "mins", "minute", "minutes"})) return Unit::Minute;
  if (any({"h", "hr", "hrs", "hour", "hours"})) return Unit::Hour;
  if (any({"d", "day", "days"})) return Unit::Day;
  if (any({"w", "week", "weeks"})) return Unit::Week;
  if (any({"mon", "month", "months"})) return Unit::Month;
  if (any({"q", "qtr", "qtrs", "quarter", "quarters"})) return Unit::Quarter;
  if (any({"y", "yr", "yrs", "year", "years"})) return Unit::Year;
  return std::nullopt;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

struct Instant {
  std::int64_t seconds;  // whole epoch seconds
  std::int64_t micros;   // 0..999999
};

Instant split(std::int64_t us) {
  std::int64_t s = floor_div(us, 1000000);
  return {s, us - s * 1000000};
}

std::int64_t join(Instant i) { return i.seconds * 1000000 + i.micros; }

Instant offset(Instant t, std::int64_t n, Unit unit, std::string_view tz) {
  switch (unit) {
    case Unit::Second: t.seconds += n; return t;
    case Unit::Minute: t.seconds += n * 60; return t;
    case Unit::Hour: t.seconds += n * 3600; return t;
    default: break;
  }
  CivilTime c = timeutil::to_civil(t.seconds, tz);
  if (unit == Unit::Day) c.day += static_cast<int>(n);
  if (unit == Unit::Week) c.day += static_cast<int>(7 * n);
  if (unit == Unit::Month) c.month += static_cast<int>(n);
  if (unit == Unit::Quarter) c.month += static_cast<int>(3 * n);
  if (unit == Unit::Year) c.year += static_cast<int>(n);
  t.seconds = timeutil::from_civil(c, tz);
  return t;
}

// weekday: -1 for plain @w (= Sunday), else 0..6.
Instant snap(Instant t, Unit unit, int weekday, std::string_view tz) {
  CivilTime c = timeutil::to_civil(t.seconds, tz);
  t.micros = 0;
  if (unit == Unit::Second) return t;
  c.second = 0;
  if (unit != Unit::Minute) c.minute = 0;
  if (unit != Unit::Minute && unit != Unit::Hour) c.hour = 0;
  switch (unit) {
    case Unit::Week: c.day -= ((c.weekday - (weekday < 0 ? 0 : weekday)) % 7 + 7) % 7; break;
    case Unit::Month: c.day = 1; break;
    case Unit::Quarter: c.day = 1; c.month = (c.month - 1) / 3 * 3 + 1; break;
    case Unit::Year: c.day = 1; c.month = 1; break;
    default: break;
  }
  t.seconds = timeutil::from_civil(c, tz);
  return t;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::string_view take_letters(std::string_view s, std::size_t& i) {
  std::size_t start = i;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(start, i - start);
}

std::optional<std::int64_t> apply_relative(std::string_view spec, std::int64_t now_us, std::string_view tz) {
  Instant t = split(now_us);
  std::size_t i = 0;
  while (i < spec.size()) {
    char c = spec[i];
    if (c == '+' || c == '-') {
      ++i;
      std::size_t start = i;
      while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i]))) ++i;
      if (i - start > 9) return std::nullopt;
      std::int64_t n = i == start ? 1 : std::stoll(std::string(spec.substr(start, i - start)));
      auto unit = parse_unit(take_letters(spec, i));
      if (!unit) return std::nullopt;
      t = offset(t, c == '-' ? -n : n, *unit, tz);
    } else if (c == '@') {
      ++i;
      std::string_view name = take_letters(spec, i);
      int weekday = -1;
      if (name == "w" && i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i]))) {
        weekday = (spec[i] - '0') % 7;  // @w7 is Sunday too
        ++i;
      }
      auto unit = parse_unit(name);
      if (!unit) return std::nullopt;
      t = snap(t, *unit, weekday, tz);
    } else {
      return std::nullopt;
    }
  }
  return join(t);
}

}  // namespace

std::optional<std::int64_t> apply_time_modifier(std::string_view spec, std::int64_t now_us, std::string_view tz) {
  while (!spec.empty() && std::isspace(static_cast<unsigned char>(spec.front()))) spec.remove_prefix(1);
  while (!spec.empty() && std::isspace(static_cast<unsigned char>(spec.back()))) spec.remove_suffix(1);
  if (spec.empty()) return std::nullopt;
  if (spec == "now" || spec == "rt" || spec == "rtnow") return now_us;
  if (all_digits(spec)) {
    if (spec.size() > 12) return std::nullopt;
    return std::stoll(std::string(spec)) * 1000000;
  }
  if (std::size_t dot = spec.find('.'); dot != std::string_view::npos && dot < 13 &&
      all_digits(spec.substr(0, dot)) && all_digits(spec.substr(dot + 1))) {
    return static_cast<std::int64_t>(std::llround(std::stod(std::string(spec)) * 1e6));  // fractional epoch
  }
  if (spec.find('/') != std::string_view::npos) {
    auto parsed = parse_time(spec, "%m/%d/%Y:%H:%M:%S", tz);
    if (!parsed) return std::nullopt;
    return static_cast<std::int64_t>(*parsed * 1e6);
  }
  return apply_relative(spec, now_us, tz);
}

}  // namespace spelunk
