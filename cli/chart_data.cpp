#include "cli/chart_data.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "cli/output.hpp"

namespace spelunk::cli {

namespace {

// Every present value of the column parses as a number, and at least one is present.
bool numeric_column(const Result& result, std::size_t col) {
  bool any = false;
  for (std::size_t r = 0; r < result.size(); ++r) {
    Value v = result.get(col, r);
    if (v.is_null()) continue;
    double d = 0;
    if (v.is_multi() || !v.as_number(d) || !std::isfinite(d)) return false;
    any = true;
  }
  return any;
}

ChartSeries series_of(const Result& result, std::size_t col) {
  ChartSeries s;
  s.name = result.columns()[col].name;
  for (std::size_t r = 0; r < result.size(); ++r) {
    double d = 0;
    Value v = result.get(col, r);
    if (!v.is_null() && v.as_number(d)) s.values.push_back(d);
    else s.values.push_back(std::nullopt);
  }
  return s;
}

}  // namespace

double ChartData::max_value() const {
  double m = 0;
  bool any = false;
  for (const auto& s : series)
    for (const auto& v : s.values)
      if (v) m = any ? std::max(m, *v) : *v, any = true;
  return any ? m : 0;
}

double ChartData::min_value() const {
  double m = 0;
  bool any = false;
  for (const auto& s : series)
    for (const auto& v : s.values)
      if (v) m = any ? std::min(m, *v) : *v, any = true;
  return any ? m : 0;
}

std::optional<ChartData> chart_data(const Result& result, std::string& why_not) {
  const auto& columns = result.columns();
  if (columns.empty() || result.size() == 0) {
    why_not = "no rows to draw";
    return std::nullopt;
  }
  ChartData chart;
  int time_col = result.find("_time");
  std::size_t x_col = 0;
  if (time_col >= 0) {
    // timechart (and stats BY _time) give buckets in ascending time, `_time` first; events come
    // newest first and are no time series.
    bool series = time_col == 0;
    for (std::size_t r = 0; r < result.size() && series; ++r) {
      double t = 0;
      series = result.get(0, r).as_number(t) && (chart.times.empty() || t > chart.times.back());
      if (series) {
        chart.times.push_back(t);
        chart.labels.push_back(format_time(t));
      }
    }
    if (!series) {
      why_not = "the rows are events, not a time series or a table of counts (chart them with timechart, chart or stats)";
      return std::nullopt;
    }
    chart.kind = ChartData::Kind::TimeSeries;
  } else {
    chart.kind = ChartData::Kind::Categories;
    for (std::size_t r = 0; r < result.size(); ++r) {
      auto values = result.get(x_col, r).values();
      std::string label;
      for (std::size_t i = 0; i < values.size(); ++i) label += (i ? "," : "") + values[i];
      chart.labels.push_back(label);
    }
  }
  chart.x_name = columns[x_col].name;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    if (c == x_col) continue;
    // timechart's own bookkeeping columns (_span, _spandays) are no series.
    if (!columns[c].name.empty() && columns[c].name[0] == '_') continue;
    if (numeric_column(result, c)) chart.series.push_back(series_of(result, c));
    else chart.skipped.push_back(columns[c].name);
  }
  if (chart.series.empty()) {
    why_not = "no numeric column besides `" + chart.x_name + "`";
    return std::nullopt;
  }
  return chart;
}

std::string short_number(double v) {
  double a = std::fabs(v);
  if (a >= 1e9) return fmt::format("{:.3g}G", v / 1e9);
  if (a >= 1e6) return fmt::format("{:.3g}M", v / 1e6);
  if (a >= 1e4) return fmt::format("{:.3g}k", v / 1e3);
  if (v == std::floor(v)) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{:.3g}", v);
}

}  // namespace spelunk::cli
