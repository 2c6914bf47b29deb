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
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {

constexpr const char* kBinColumn = "\x01timechart_bin";
constexpr const char* kSeriesColumn = "\x01timechart_series";
constexpr std::size_t kMaxFilledBins = 100000;  // beyond this only bins holding data are shown

struct ChartOptions {
  std::size_t limit = 10, bins = 100;
  bool useother = true, usenull = true;
  std::string otherstr = "OTHER", nullstr = "NULL";
};

ChartOptions read_options(const ast::Command& cmd, const ast::Options& o) {
  ChartOptions c;
  c.limit = option_size(cmd, o, "limit", 10);
  c.bins = option_size(cmd, o, "bins", 100);
  c.useother = option_bool(cmd, o, "useother", true);
  c.usenull = option_bool(cmd, o, "usenull", true);
  if (auto* v = o.get("otherstr")) c.otherstr = *v;
  if (auto* v = o.get("nullstr")) c.nullstr = *v;
  return c;
}

bool fills_with_zero(AggKind k) {
  return k == AggKind::Count || k == AggKind::CountField || k == AggKind::CountEval || k == AggKind::Dc;
}

// The series names kept: the `limit` largest by the sum of the first aggregation.
std::set<std::string> top_series(const Groups& g, const std::vector<AggSpec>& specs, std::size_t limit) {
  std::map<std::string, double> score;
  for (std::size_t i = 0; i < g.keys.size(); ++i) {
    double d = 0;
    Value v = g.states[i][0].result(specs[0]);
    score[g.keys[i][1].to_string()] += v.as_number(d) ? d : 0;
  }
  std::vector<std::pair<std::string, double>> ranked(score.begin(), score.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::set<std::string> keep;
  for (std::size_t i = 0; i < ranked.size() && (limit == 0 || i < limit); ++i) keep.insert(ranked[i].first);
  return keep;
}

}  // namespace

Result run_timechart(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& tc = body_of<ast::TimechartCommand>(cmd);
  const ChartOptions opt = read_options(cmd, tc.options);
  std::vector<AggSpec> specs = compile_aggregations(tc.aggregations);
  if (specs.empty()) throw QueryError{"timechart needs an aggregation", cmd.pos};

  std::vector<double> times = row_times(input);
  Span span;
  if (const std::string* s = tc.options.get("span")) {
    span = parse_span(cmd, *s);
  } else {
    auto [lo, hi] = std::minmax_element(times.begin(), times.end());
    span = times.empty() ? Span{1, 0} : auto_time_span(*lo, *hi, opt.bins);
  }
  std::vector<Value> bins(input.size());
  for (std::size_t r = 0; r < input.size(); ++r) bins[r] = Value::of(bin_start(times[r], span));
  input.set_column(kBinColumn, std::move(bins));

  std::vector<std::string> group_by = {kBinColumn};
  if (tc.by) {
    int col = input.find(*tc.by);
    std::vector<Value> series(input.size());
    for (std::size_t r = 0; r < input.size(); ++r) {
      series[r] = col < 0 ? Value::null() : input.get(static_cast<std::size_t>(col), r);
      if (series[r].is_null() && opt.usenull) series[r] = Value::of(opt.nullstr);
    }
    input.set_column(kSeriesColumn, series);
    group_by.push_back(kSeriesColumn);
    Groups first = aggregate_rows(input, group_by, specs, ctx);
    std::set<std::string> keep = top_series(first, specs, opt.limit);
    bool remapped = false;
    for (auto& v : series) {
      if (v.is_null()) continue;
      std::vector<std::string> parts = v.values();
      std::vector<std::string> kept;
      for (auto& p : parts) {
        if (keep.count(p)) kept.push_back(std::move(p));
        else if (opt.useother) kept.push_back(opt.otherstr);
      }
      if (kept.size() != parts.size() || kept != v.values()) remapped = true;
      v = Value::list(std::move(kept));
    }
    if (remapped) input.set_column(kSeriesColumn, std::move(series));
  }
  Groups groups = aggregate_rows(input, group_by, specs, ctx);
  return timechart_output(cmd, specs, groups, span);
}

Result timechart_output(const ast::Command& cmd, const std::vector<AggSpec>& specs, const Groups& groups,
                        const Span& span) {
  const auto& tc = body_of<ast::TimechartCommand>(cmd);
  const ChartOptions opt = read_options(cmd, tc.options);

  // Columns: _time, then one per (series, aggregation).
  std::vector<std::string> series_names;
  if (tc.by) {
    std::set<std::string> seen;
    for (const auto& k : groups.keys) seen.insert(k[1].to_string());
    series_names.assign(seen.begin(), seen.end());
    std::stable_sort(series_names.begin(), series_names.end(), [&](const auto& a, const auto& b) {
      auto rank = [&](const std::string& s) { return s == opt.otherstr ? 2 : (s == opt.nullstr ? 1 : 0); };
      if (rank(a) != rank(b)) return rank(a) < rank(b);
      return compare_auto(a, b) < 0;
    });
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
