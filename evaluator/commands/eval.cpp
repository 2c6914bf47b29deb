// `| eval a=expr, b=expr ...`: assignments left to right, later ones see earlier results.
// Evaluated one assignment at a time over all rows (same result as row by row, since a row
// only reads its own values); a null result removes the field for that row (R9.1). Works on
// event views: the result becomes a materialized column beside the store columns.
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

}  // namespace

Result run_eval(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& body = std::get<ast::EvalCommand>(cmd.body);
  try {
    for (const auto& [target, expr] : body.assignments) {
      check_expression(expr);
      if (is_boolean_expression(expr))
        throw EvalError{"eval " + target + "=...: a Boolean cannot be stored in a field; use if(condition, a, b)",
                        expr.pos};
      input.set_column(target, evaluate_column(target, expr, input, ctx));
    }
  } catch (const EvalError& e) {
    throw QueryError{e.message, e.pos};
  }
  return input;
}

}  // namespace spelunk::commands
