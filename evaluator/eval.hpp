// Evaluation of eval expressions (eval, where, calculated fields, count(eval(...)), ...).
// Functions live in evaluator/functions/, one small file per family, registered by name.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "evaluator/value.hpp"
#include "parser/ast.hpp"

namespace spelunk {

// What an expression can see: field values of the current row, and search-wide facts.
struct EvalScope {
  std::function<Value(std::string_view field)> field;  // null Value when the row lacks it
  std::int64_t now_us = 0;     // now() and relative_time: the search's pinned "now"
  std::string tz = "UTC";      // for strftime/strptime/relative_time snapping
  // For searchmatch(): tests a search string against the current row (may be empty).
  std::function<bool(std::string_view search)> searchmatch;
};

// Throws EvalError for errors that abort the search (unknown function, wrong arity,
// invalid regex); per-row failures yield a null Value instead (R9.1).
struct EvalError {
  std::string message;
  ast::Position pos;
};

Value evaluate(const ast::Expr& expr, const EvalScope& scope);
// Truth of a condition: Bool true, or (for where) a non-null non-Bool is an error -> false.
bool evaluate_condition(const ast::Expr& expr, const EvalScope& scope);

// Checks names and arities of every function call up front (so errors come before the scan).
void check_expression(const ast::Expr& expr);

// True when the expression's value is a Boolean (comparison, AND/OR/NOT, like(), match(),
// isnull(), ...): such a value can be a condition but cannot be stored in a field (R9.1).
bool is_boolean_expression(const ast::Expr& expr);

// Field names an expression reads (for planning: which calculated fields to compute).
std::vector<std::string> referenced_fields(const ast::Expr& expr);

}  // namespace spelunk
