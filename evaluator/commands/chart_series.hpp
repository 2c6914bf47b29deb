// What chart and timechart share about their column-split ("series") field: which series are kept
// (limit=, by the sum of the first aggregation), what the others and the rows lacking the field
// become (useother= / otherstr=, usenull= / nullstr=), the order of the series columns, and which
// empty cells show 0.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "evaluator/aggregate.hpp"

namespace spelunk::commands {

struct SeriesOptions {
  std::size_t limit = 10;  // 0: every series
  bool bottom = false;     // limit=bottomN: the smallest sums
  bool useother = true, usenull = true;
  std::string otherstr = "OTHER", nullstr = "NULL";
};

// Reads limit= (N, topN, bottomN), useother=, usenull=, otherstr=, nullstr=.
SeriesOptions read_series_options(const ast::Command& cmd, const ast::Options& options);

// The series values a split field gives each row: its values, NULL (nullstr) for a row lacking
// it when usenull, null otherwise.
std::vector<Value> series_values(const Result& in, const std::string& field, const SeriesOptions& opt);

// The series kept: the `limit` largest (or smallest) by the sum of the first aggregation, over
// groups keyed by (..., series) with the series at `series_key`; and NULL when usenull.
std::set<std::string> top_series(const Groups& g, const std::vector<AggSpec>& specs, std::size_t series_key,
                                 const SeriesOptions& opt);

// Replaces the values not kept by OTHER (useother) or drops them. True when anything changed.
bool fold_other(std::vector<Value>& series, const std::set<std::string>& keep, const SeriesOptions& opt);

// Series names in column order: by value (compare_auto), then NULL, then OTHER.
void order_series(std::vector<std::string>& names, const SeriesOptions& opt);

// Cells of these functions show 0 where a group saw no rows; the others stay empty.
bool fills_with_zero(AggKind k);

}  // namespace spelunk::commands
