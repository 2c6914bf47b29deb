// `tail [N]` (R8.11): the last N rows (default 10), returned last row first.
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result run_tail(const ast::Command& cmd, Result input, ExecContext&) {
  const auto& tail = body_of<ast::HeadCommand>(cmd);
  check_options(cmd, tail.options, {});
  if (tail.condition) throw QueryError{"tail takes a count, not an expression", cmd.pos};
  std::size_t n = std::min(tail.count.value_or(10), input.size());
  std::vector<std::size_t> rows;
  rows.reserve(n);
  for (std::size_t i = 0; i < n; ++i) rows.push_back(input.size() - 1 - i);
  input.select_rows(rows);
  return input;
}

}  // namespace spelunk::commands
