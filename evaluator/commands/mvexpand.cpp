// `mvexpand field [limit=N]` (R8.22): a row whose field is multi-valued becomes one row per value
// (the first N when limit is given), the other fields copied. Rows with one value or none pass
// through unchanged.
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result run_mvexpand(const ast::Command& cmd, Result input, ExecContext&) {
  const auto& mv = body_of<ast::MvexpandCommand>(cmd);
  check_options(cmd, mv.options, {"limit"});
  const std::size_t limit = option_size(cmd, mv.options, "limit", 0);
  int col = input.find(mv.field);
  if (col < 0) return input;

  std::vector<std::size_t> rows;
  std::vector<Value> values;
  rows.reserve(input.size());
  values.reserve(input.size());
  for (std::size_t row = 0; row < input.size(); ++row) {
    Value v = input.get(static_cast<std::size_t>(col), row);
    if (!v.is_multi()) {
      rows.push_back(row);
      values.push_back(std::move(v));
      continue;
    }
    std::size_t n = limit == 0 ? v.multi.size() : std::min(limit, v.multi.size());
    for (std::size_t i = 0; i < n; ++i) {
      rows.push_back(row);
      values.push_back(Value::of(std::move(v.multi[i])));
    }
  }
  input.select_rows(rows);
  input.set_column(mv.field, std::move(values));
  return input;
}

}  // namespace spelunk::commands
