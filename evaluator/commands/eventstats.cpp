// `eventstats <agg>... [BY fields]` (R8.8): stats per group, added to every input row of the
// group; rows lacking a by-field get no value. Row order and the event view are kept.
#include "evaluator/aggregate.hpp"
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result run_eventstats(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& stats = body_of<ast::StatsCommand>(cmd);
  std::vector<AggSpec> specs = compile_aggregations(stats.aggregations);
  Groups groups = aggregate_rows(input, stats.by, specs, ctx, /*want_row_groups=*/true);

  std::vector<std::vector<Value>> per_group;
  per_group.reserve(groups.keys.size());
  for (const auto& states : groups.states) per_group.push_back(results_of(states, specs));

  for (std::size_t s = 0; s < specs.size(); ++s) {
    std::vector<Value> column(input.size());
    for (std::size_t row = 0; row < input.size(); ++row) {
      ctx.check_cancel(row);
      // A row in several groups (multi-valued by-field) takes its first group's value.
      if (stats.by.empty()) column[row] = per_group[0][s];
      else if (!groups.row_groups[row].empty()) column[row] = per_group[groups.row_groups[row][0]][s];
    }
    input.set_column(specs[s].as, std::move(column));
  }
  return input;
}

}  // namespace spelunk::commands
