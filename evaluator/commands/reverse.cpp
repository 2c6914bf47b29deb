// `reverse` (R8.11): flips the current row order.
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result run_reverse(const ast::Command&, Result input, ExecContext&) {
  std::vector<std::size_t> rows(input.size());
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = rows.size() - 1 - i;
  input.select_rows(rows);
  return input;
}

}  // namespace spelunk::commands
