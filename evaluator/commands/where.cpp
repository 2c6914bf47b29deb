// `| where <eval-expression>`: keeps the rows where the expression is TRUE; false, null and
// non-Boolean results drop the row (R8.2a). Keeps event views as views.
#include "evaluator/commands/commands.hpp"
#include "evaluator/commands/row_scope.hpp"
#include "evaluator/eval.hpp"

namespace spelunk::commands {

Result run_where(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& body = std::get<ast::WhereCommand>(cmd.body);
  std::vector<std::size_t> kept;
  try {
    check_expression(body.expr);
    RowScope row_scope(input, ctx);
    for (std::size_t row = 0; row < input.size(); ++row) {
      ctx.check_cancel(row);
      if (evaluate_condition(body.expr, row_scope.at(row))) kept.push_back(row);
    }
  } catch (const EvalError& e) {
    throw QueryError{e.message, e.pos};
  }
  if (kept.size() != input.size()) input.select_rows(kept);
  return input;
}

}  // namespace spelunk::commands
