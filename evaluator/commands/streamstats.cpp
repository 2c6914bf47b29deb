// `streamstats [current=t] [window=N] [global=t] [reset_on_change=f] <agg>... [BY fields]` (R8.9):
// each row gets the aggregate over the rows of its group seen so far (including itself unless
// current=f), in the current row order. window=N limits that to the last N rows (global=t: the
// last N rows of the whole stream; global=f: the last N rows of the group). reset_on_change=t
// starts every group afresh when the by-values change from one row to the next.
#include <deque>
#include <unordered_map>

#include "evaluator/aggregate.hpp"
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {

constexpr std::size_t kMaxStreamWindow = 10000;  // limits.conf [stats] max_stream_window


}  // namespace

Result run_streamstats(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& stats = body_of<ast::StatsCommand>(cmd);
  std::vector<AggSpec> specs = compile_aggregations(stats.aggregations);
  const bool current = option_bool(cmd, stats.options, "current", true);
  const bool global = option_bool(cmd, stats.options, "global", true);
  const bool reset_on_change = option_bool(cmd, stats.options, "reset_on_change", false);
  const std::size_t window = option_size(cmd, stats.options, "window", 0);
  if (window > kMaxStreamWindow)
    throw QueryError{"streamstats: window must be at most " + std::to_string(kMaxStreamWindow), cmd.pos};

  std::vector<int> by_cols;
  for (const auto& f : stats.by) by_cols.push_back(input.find(f));

  RowFeeder feeder(input, specs, ctx);
  std::unordered_map<std::string, std::vector<AggState>> running;         // window == 0
  std::unordered_map<std::string, std::deque<std::size_t>> group_window;  // window, global=f
  std::deque<std::pair<std::size_t, std::string>> stream_window;          // window, global=t
  std::vector<std::vector<Value>> columns(specs.size(), std::vector<Value>(input.size()));
  std::optional<std::string> previous;

  for (std::size_t row = 0; row < input.size(); ++row) {
    ctx.check_cancel(row);
    std::optional<std::string> key = row_key(input, by_cols, row);
    if (reset_on_change && row > 0 && key != previous) {
      running.clear();
      group_window.clear();
      stream_window.clear();
    }
    previous = key;
    if (!key) continue;  // no by-value: no aggregate for this row

    std::vector<Value> values;
    if (window == 0) {
      auto [it, fresh] = running.try_emplace(*key);
      if (fresh) it->second = make_states(specs);
      // current=f on a group's first row: nothing seen yet, so no value.
      if (!current) values = fresh ? std::vector<Value>(specs.size()) : results_of(it->second, specs);
      feeder.feed(row, it->second);
      if (current) values = results_of(it->second, specs);
    } else {
      // The window's rows of this group, oldest first, then this row (if current).
      std::vector<std::size_t> members;
      if (global) {
        for (const auto& [r, k] : stream_window)
          if (k == *key) members.push_back(r);
        stream_window.emplace_back(row, *key);
        if (stream_window.size() > window) stream_window.pop_front();
        if (current) {
          members.clear();
          for (const auto& [r, k] : stream_window)
            if (k == *key) members.push_back(r);
        }
      } else {
        auto& q = group_window[*key];
        members.assign(q.begin(), q.end());
        q.push_back(row);
        if (q.size() > window) q.pop_front();
        if (current) members.assign(q.begin(), q.end());
      }
      std::vector<AggState> states = make_states(specs);
      for (std::size_t r : members) feeder.feed(r, states);
      values = members.empty() ? std::vector<Value>(specs.size()) : results_of(states, specs);
    }
    for (std::size_t s = 0; s < specs.size(); ++s) columns[s][row] = std::move(values[s]);
  }
  for (std::size_t s = 0; s < specs.size(); ++s) input.set_column(specs[s].as, std::move(columns[s]));
  return input;
}

}  // namespace spelunk::commands
