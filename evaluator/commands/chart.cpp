// `chart [limit=N] [useother=t] [usenull=t] [otherstr=OTHER] [nullstr=NULL] [cont=t] [sep=": "]
// [format="$AGG$: $VAL$"] [dedup_splitvals=f] <agg>... [OVER <row-split> [span=|bins=]]
// [BY <column-split>]` or `... BY <row-split> <column-split>` (Search Reference, chart).
//
// Without a column split it is stats by the row-split field: one row per row value, sorted.
// With one, each column-split value becomes a column (one per aggregation and value, named
// `<agg><sep><value>` when there are several aggregations): only the `limit` (default 10)
// values with the largest sum of the first aggregation keep their own column (limit=bottomN:
// the smallest), the rest are folded into OTHER (or dropped with useother=f); rows lacking the
// column-split field form the NULL column unless usenull=f. A cell no row fell in shows 0 for
// count-like functions and stays empty for the others. Rows lacking the row-split field are not
// counted, as with stats.
//
// A numeric row-split field is binned only when span= or bins= is given (a span after the
// column-split field would bin that one: not supported): span=10 gives "10-20" labels,
// span=log2 (or <coef>log<base>) "1-2", "2-4", ..., a time span or _time the bin start. With a
// binned row split, cont=t (the default) also shows the empty bins between the first and last.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "evaluator/aggregate.hpp"
#include "evaluator/commands/chart_series.hpp"
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {

constexpr const char* kRowColumn = "\x01chart_row";
constexpr const char* kSeriesColumn = "\x01chart_series";
constexpr std::size_t kMaxFilledBins = 100000;

// A logarithmic span: bins [coef * base^k, coef * base^(k+1)).
struct LogSpan {
  double coefficient = 1, base = 10;
};

std::optional<LogSpan> parse_log_span(const ast::Command& cmd, const std::string& text, ast::Position pos) {
  const std::size_t at = text.find("log");
  if (at == std::string::npos) return std::nullopt;
  LogSpan span;
  if (at > 0 && !parse_number(std::string_view(text).substr(0, at), span.coefficient))
    throw QueryError{cmd.name + ": span=" + text + " is not a log span ([coef]log[base])", pos};
  if (at + 3 < text.size() && !parse_number(std::string_view(text).substr(at + 3), span.base))
    throw QueryError{cmd.name + ": span=" + text + " is not a log span ([coef]log[base])", pos};
  if (!(span.base > 1) || span.coefficient < 1 || span.coefficient >= span.base)
    throw QueryError{cmd.name + ": span=" + text + ": the base must be > 1 and 1 <= coefficient < base", pos};
  return span;
}

// How the row-split field's values become row labels.
struct RowBinning {
  enum class Kind { None, Time, Linear, Log } kind = Kind::None;
  Span span;
  LogSpan log;

  bool active() const { return kind != Kind::None; }
  // The bin's start (its sort key) and its label; nullopt when the value is not a number.
  std::optional<std::pair<double, Value>> bin(const Value& v) const {
    double d = 0;
    if (!v.as_number(d) || !std::isfinite(d)) return std::nullopt;
    switch (kind) {
      case Kind::Time: {
        const double start = bin_start(d, span);
        return std::make_pair(start, Value::of(start));
      }
      case Kind::Linear: {
        const double start = bin_start(d, span);
        return std::make_pair(start, Value::of(format_number(start) + "-" + format_number(next_bin(start, span))));
      }
      case Kind::Log: {
        if (d <= 0) return std::make_pair(d, Value::of(format_number(d)));  // 0 stays 0 (the page's duration 0)
        const double k = std::floor(std::log(d / log.coefficient) / std::log(log.base) + 1e-12);
        const double lo = log.coefficient * std::pow(log.base, k), hi = log.coefficient * std::pow(log.base, k + 1);
        return std::make_pair(lo, Value::of(format_number(lo) + "-" + format_number(hi)));
      }
      case Kind::None: break;
    }
    return std::make_pair(d, v);
  }
  // The start of the bin after `start` (cont=t fills the gaps).
  double next(double start) const {
    if (kind == Kind::Log) return start * log.base;
    return next_bin(start, span);
  }
};

RowBinning row_binning(const ast::Command& cmd, const ast::StatsCommand& chart, const Result& input) {
  RowBinning b;
  const std::string* span_text = chart.options.get("span");
  const bool has_bins = chart.options.get("bins") != nullptr;
  if (!span_text && !has_bins) return b;
  // Options are read for the field written just before them: after the column split they bin it.
  if (chart.by.size() > 1 && chart.by_positions.size() > 1)
    for (const char* key : {"span", "bins"})
      if (chart.options.get(key) &&
          chart.options.position_of(key, cmd.pos).offset > chart.by_positions[1].offset)
        throw QueryError{"chart: " + std::string(key) + "= after the column-split field (binning the column split) is "
                         "not supported",
                         chart.options.position_of(key, cmd.pos)};
  const std::string& field = chart.by[0];
  const ast::Position span_pos = chart.options.position_of("span", cmd.pos);
  if (span_text) {
    if (auto log = parse_log_span(cmd, *span_text, span_pos)) {
      b.kind = RowBinning::Kind::Log;
      b.log = *log;
      return b;
    }
    b.span = parse_span(cmd, *span_text);
    const char last = span_text->back();
    b.kind = field == "_time" || !(std::isdigit(static_cast<unsigned char>(last)) || last == '.')
                 ? RowBinning::Kind::Time
                 : RowBinning::Kind::Linear;
    return b;
  }
  const std::size_t bins = option_size(cmd, chart.options, "bins", 300);
  const int col = input.find(field);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (std::size_t r = 0; col >= 0 && r < input.size(); ++r) {
    double d = 0;
    if (input.get(static_cast<std::size_t>(col), r).as_number(d)) {
      lo = std::min(lo, d);
      hi = std::max(hi, d);
    }
  }
  if (lo > hi) lo = hi = 0;
  if (field == "_time") {
    b.kind = RowBinning::Kind::Time;
    b.span = auto_time_span(lo, hi, bins);
  } else {
    b.kind = RowBinning::Kind::Linear;
    b.span.size = auto_numeric_span(lo, hi, bins);
  }
  return b;
}

// The by-field's values with duplicates removed within each row (dedup_splitvals=t).
void dedup_values(Result& input, const std::string& field) {
  const int col = input.find(field);
  if (col < 0) return;
  std::vector<Value> values(input.size());
  for (std::size_t r = 0; r < input.size(); ++r) {
    std::vector<std::string> parts = input.get(static_cast<std::size_t>(col), r).values(), kept;
    for (auto& p : parts)
      if (std::find(kept.begin(), kept.end(), p) == kept.end()) kept.push_back(std::move(p));
    values[r] = Value::list(std::move(kept));
  }
  input.set_column(field, std::move(values));
}

std::string series_column_name(const ast::StatsCommand& chart, const AggSpec& spec, const std::string& value,
                               std::size_t aggregations) {
  if (const std::string* format = chart.options.get("format")) {
    std::string name = *format;
    for (auto [token, with] : {std::pair<std::string, std::string>{"$AGG$", spec.as}, {"$VAL$", value}})
      for (std::size_t at = name.find(token); at != std::string::npos; at = name.find(token, at + with.size()))
        name.replace(at, token.size(), with);
    return name;
  }
  if (aggregations == 1) return value;
  const std::string* sep = chart.options.get("sep");
  return spec.as + (sep ? *sep : std::string(": ")) + value;
}

}  // namespace

