// `fieldsummary [maxvals=100] [<wc-field>...]` (Search Reference, fieldsummary): one row per field
// (those named, wildcards allowed, or every field not starting with `_`), by name, with:
// count (rows having it), distinct_count, is_exact, max, mean, min, numeric_count (values that
// are numbers), stdev (sample), and values: the distinct values with their counts as JSON,
// `[{"value":"a","count":3},...]`, most frequent first, then by value, at most maxvals of them
// (0: all). The numeric columns stay empty for a field with no numeric value. Counts here are
// always exact, so is_exact is 1.
#include <algorithm>
#include <cmath>
#include <map>

#include "evaluator/commands/commands.hpp"
#include "evaluator/glob.hpp"
#include "evaluator/json_value.hpp"

namespace spelunk::commands {

Result run_fieldsummary(const ast::Command& cmd, Result input, ExecContext&) {
  const GenericArgs args = generic_args(cmd);
  check_options(cmd, args.options, {"maxvals"});
  const std::size_t maxvals = option_size(cmd, args.options, "maxvals", 100);

  std::vector<std::size_t> columns;
  for (std::size_t c = 0; c < input.columns().size(); ++c) {
    const std::string& name = input.columns()[c].name;
    bool wanted = args.words.empty() ? !name.empty() && name[0] != '_' : false;
    for (const auto& pattern : args.words) wanted = wanted || field_name_match(pattern, name);
    if (wanted) columns.push_back(c);
  }
  std::sort(columns.begin(), columns.end(),
            [&](std::size_t a, std::size_t b) { return input.columns()[a].name < input.columns()[b].name; });

  Result out = Result::table({"field", "count", "distinct_count", "is_exact", "max", "mean", "min", "numeric_count",
                              "stdev", "values"});
  for (std::size_t c : columns) {
    std::size_t count = 0, numeric = 0;
    double sum = 0, mean = 0, m2 = 0, lo = 0, hi = 0;
    std::map<std::string, std::size_t> tally;
    for (std::size_t r = 0; r < input.size(); ++r) {
      const std::vector<std::string> values = input.get(c, r).values();
      if (values.empty()) continue;
      ++count;
      for (const auto& v : values) {
        ++tally[v];
        double d = 0;
        if (!parse_number(v, d)) continue;
        if (numeric == 0) lo = hi = d;
        lo = std::min(lo, d);
        hi = std::max(hi, d);
        ++numeric;
        sum += d;
        const double delta = d - mean;  // Welford
        mean += delta / static_cast<double>(numeric);
        m2 += delta * (d - mean);
      }
    }
    if (count == 0) continue;
    std::vector<std::pair<std::string, std::size_t>> ranked(tally.begin(), tally.end());
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    json::Value list = json::Value::array();
    for (std::size_t i = 0; i < ranked.size() && (maxvals == 0 || i < maxvals); ++i) {
      json::Value entry = json::Value::object();
      entry.set("value", json::Value::of_string(ranked[i].first));
      entry.set("count", json::Value::of_number(static_cast<double>(ranked[i].second)));
      list.items.push_back(std::move(entry));
    }
    std::vector<Value> row = {Value::of(input.columns()[c].name), Value::of(static_cast<double>(count)),
                              Value::of(static_cast<double>(tally.size())), Value::of(1.0)};
    if (numeric > 0) {
      row.push_back(Value::of(hi));
      row.push_back(Value::of(sum / static_cast<double>(numeric)));
      row.push_back(Value::of(lo));
    } else {
      row.insert(row.end(), 3, Value::null());
    }
    row.push_back(Value::of(static_cast<double>(numeric)));
    row.push_back(numeric > 1 ? Value::of(std::sqrt(m2 / static_cast<double>(numeric - 1))) : Value::null());
    row.push_back(Value::of(json::serialize(list)));
    out.add_row(std::move(row));
  }
  return out;
}

}  // namespace spelunk::commands
