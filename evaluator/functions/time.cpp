// Time functions: now, time, relative_time, strftime, strptime. Eval time values are epoch
// seconds (double); the scope's now_us is the search's pinned "now".
#include <chrono>
#include <cmath>

#include "evaluator/functions/helpers.hpp"
#include "evaluator/time/relative_time.hpp"
#include "evaluator/time/strtime.hpp"

namespace spelunk::functions {

namespace {

Value fn_now(const CallArgs& a) { return Value::of(std::floor(static_cast<double>(a.scope().now_us) / 1e6)); }

Value fn_time(const CallArgs&) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::system_clock::now().time_since_epoch()).count();
  return Value::of(static_cast<double>(us) / 1e6);
}

Value fn_relative_time(const CallArgs& a) {
  auto t = number_arg(a, 0);
  auto spec = string_arg(a, 1);
  if (!t || !spec || std::fabs(*t) > 1e12) return Value::null();
  auto us = apply_time_modifier(*spec, static_cast<std::int64_t>(std::llround(*t * 1e6)), a.scope().tz);
  if (!us) return Value::null();
  return Value::of(static_cast<double>(*us) / 1e6);
}

Value fn_strftime(const CallArgs& a) {
  auto t = number_arg(a, 0);
  auto format = string_arg(a, 1);
  if (!t || !format || std::fabs(*t) > 1e12) return Value::null();
  return Value::of(format_time(*t, *format, a.scope().tz));
}

Value fn_strptime(const CallArgs& a) {
  auto text = string_arg(a, 0);
  auto format = string_arg(a, 1);
  if (!text || !format) return Value::null();
  auto t = parse_time(*text, *format, a.scope().tz);
  return t ? Value::of(*t) : Value::null();
}

}  // namespace

void register_time(FunctionTable& t) {
  add(t, "now", 0, 0, fn_now);
  add(t, "time", 0, 0, fn_time);
  add(t, "relative_time", 2, 2, fn_relative_time);
  add(t, "strftime", 2, 2, fn_strftime);
  add(t, "strptime", 2, 2, fn_strptime);
}

}  // namespace spelunk::functions
