// evaluate(): operators here, functions in evaluator/functions/ (one file per family).
#include "evaluator/eval.hpp"

#include <algorithm>

#include "evaluator/functions/operators.hpp"
#include "evaluator/functions/registry.hpp"
#include "evaluator/regex.hpp"

namespace spelunk {

namespace {

using functions::truth;

// Three-valued Boolean logic: a null (or non-Boolean) operand is unknown.
Value boolean_binary(const ast::Expr& e, const EvalScope& scope) {
  const std::string& op = e.text;
  std::optional<bool> a = truth(evaluate(e.args[0], scope));
  if (op == "AND" && a == false) return Value::boolean(false);
  if (op == "OR" && a == true) return Value::boolean(true);
  std::optional<bool> b = truth(evaluate(e.args[1], scope));
  if (op == "AND") {
    if (b == false) return Value::boolean(false);
    if (a && b) return Value::boolean(true);
    return Value::null();
  }
  if (op == "OR") {
    if (b == true) return Value::boolean(true);
    if (a && b) return Value::boolean(false);
    return Value::null();
  }
  if (!a || !b) return Value::null();  // XOR
  return Value::boolean(*a != *b);
}

bool is_boolean_operator(const std::string& op) { return op == "AND" || op == "OR" || op == "XOR"; }

Value binary(const ast::Expr& e, const EvalScope& scope) {
  const std::string& op = e.text;
  if (is_boolean_operator(op)) return boolean_binary(e, scope);
  Value a = evaluate(e.args[0], scope);
  Value b = evaluate(e.args[1], scope);
  if (op.size() == 1 && std::string_view("+-*/%").find(op[0]) != std::string_view::npos)
    return functions::arithmetic(op[0], a, b);
  if (op == ".") return functions::concatenate(a, b);
  if (op == "LIKE") return functions::like(a, b);
  if (op == "=" || op == "!=" || op == "<" || op == "<=" || op == ">" || op == ">=")
    return functions::compare(op, a, b);
  throw EvalError{"unknown operator '" + op + "'", e.pos};
}

Value unary(const ast::Expr& e, const EvalScope& scope) {
  Value v = evaluate(e.args.at(0), scope);
  if (e.text == "-") return functions::negate(v);
  std::optional<bool> t = truth(v);  // NOT
  return t ? Value::boolean(!*t) : Value::null();
}

const functions::FunctionSpec& checked_function(const ast::Expr& e) {
  const functions::FunctionSpec* spec = functions::find_function(e.text);
  if (!spec) throw EvalError{"unknown eval function '" + e.text + "'", e.pos};
  std::size_t n = e.args.size();
  if (n < spec->min_arity || n > spec->max_arity) {
    std::string expected = spec->min_arity == spec->max_arity ? std::to_string(spec->min_arity)
                           : spec->max_arity == functions::kAnyArity
                               ? "at least " + std::to_string(spec->min_arity)
                               : std::to_string(spec->min_arity) + " to " + std::to_string(spec->max_arity);
    throw EvalError{e.text + "() takes " + expected + " argument(s), got " + std::to_string(n), e.pos};
  }
  if ((e.text == "case" || e.text == "validate") && n % 2 != 0)
    throw EvalError{e.text + "() takes pairs of arguments, got " + std::to_string(n), e.pos};
  if (spec->check) spec->check(e);
  return *spec;
}

Value call(const ast::Expr& e, const EvalScope& scope) {
  const functions::FunctionSpec& spec = checked_function(e);
  return spec.impl(functions::CallArgs(e, scope));
}

// Functions whose argument 1 is a regex: compiled up front so a bad literal fails early.
bool takes_regex_second(const std::string& name) { return name == "match" || name == "replace" || name == "mvfind"; }

void collect_fields(const ast::Expr& e, std::vector<std::string>& out) {
  if (e.kind == ast::Expr::Kind::Field) {
    if (std::find(out.begin(), out.end(), e.text) == out.end()) out.push_back(e.text);
    return;
  }
  for (const auto& a : e.args) collect_fields(a, out);
}

}  // namespace

Value evaluate(const ast::Expr& e, const EvalScope& scope) {
  switch (e.kind) {
    case ast::Expr::Kind::Number:  // a literal carries the precision it is written with ("8.250": 4 digits)
      return Value::number_with(e.number, significant_digits(e.text), e.text.find_first_of(".eE") != std::string::npos);
    case ast::Expr::Kind::String: return Value::of(e.text);
    case ast::Expr::Kind::Field: return scope.field ? scope.field(e.text) : Value::null();
    case ast::Expr::Kind::Call: return call(e, scope);
    case ast::Expr::Kind::Unary: return unary(e, scope);
    case ast::Expr::Kind::Binary: return binary(e, scope);
  }
  return Value::null();
}

bool evaluate_condition(const ast::Expr& expr, const EvalScope& scope) {
  return truth(evaluate(expr, scope)).value_or(false);
}

void check_expression(const ast::Expr& e) {
  if (e.kind == ast::Expr::Kind::Call) {
    checked_function(e);
    if (takes_regex_second(e.text) && e.args.size() > 1 && e.args[1].kind == ast::Expr::Kind::String) {
      try {
        compile_regex(e.args[1].text);
      } catch (const RegexError& err) {
        throw EvalError{e.text + "(): " + err.message, e.args[1].pos};
      }
    }
  }
  for (const auto& a : e.args) check_expression(a);
}

bool is_boolean_expression(const ast::Expr& e) {
  switch (e.kind) {
    case ast::Expr::Kind::Unary: return e.text == "NOT";
    case ast::Expr::Kind::Binary:
      return is_boolean_operator(e.text) || e.text == "LIKE" || e.text == "=" || e.text == "!=" ||
             e.text == "<" || e.text == "<=" || e.text == ">" || e.text == ">=";
    case ast::Expr::Kind::Call: {
      const functions::FunctionSpec* spec = functions::find_function(e.text);
      return spec && spec->returns_boolean;
    }
    default: return false;
  }
}

std::vector<std::string> referenced_fields(const ast::Expr& expr) {
  std::vector<std::string> out;
  collect_fields(expr, out);
  return out;
}

}  // namespace spelunk
