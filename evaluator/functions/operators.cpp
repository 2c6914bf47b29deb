#include "evaluator/functions/operators.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace spelunk::functions {

namespace {

bool scalar(const Value& v) { return v.type == Value::Type::Number || v.type == Value::Type::String; }

// The precision of an arithmetic result (Search Reference, eval, "Rounding": no greater than
// that of the least precise input). A product or quotient keeps the fewest significant digits of
// its operands; a sum or difference keeps the fewest decimal places. Operands that carry all
// their digits (integers, exact()) do not limit it.
int product_digits(const Value& a, const Value& b) {
  const int x = a.number_digits(), y = b.number_digits();
  if (x < 0) return y;
  if (y < 0) return x;
  return std::min(x, y);
}

int sum_digits(double result, const Value& a, double x, const Value& b, double y) {
  const int dx = a.number_digits(), dy = b.number_digits();
  if (dx < 0 && dy < 0) return -1;
  constexpr int kUnlimited = 1 << 20;
  const int decx = dx < 0 ? kUnlimited : dx - 1 - decimal_exponent(x);
  const int decy = dy < 0 ? kUnlimited : dy - 1 - decimal_exponent(y);
  return std::max(1, std::min(decx, decy) + 1 + decimal_exponent(result));
}

// NaN and the infinities are results too, shown as nan, inf and -inf (Search Reference, eval,
// "Numeric calculations"); only a division by zero gives null.
Value number_result(double d, int digits, bool real) { return Value::number_with(d, digits, real); }

bool satisfies(std::string_view op, int order) {
  if (op == "=") return order == 0;
  if (op == "!=") return order != 0;
  if (op == "<") return order < 0;
  if (op == "<=") return order <= 0;
  if (op == ">") return order > 0;
  return order >= 0;  // ">="
}

std::vector<std::string> comparable_values(const Value& v) {
  if (v.type == Value::Type::Bool) return {v.number != 0 ? "1" : "0"};
  return v.values();
}

}  // namespace

std::optional<bool> truth(const Value& v) {
  if (v.type == Value::Type::Bool) return v.number != 0;
  return std::nullopt;
}

Value arithmetic(char op, const Value& a, const Value& b) {
  if (!scalar(a) || !scalar(b)) return Value::null();
  double x = 0, y = 0;
  bool nx = a.as_number(x), ny = b.as_number(y);
  if (!nx || !ny) {
    if (op == '+' && !nx && !ny) return Value::of(a.str + b.str);
    return Value::null();
  }
  const bool real = a.is_real() || b.is_real();
  switch (op) {
    case '+': return number_result(x + y, sum_digits(x + y, a, x, b, y), real);
    case '-': return number_result(x - y, sum_digits(x - y, a, x, b, y), real);
    case '*': return number_result(x * y, product_digits(a, b), real);
    case '/':
      if (y == 0) return Value::null();
      return number_result(x / y, product_digits(a, b), real || std::fmod(x, y) != 0);
    case '%': return y == 0 ? Value::null() : number_result(std::fmod(x, y), sum_digits(std::fmod(x, y), a, x, b, y), real);
    default: return Value::null();
  }
}

Value negate(const Value& v) {
  double x = 0;
  if (!scalar(v) || !v.as_number(x)) return Value::null();
  return Value::number_with(-x, v.number_digits(), v.is_real());
}

Value concatenate(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null() || a.is_multi() || b.is_multi()) return Value::null();
  return Value::of(a.to_string() + b.to_string());
}

int compare_scalars(std::string_view a, std::string_view b) {
  double x = 0, y = 0;
  if (parse_number(a, x) && parse_number(b, y)) return x < y ? -1 : (x > y ? 1 : 0);
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

Value compare(std::string_view op, const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return Value::null();
  // Numbers compare by value even when their text differs ("1.0" = 1).
  if (a.type == Value::Type::Number && b.type == Value::Type::Number)
    return Value::boolean(satisfies(op, a.number < b.number ? -1 : (a.number > b.number ? 1 : 0)));
  for (const auto& x : comparable_values(a))
    for (const auto& y : comparable_values(b))
      if (satisfies(op, compare_scalars(x, y))) return Value::boolean(true);
  return Value::boolean(false);
}

bool like_match(std::string_view text, std::string_view pattern) {
  // Iterative wildcard matching with one backtrack point: linear-ish, no recursion.
  std::size_t t = 0, p = 0, star_p = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '%') {
      star_p = p++;
      star_t = t;
    } else if (p < pattern.size() && (pattern[p] == '_' || pattern[p] == text[t])) {
      ++t;
      ++p;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

Value like(const Value& text, const Value& pattern) {
  if (text.is_null() || pattern.is_null() || pattern.is_multi()) return Value::null();
  std::string pat = pattern.to_string();
  for (const auto& v : text.values())
    if (like_match(v, pat)) return Value::boolean(true);
  return Value::boolean(false);
}

}  // namespace spelunk::functions