Result run_chart(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& chart = body_of<ast::StatsCommand>(cmd);
  check_options(cmd, chart.options, {"limit", "useother", "usenull", "otherstr", "nullstr", "span", "bins", "cont",
                                     "sep", "format", "dedup_splitvals"});
  if (chart.by.size() > 2)
    throw QueryError{"chart: at most a row-split and a column-split field (OVER a BY b, or BY a b)",
                     chart.by_positions.size() > 2 ? chart.by_positions[2] : cmd.pos};
  const SeriesOptions opt = read_series_options(cmd, chart.options);
  const bool cont = option_bool(cmd, chart.options, "cont", true);
  if (option_bool(cmd, chart.options, "dedup_splitvals", false))
    for (const auto& f : chart.by) dedup_values(input, f);
  std::vector<AggSpec> specs = compile_aggregations(chart.aggregations);
  plan_sparklines(specs, input);

  if (chart.by.empty()) {  // one row over everything, as stats
    Groups groups = aggregate_rows(input, {}, specs, ctx);
    std::vector<std::string> names;
    for (const auto& s : specs) names.push_back(s.as);
    Result out = Result::table(names);
    for (auto& row : group_results(groups, specs, ctx.threads)) out.add_row(std::move(row));
    return out;
  }

  // The row labels (binned or not), and each label's sort key.
  const std::string& row_field = chart.by[0];
  const RowBinning binning = row_binning(cmd, chart, input);
  std::vector<Value> rows(input.size());
  std::map<std::string, double> label_start;  // binned labels -> bin start
  {
    const int col = input.find(row_field);
    for (std::size_t r = 0; col >= 0 && r < input.size(); ++r) {
      Value v = input.get(static_cast<std::size_t>(col), r);
      if (!binning.active() || v.is_null()) {
        rows[r] = std::move(v);
        continue;
      }
      std::vector<std::string> labels;
      for (const auto& text : v.values()) {
        auto bin = binning.bin(Value::of(text));
        if (!bin) {
          labels.push_back(text);
          continue;
        }
        label_start.emplace(bin->second.to_string(), bin->first);
        labels.push_back(bin->second.to_string());
      }
      rows[r] = Value::list(std::move(labels));
    }
  }
  input.set_column(kRowColumn, std::move(rows));
  std::vector<std::string> group_by = {kRowColumn};
  const bool split = chart.by.size() == 2;
  // Every row label of the input is a row, even one whose series are all dropped (useother=f,
  // usenull=f): those columns are left empty, the row stays.
  std::vector<std::string> row_labels;
  std::map<std::string, Value> row_value;
  auto add_row_labels = [&](const Groups& g) {
    for (const auto& key : g.keys)
      if (row_value.emplace(key[0].to_string(), key[0]).second) row_labels.push_back(key[0].to_string());
  };
  if (split) {
    std::vector<Value> series = series_values(input, chart.by[1], opt);
    input.set_column(kSeriesColumn, series);
    group_by.push_back(kSeriesColumn);
    Groups first = aggregate_rows(input, group_by, specs, ctx);
    add_row_labels(first);
    if (fold_other(series, top_series(first, specs, 1, opt), opt)) input.set_column(kSeriesColumn, std::move(series));
  }
  Groups groups = aggregate_rows(input, group_by, specs, ctx);
  std::vector<std::vector<Value>> results = group_results(groups, specs, ctx.threads);
  add_row_labels(groups);

  // Row order: by bin start when binned, else by value (as stats orders its groups).
  if (binning.active() && cont && !label_start.empty()) {  // the empty bins between first and last
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& [label, start] : label_start) {
      if (binning.kind == RowBinning::Kind::Log && start <= 0) continue;
      lo = std::min(lo, start);
      hi = std::max(hi, start);
    }
    std::size_t n = 0;
    for (double b = lo; b <= hi && n <= kMaxFilledBins; b = binning.next(b)) ++n;
    if (lo <= hi && n <= kMaxFilledBins)
      for (double b = lo; b <= hi + std::fabs(hi) * 1e-12; b = binning.next(b)) {
        auto bin = binning.bin(Value::of(b));
        if (!bin) break;
        const std::string label = bin->second.to_string();
        label_start.emplace(label, bin->first);
        if (row_value.emplace(label, bin->second).second) row_labels.push_back(label);
      }
  }
  if (binning.active())
    std::stable_sort(row_labels.begin(), row_labels.end(), [&](const std::string& a, const std::string& b) {
      auto sa = label_start.find(a), sb = label_start.find(b);
      if (sa == label_start.end() || sb == label_start.end()) return sa != label_start.end() && sb == label_start.end();
      return sa->second < sb->second;
    });
  else
    std::stable_sort(row_labels.begin(), row_labels.end(),
                     [&](const std::string& a, const std::string& b) { return compare_auto(row_value[a], row_value[b]) < 0; });

  // Columns: the row field, then the aggregations (no split) or one per (series, aggregation).
  std::vector<std::string> series_names;
  if (split) {
    std::set<std::string> seen;
    for (const auto& k : groups.keys) seen.insert(k[1].to_string());
    series_names.assign(seen.begin(), seen.end());
    order_series(series_names, opt);
  }
  std::vector<std::string> names = {row_field};
  std::map<std::string, std::size_t> series_index;
  if (!split) {
    for (const auto& s : specs) names.push_back(s.as);
  } else {
    for (std::size_t i = 0; i < series_names.size(); ++i) series_index[series_names[i]] = i;
    for (const auto& sn : series_names)
      for (const auto& s : specs) names.push_back(series_column_name(chart, s, sn, specs.size()));
  }
  const std::size_t per_series = specs.size();
  std::map<std::string, std::vector<Value>> table;
  for (const auto& label : row_labels) {
    std::vector<Value> row(names.size());
    row[0] = row_value[label];
    for (std::size_t c = 1; c < names.size(); ++c)
      if (fills_with_zero(specs[(c - 1) % per_series].kind)) row[c] = Value::of(0.0);
    table.emplace(label, std::move(row));
  }
  for (std::size_t g = 0; g < groups.keys.size(); ++g) {
    auto& row = table[groups.keys[g][0].to_string()];
    const std::size_t base = 1 + (split ? series_index[groups.keys[g][1].to_string()] * per_series : 0);
    for (std::size_t s = 0; s < per_series; ++s) row[base + s] = std::move(results[g][s]);
  }
  Result out = Result::table(names);
  for (const auto& label : row_labels) out.add_row(std::move(table[label]));
  return out;
}

}  // namespace spelunk::commands
