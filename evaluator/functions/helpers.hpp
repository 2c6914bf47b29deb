// Small helpers shared by the function families.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "evaluator/functions/registry.hpp"

namespace spelunk::functions {

// Argument i as a number (numeric-looking strings count); nullopt for null/non-numeric/multi.
inline std::optional<double> number_arg(const CallArgs& args, std::size_t i) {
  Value v = args.value(i);
  double d = 0;
  if (v.is_multi() || !v.as_number(d)) return std::nullopt;
  return d;
}

// Argument i as text; nullopt for null. A multi-value gives its first value.
inline std::optional<std::string> string_arg(const CallArgs& args, std::size_t i) {
  Value v = args.value(i);
  if (v.is_null()) return std::nullopt;
  if (v.is_multi()) return v.multi.front();
  return v.to_string();
}

// Applies f to each value of v (text), keeping single/multi shape; null stays null.
template <typename F>
Value map_values(const Value& v, F f) {
  if (v.is_null()) return Value::null();
  if (!v.is_multi()) return Value::of(f(v.to_string()));
  std::vector<std::string> out;
  out.reserve(v.multi.size());
  for (const auto& s : v.multi) out.push_back(f(s));
  return Value::list(std::move(out));
}

// Whether argument i's value is a number for isnum/typeof: Numbers, and numeric-looking text
// that comes from a field (extracted values are text; Splunk treats them as numbers).
inline bool numeric_argument(const CallArgs& args, std::size_t i, const Value& v) {
  if (v.type == Value::Type::Number) return true;
  double d = 0;
  return v.type == Value::Type::String && args.expr(i).kind == ast::Expr::Kind::Field && v.as_number(d);
}

inline void add(FunctionTable& t, const char* name, std::size_t min, std::size_t max, FunctionImpl f,
                bool boolean = false, FunctionCheck check = nullptr) {
  t[name] = FunctionSpec{min, max, f, boolean, check};
}

// A Number result that keeps the significant digits of argument i (trigonometric and other
// functions of one number: atan(0.50) shows 0.46, cos(pi()) shows -1.00000000000; Search
// Reference, Trig and Hyperbolic functions).
inline Value number_like(double d, const Value& argument) {
  return Value::number_with(d, argument.number_digits(), true);
}

}  // namespace spelunk::functions
