// Statistical eval functions (Search Reference, Statistical eval functions): avg, sum, min, max
// over several arguments, random.
//
// avg and sum take every numeric value of their arguments (each value of a multi-value field;
// a field's text counts when it reads as a number: `a="1"` counts, `a="somedata"` is skipped);
// a missing field is skipped. A string literal is an error before the search runs (the page:
// sum(1, 2, "3") "returns an error"; use tonumber("3")). Their results carry all their digits
// (avg(5.0, "9") is 7, not 7.0).
#include <optional>
#include <random>

#include "evaluator/functions/helpers.hpp"

namespace spelunk::functions {

namespace {

void no_string_literals(const ast::Expr& call) {
  for (std::size_t i = 0; i < call.args.size(); ++i)
    if (call.args[i].kind == ast::Expr::Kind::String)
      throw EvalError{call.text + "(): argument " + std::to_string(i + 1) + " is the string \"" + call.args[i].text +
                          "\"; use a number, a field, or tonumber(\"" + call.args[i].text + "\")",
                      call.args[i].pos};
}

// Every numeric value of every argument.
std::vector<double> numeric_values(const CallArgs& a) {
  std::vector<double> out;
  for (std::size_t i = 0; i < a.size(); ++i) {
    Value v = a.value(i);
    if (v.type == Value::Type::Number) {
      out.push_back(v.number);
      continue;
    }
    for (const auto& s : v.values()) {
      double d = 0;
      if (parse_number(s, d)) out.push_back(d);
    }
  }
  return out;
}

Value fn_sum(const CallArgs& a) {
  std::vector<double> values = numeric_values(a);
  if (values.empty()) return Value::null();
  double total = 0;
  for (double d : values) total += d;
  return Value::of(total);
}

Value fn_avg(const CallArgs& a) {
  std::vector<double> values = numeric_values(a);
  if (values.empty()) return Value::null();
  double total = 0;
  for (double d : values) total += d;
  return Value::of(total / static_cast<double>(values.size()));
}

// min/max over all values of all arguments: numbers compare numerically and sort before
// strings ("Strings are greater than numbers"); strings compare lexicographically. A Number
// keeps the digits it carries.
template <bool kMax>
Value extreme(const CallArgs& a) {
  std::optional<Value> best_number;
  std::optional<std::string> best_string;
  auto offer = [&](Value candidate) {
    if (!best_number || (kMax ? candidate.number > best_number->number : candidate.number < best_number->number))
      best_number = std::move(candidate);
  };
  for (std::size_t i = 0; i < a.size(); ++i) {
    Value v = a.value(i);
    if (v.type == Value::Type::Number) {
      offer(v);
      continue;
    }
    for (const auto& s : v.values()) {
      double d = 0;
      if (parse_number(s, d)) {
        offer(Value::number_with(d, significant_digits(s), s.find_first_of(".eE") != std::string::npos));
      } else if (!best_string || (kMax ? s > *best_string : s < *best_string)) {
        best_string = s;
      }
    }
  }
  if (kMax ? best_string.has_value() : !best_number.has_value())
    return best_string ? Value::of(*best_string) : Value::null();
  return *best_number;
}

Value fn_random(const CallArgs&) {
  thread_local std::mt19937 engine{std::random_device{}()};
  return Value::of(static_cast<double>(engine() & 0x7fffffff));  // 0 .. 2^31-1
}

}  // namespace

void register_statistical(FunctionTable& t) {
  add(t, "avg", 1, kAnyArity, fn_avg, false, no_string_literals);
  add(t, "sum", 1, kAnyArity, fn_sum, false, no_string_literals);
  add(t, "min", 1, kAnyArity, extreme<false>);
  add(t, "max", 1, kAnyArity, extreme<true>);
  add(t, "random", 0, 0, fn_random);
}

}  // namespace spelunk::functions
