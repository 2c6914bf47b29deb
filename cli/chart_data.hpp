// What a result looks like as a chart, for `-o chart` (terminal) and `-o html` (SVG):
// - a time series: `_time` first, in ascending order (timechart's output, stats BY _time), and
//   numeric columns, one series each; rows with `_time` otherwise are events, no chart;
// - categories: the first column names the rows (chart, top, `stats count by x`) and the other
//   numeric columns are the series.
// Columns that are not numbers (every value present parses as a number) are left out and named.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "evaluator/result.hpp"

namespace spelunk::cli {

struct ChartSeries {
  std::string name;
  std::vector<std::optional<double>> values;  // one per x; nullopt: no value
};

struct ChartData {
  enum class Kind { TimeSeries, Categories };
  Kind kind = Kind::Categories;
  std::string x_name;                 // "_time" or the category column
  std::vector<std::string> labels;    // one per x: the category, or the formatted time
  std::vector<double> times;          // TimeSeries: _time in epoch seconds, one per x
  std::vector<ChartSeries> series;
  std::vector<std::string> skipped;   // columns left out (not numeric)

  double max_value() const;           // largest value of any series (0 when none)
  double min_value() const;           // smallest (0 when none)
};

// The chart of a result, or nullopt with `why_not` saying what is missing ("no numeric column").
std::optional<ChartData> chart_data(const Result& result, std::string& why_not);

// A number for an axis or a bar: integers as they are, others with 3 significant digits;
// large values with k / M / G.
std::string short_number(double v);

}  // namespace spelunk::cli
