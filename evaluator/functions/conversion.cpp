// Type conversion: tonumber(s[, base]), tostring(x[, "hex"|"commas"|"duration"]).
#include <cctype>
#include <cmath>
#include <fmt/format.h>

#include "evaluator/functions/helpers.hpp"

namespace spelunk::functions {

namespace {

std::optional<double> parse_in_base(std::string_view s, int base) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (base == 16 && (s.starts_with("0x") || s.starts_with("0X"))) s.remove_prefix(2);
  if (s.empty()) return std::nullopt;
  double value = 0;
  for (char c : s) {
    int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                : std::isalpha(static_cast<unsigned char>(c))
                    ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                    : 99;
    if (digit >= base) return std::nullopt;
    value = value * base + digit;
  }
  return negative ? -value : value;
}

Value fn_tonumber(const CallArgs& a) {
  Value v = a.value(0);
  if (v.type == Value::Type::Number) return v;
  if (v.type != Value::Type::String) return Value::null();
  int base = 10;
  if (a.size() > 1) {
    auto b = number_arg(a, 1);
    if (!b || *b < 2 || *b > 36) return Value::null();
    base = static_cast<int>(*b);
  }
  if (base == 10) {
    double d = 0;
    return parse_number(v.str, d) ? Value::of(d) : Value::null();
  }
  auto d = parse_in_base(v.str, base);
  return d ? Value::of(*d) : Value::null();
}

std::string with_commas(double d) {
  // Splunk: rounded to 2 decimals, trailing zeros kept only when there is a fraction.
  double rounded = std::round(d * 100) / 100;
  std::string text = rounded == std::trunc(rounded) ? fmt::format("{:.0f}", std::fabs(rounded))
                                                    : fmt::format("{:.2f}", std::fabs(rounded));
  std::size_t dot = text.find('.');
  std::size_t int_end = dot == std::string::npos ? text.size() : dot;
  std::string out;
  for (std::size_t i = 0; i < int_end; ++i) {
    if (i > 0 && (int_end - i) % 3 == 0) out += ',';
    out += text[i];
  }
  out += text.substr(int_end);
  return (rounded < 0 ? "-" : "") + out;
}

std::string as_duration(double d) {
  auto total = static_cast<long long>(std::trunc(d));
  bool negative = total < 0;
  if (negative) total = -total;
  long long days = total / 86400;
  std::string text = fmt::format("{:02}:{:02}:{:02}", total / 3600 % 24, total / 60 % 60, total % 60);
  if (days > 0) text = fmt::format("{}+{}", days, text);
  return negative ? "-" + text : text;
}

std::string as_hex(double d) {
  auto n = static_cast<long long>(std::trunc(d));
  return n < 0 ? fmt::format("-0x{:X}", -n) : fmt::format("0x{:X}", n);
}

Value fn_tostring(const CallArgs& a) {
  Value v = a.value(0);
  if (v.is_null()) return v;
  if (v.type == Value::Type::Bool) return Value::of(v.number != 0 ? "True" : "False");
  if (a.size() == 1) return v.is_multi() ? v : Value::of(v.to_string());
  auto how = string_arg(a, 1);
  double d = 0;
  if (!how || !v.as_number(d)) return v.is_multi() ? Value::null() : Value::of(v.to_string());
  if (*how == "hex") return Value::of(as_hex(d));
  if (*how == "commas") return Value::of(with_commas(d));
  if (*how == "duration") return Value::of(as_duration(d));
  a.fail("unknown format '" + *how + "' (expected \"hex\", \"commas\" or \"duration\")");
}

}  // namespace

void register_conversion(FunctionTable& t) {
  add(t, "tonumber", 1, 2, fn_tonumber);
  add(t, "tostring", 1, 2, fn_tostring);
}

}  // namespace spelunk::functions
