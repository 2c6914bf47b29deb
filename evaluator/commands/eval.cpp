// `| eval a=expr, b=expr ...`: assignments left to right, later ones see earlier results.
// Evaluated one assignment at a time over all rows (same result as row by row, since a row
// only reads its own values); a null result removes the field for that row (R9.1). Works on
// event views: the result becomes a materialized column beside the store columns.
//
// A target with `{field}` in it is named, row by row, by that field's value (Search Reference,
// eval, "Dynamic field name creation": aName=counter, `eval {aName}=aValue` sets counter). A
// row lacking the field gets no assignment; a name that would still hold `{...}` after the
// replacement is an error (the page: "unbounded recursive replacements").
#include <map>

#include "evaluator/commands/commands.hpp"
#include "evaluator/commands/row_scope.hpp"
#include "evaluator/eval.hpp"

namespace spelunk::commands {

namespace {

std::vector<Value> evaluate_column(const std::string& target, const ast::Expr& expr, const Result& input,
                                   const ExecContext& ctx) {
  RowScope row_scope(input, ctx);
  std::vector<Value> values(input.size());
  for (std::size_t row = 0; row < input.size(); ++row) {
    ctx.check_cancel(row);
    Value v = evaluate(expr, row_scope.at(row));
    if (v.type == Value::Type::Bool)
      throw EvalError{"eval " + target + "=...: a Boolean cannot be stored in a field; use if(condition, a, b)",
                      expr.pos};
    values[row] = std::move(v);
  }
  return values;
}

bool is_dynamic(const std::string& target) {
  const std::size_t open = target.find('{');
  return open != std::string::npos && target.find('}', open) != std::string::npos;
}

// The target name for one row: every {field} replaced by the field's value; nullopt when a named
// field is missing.
std::optional<std::string> dynamic_name(const std::string& target, const Result& input, std::size_t row,
                                        const ast::Position& pos) {
  std::string name;
  std::size_t i = 0;
  while (i < target.size()) {
    const std::size_t open = target.find('{', i);
    const std::size_t close = open == std::string::npos ? open : target.find('}', open);
    if (close == std::string::npos) {
      name.append(target, i, std::string::npos);
      break;
    }
    name.append(target, i, open - i);
    const Value v = input.get(target.substr(open + 1, close - open - 1), row);
    if (v.is_null()) return std::nullopt;
    std::string text = v.is_multi() ? v.multi.front() : v.to_string();
    if (is_dynamic(text))
      throw EvalError{"eval " + target + "=...: the field name would be replaced again and again (`" + text + "`)", pos};
    name += text;
    i = close + 1;
  }
  return name;
}

void assign_dynamic(const std::string& target, const ast::Expr& expr, Result& input, const ExecContext& ctx) {
  std::vector<Value> values = evaluate_column(target, expr, input, ctx);
  std::map<std::string, std::vector<std::size_t>> rows_by_name;
  std::vector<std::string> order;
  for (std::size_t row = 0; row < input.size(); ++row) {
    auto name = dynamic_name(target, input, row, expr.pos);
    if (!name) continue;
    auto [it, fresh] = rows_by_name.try_emplace(*name);
    if (fresh) order.push_back(*name);
    it->second.push_back(row);
  }
  for (const auto& name : order) {
    const int existing = input.find(name);
    std::vector<Value> column(input.size());
    if (existing >= 0)
      for (std::size_t row = 0; row < input.size(); ++row) column[row] = input.get(static_cast<std::size_t>(existing), row);
    for (std::size_t row : rows_by_name[name]) column[row] = values[row];
    input.set_column(name, std::move(column));
  }
}

}  // namespace

Result run_eval(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& body = std::get<ast::EvalCommand>(cmd.body);
  try {
    for (const auto& [target, expr] : body.assignments) {
      check_expression(expr);
      if (is_boolean_expression(expr))
        throw EvalError{"eval " + target + "=...: a Boolean cannot be stored in a field; use if(condition, a, b)",
                        expr.pos};
      if (is_dynamic(target)) assign_dynamic(target, expr, input, ctx);
      else input.set_column(target, evaluate_column(target, expr, input, ctx));
    }
  } catch (const EvalError& e) {
    throw QueryError{e.message, e.pos};
  }
  return input;
}

}  // namespace spelunk::commands
