// `stats <agg>... [BY fields]` (R8.7): one row per by-value combination, sorted by the by-values;
// without BY exactly one row. Columns: by-fields, then aggregations in the order written.
#include "evaluator/aggregate.hpp"
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result stats_output(const ast::StatsCommand& stats, const std::vector<AggSpec>& specs, const Groups& groups,
                    unsigned threads) {
  std::vector<std::string> names = stats.by;
  for (const auto& s : specs) names.push_back(s.as);
  Result out = Result::table(std::move(names));
  std::vector<std::vector<Value>> results = group_results(groups, specs, threads);
  for (std::size_t g : sorted_group_order(groups)) {
    std::vector<Value> row = groups.keys[g];
    for (auto& v : results[g]) row.push_back(std::move(v));
    out.add_row(std::move(row));
  }
  return out;
}

Result run_stats(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& stats = body_of<ast::StatsCommand>(cmd);
  check_options(cmd, stats.options, {"allnum"});
  std::vector<AggSpec> specs = compile_aggregations(stats.aggregations, option_bool(cmd, stats.options, "allnum", false));
  plan_sparklines(specs, input);
  Groups groups = aggregate_rows(input, stats.by, specs, ctx);
  return stats_output(stats, specs, groups, ctx.threads);
}

}  // namespace spelunk::commands
