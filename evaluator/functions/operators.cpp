#include "evaluator/functions/operators.hpp"

#include <cmath>
#include <string>
#include <vector>

namespace spelunk::functions {

namespace {

bool scalar(const Value& v) { return v.type == Value::Type::Number || v.type == Value::Type::String; }

Value number_result(double d) {
  if (!std::isfinite(d)) return Value::null();
  return Value::of(d);
}

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
  switch (op) {
    case '+': return number_result(x + y);
    case '-': return number_result(x - y);
    case '*': return number_result(x * y);
    case '/': return y == 0 ? Value::null() : number_result(x / y);
    case '%': return y == 0 ? Value::null() : number_result(std::fmod(x, y));
    default: return Value::null();
  }
}

Value negate(const Value& v) {
  double x = 0;
  if (!scalar(v) || !v.as_number(x)) return Value::null();
  return Value::of(-x);
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
