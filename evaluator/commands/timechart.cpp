// `timechart [span=..] [bins=100] [limit=10] [useother=t] [usenull=t] [otherstr=OTHER]
// [nullstr=NULL] <agg>... [BY field]` (R8.17): one row per time bin (`_time` = bin start) from
// the first bin with data to the last, empty bins included (count-like cells 0, others empty).
// With BY: one column per series value (`agg: value` when several aggregations); only the
// `limit` series with the largest sum of the first aggregation are kept, the rest are merged
// into OTHER (or dropped with useother=f); rows lacking the field form the NULL series unless
// usenull=f. Without span, a span giving at most `bins` bins over the data is chosen.
#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "evaluator/aggregate.hpp"
#include "evaluator/commands/chart_series.hpp"
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {

constexpr const char* kBinColumn = "\x01timechart_bin";
constexpr const char* kSeriesColumn = "\x01timechart_series";
constexpr std::size_t kMaxFilledBins = 100000;  // beyond this only bins holding data are shown

}  // namespace

Result run_timechart(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& tc = body_of<ast::TimechartCommand>(cmd);
  check_options(cmd, tc.options, {"span", "bins", "limit", "useother", "usenull", "otherstr", "nullstr"});
  const SeriesOptions opt = read_series_options(cmd, tc.options);
  const std::size_t bin_count = option_size(cmd, tc.options, "bins", 100);
  std::vector<AggSpec> specs = compile_aggregations(tc.aggregations);
  if (specs.empty()) throw QueryError{"timechart needs an aggregation", cmd.pos};

  std::vector<double> times = row_times(input);
  Span span;
  if (const std::string* s = tc.options.get("span")) {
    span = parse_span(cmd, *s);
  } else {
    auto [lo, hi] = std::minmax_element(times.begin(), times.end());
    span = times.empty() ? Span{1, 0} : auto_time_span(*lo, *hi, bin_count);
  }
  std::vector<Value> bins(input.size());
  for (std::size_t r = 0; r < input.size(); ++r) bins[r] = Value::of(bin_start(times[r], span));
  input.set_column(kBinColumn, std::move(bins));

  std::vector<std::string> group_by = {kBinColumn};
  if (tc.by) {
    std::vector<Value> series = series_values(input, *tc.by, opt);
    input.set_column(kSeriesColumn, series);
    group_by.push_back(kSeriesColumn);
    Groups first = aggregate_rows(input, group_by, specs, ctx);
    if (fold_other(series, top_series(first, specs, 1, opt), opt)) input.set_column(kSeriesColumn, std::move(series));
  }
  Groups groups = aggregate_rows(input, group_by, specs, ctx);
  return timechart_output(cmd, specs, groups, span);
}

Result timechart_output(const ast::Command& cmd, const std::vector<AggSpec>& specs, const Groups& groups,
                        const Span& span) {
  const auto& tc = body_of<ast::TimechartCommand>(cmd);
  const SeriesOptions opt = read_series_options(cmd, tc.options);

  // Columns: _time, then one per (series, aggregation).
  std::vector<std::string> series_names;
  if (tc.by) {
    std::set<std::string> seen;
    for (const auto& k : groups.keys) seen.insert(k[1].to_string());
    series_names.assign(seen.begin(), seen.end());
    order_series(series_names, opt);
  }
  std::vector<std::string> names = {"_time"};
  std::map<std::string, std::size_t> series_index;
  if (!tc.by) {
    for (const auto& s : specs) names.push_back(s.as);
  } else {
    for (std::size_t i = 0; i < series_names.size(); ++i) series_index[series_names[i]] = i;
    for (const auto& sn : series_names)
      for (const auto& s : specs) names.push_back(specs.size() == 1 ? sn : s.as + ": " + sn);
  }

  // Rows: every bin from the first to the last (or only bins with data when that is huge).
  std::map<double, std::vector<Value>> rows;
  const std::size_t per_series = specs.size();
  auto empty_row = [&] {
    std::vector<Value> row(names.size());
    for (std::size_t c = 1; c < names.size(); ++c)
      if (fills_with_zero(specs[(c - 1) % per_series].kind)) row[c] = Value::of(0.0);
    return row;
  };
  for (const auto& k : groups.keys) rows.try_emplace(k[0].number);
  if (!rows.empty()) {
    double first = rows.begin()->first, last = rows.rbegin()->first;
    std::size_t n = 0;
    for (double b = first; b <= last && n <= kMaxFilledBins; b = next_bin(b, span)) ++n;
    if (n <= kMaxFilledBins)
      for (double b = first; b <= last; b = next_bin(b, span)) rows.try_emplace(b);
  }
  for (auto& [bin, row] : rows) row = empty_row();
  for (std::size_t g = 0; g < groups.keys.size(); ++g) {
    auto& row = rows[groups.keys[g][0].number];
    std::size_t base = 1 + (tc.by ? series_index[groups.keys[g][1].to_string()] * per_series : 0);
    for (std::size_t s = 0; s < per_series; ++s) row[base + s] = groups.states[g][s].result(specs[s]);
  }

  Result out = Result::table(names);
  for (auto& [bin, row] : rows) {
    row[0] = Value::of(bin);
    out.add_row(std::move(row));
  }
  return out;
}

}  // namespace spelunk::commands
