// Conversion functions (Search Reference, Conversion functions): tonumber(s[, base]),
// todouble, toint, tostring(x[, "binary"|"hex"|"commas"|"duration"]), tobool, toarray, tomv,
// toobject. (ipmask, also on that page, lives with the network functions.)
//
// JSON arrays and objects are values of text in spelunk, as Splunk shows them in fields: toarray
// and toobject return the compact JSON text, or null when the value is not such JSON.
#include <cctype>
#include <cmath>
#include <fmt/format.h>

#include "evaluator/functions/helpers.hpp"
#include "evaluator/json_value.hpp"

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

// tonumber's conversion: a Number as it is; text in `base` (default 10), null when unreadable.
std::optional<Value> to_number(const CallArgs& a, const Value& v) {
  if (v.type == Value::Type::Number) return v;
  if (v.type != Value::Type::String) return std::nullopt;
  int base = 10;
  if (a.size() > 1) {
    auto b = number_arg(a, 1);
    if (!b || *b < 2 || *b > 36 || *b != std::trunc(*b)) return std::nullopt;
    base = static_cast<int>(*b);
  }
  if (base == 10) {
    double d = 0;
    if (!parse_number(v.str, d)) return std::nullopt;
    return Value::number_with(d, -1, v.str.find_first_of(".eE") != std::string::npos);
  }
  auto d = parse_in_base(v.str, base);
  if (!d) return std::nullopt;
  return Value::of(*d);
}

Value fn_tonumber(const CallArgs& a) { return to_number(a, a.value(0)).value_or(Value::null()); }

// todouble(5) "becomes 5.0" (Conversion functions): a whole number shows one decimal; text keeps
// the decimals it is written with.
Value fn_todouble(const CallArgs& a) {
  Value v = a.value(0);
  auto n = to_number(a, v);
  if (!n) return Value::null();
  int digits = v.type == Value::Type::String ? significant_digits(v.str) : v.number_digits();
  if (digits < 0 && n->number == std::trunc(n->number) && std::fabs(n->number) < 1e15)
    digits = decimal_exponent(n->number) + 2;
  return Value::number_with(n->number, digits, true);
}

// toint: the number rounded down (toint(3.14) is 3).
Value fn_toint(const CallArgs& a) {
  auto n = to_number(a, a.value(0));
  if (!n) return Value::null();
  return Value::of(std::floor(n->number));
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

constexpr double kMaxExactInteger = 9007199254740991.0;  // 2^53 - 1

Value fn_tostring(const CallArgs& a) {
  Value v = a.value(0);
  if (v.is_null()) return v;
  if (v.type == Value::Type::Bool) return Value::of(v.number != 0 ? "True" : "False");
  if (a.size() == 1) return v.is_multi() ? v : Value::of(v.to_string());
  auto how = string_arg(a, 1);
  if (!how) return Value::null();
  if (*how != "hex" && *how != "commas" && *how != "duration" && *how != "binary")
    a.fail("unknown format '" + *how + "' (expected \"binary\", \"hex\", \"commas\" or \"duration\")");
  // The format applies to numbers; other values come back as text.
  double d = 0;
  if (!v.as_number(d)) return v.is_multi() ? Value::null() : Value::of(v.to_string());
  if (*how == "hex") return Value::of(as_hex(d));
  if (*how == "commas") return Value::of(with_commas(d));
  if (*how == "duration") return Value::of(as_duration(d));
  // binary: "Only integers in the range of 0 to 2^53-1 are accepted" (Conversion functions).
  if (v.type != Value::Type::Number || d < 0 || d > kMaxExactInteger || d != std::trunc(d)) return Value::null();
  auto n = static_cast<unsigned long long>(d);
  return Value::of(fmt::format("{:b}", n));
}

// tobool: "true"/"True" and "false"/"False", a number (0 is false), a Boolean as it is.
Value fn_tobool(const CallArgs& a) {
  Value v = a.value(0);
  if (v.type == Value::Type::Bool) return v;
  if (v.type == Value::Type::Number) return Value::boolean(v.number != 0);
  if (v.type != Value::Type::String) return Value::null();
  if (v.str == "true" || v.str == "True") return Value::boolean(true);
  if (v.str == "false" || v.str == "False") return Value::boolean(false);
  double d = 0;
  if (parse_number(v.str, d)) return Value::boolean(d != 0);
  return Value::null();
}

// toarray: a multi-value becomes mv_to_json_array(<value>, true) (the page's table):
// toarray(split("1, 2, 3", ",")) is [1,2,3]; text must already be a JSON array.
Value fn_toarray(const CallArgs& a) {
  Value v = a.value(0);
  if (v.is_multi()) {
    json::Value array = json::Value::array();
    for (const auto& s : v.multi) array.items.push_back(json::infer(s));
    return Value::of(json::serialize(array));
  }
  if (v.type != Value::Type::String) return Value::null();
  auto parsed = json::parse(v.str);
  if (!parsed || !parsed->is_array()) return Value::null();
  return Value::of(json::serialize(*parsed));
}

// toobject: text that is a JSON object, written compactly; null otherwise.
Value fn_toobject(const CallArgs& a) {
  Value v = a.value(0);
  if (v.type != Value::Type::String) return Value::null();
  auto parsed = json::parse(v.str);
  if (!parsed || !parsed->is_object()) return Value::null();
  return Value::of(json::serialize(*parsed));
}

// tomv: a JSON array's elements as a multi-value, each as JSON text (strings keep their
// quotes: "The tomv function does not remove the quotation marks"); a multi-value as it is.
Value fn_tomv(const CallArgs& a) {
  Value v = a.value(0);
  if (v.is_multi()) return v;
  if (v.type != Value::Type::String) return Value::null();
  auto parsed = json::parse(v.str);
  if (!parsed || !parsed->is_array()) return Value::null();
  std::vector<std::string> out;
  for (const auto& item : parsed->items) out.push_back(json::serialize(item));
  return Value::list(std::move(out));
}

}  // namespace

void register_conversion(FunctionTable& t) {
  add(t, "tonumber", 1, 2, fn_tonumber);
  add(t, "todouble", 1, 2, fn_todouble);
  add(t, "toint", 1, 2, fn_toint);
  add(t, "tostring", 1, 2, fn_tostring);
  add(t, "tobool", 1, 1, fn_tobool, true);
  add(t, "toarray", 1, 1, fn_toarray);
  add(t, "toobject", 1, 1, fn_toobject);
  add(t, "tomv", 1, 1, fn_tomv);
}

}  // namespace spelunk::functions
