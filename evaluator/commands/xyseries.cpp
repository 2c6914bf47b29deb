// `xyseries [grouped=f] <x-field> <y-name-field> <y-data-field>... [sep=": "] [format=...]`
// (alias maketable; Search Reference, xyseries): the inverse of untable. One row per x value
// (in the order first seen), one column per y-name value (sorted) holding the y-data value; with
// several data fields the columns are named `<data-field><sep><y-name>` (or by format=, with
// $AGG$ the data field and $VAL$ the y-name value). A repeated (x, y-name) pair keeps the last
// value ("results that contain duplicate values are removed"). grouped= only changes how Splunk
// distributes the work, not the results.
#include <algorithm>
#include <map>

#include "evaluator/aggregate.hpp"
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result run_xyseries(const ast::Command& cmd, Result input, ExecContext&) {
  const GenericArgs args = generic_args(cmd);
  check_options(cmd, args.options, {"grouped", "sep", "format"});
  option_bool(cmd, args.options, "grouped", false);
  std::vector<std::string> fields;
  for (std::string w : args.words) {  // `a, b` and `a b` both list fields
    while (!w.empty() && w.back() == ',') w.pop_back();
    if (!w.empty()) fields.push_back(w);
  }
  if (fields.size() < 3)
    throw QueryError{cmd.name + ": expected <x-field> <y-name-field> <y-data-field>...", cmd.pos};
  const std::string& x_field = fields[0];
  const std::string& name_field = fields[1];
  const std::vector<std::string> data_fields(fields.begin() + 2, fields.end());
  const std::string* sep = args.options.get("sep");
  const std::string* format = args.options.get("format");
  auto column_name = [&](const std::string& data, const std::string& value) {
    if (format) {
      std::string name = *format;
      for (auto [token, with] : {std::pair<std::string, std::string>{"$AGG$", data}, {"$VAL$", value}})
        for (std::size_t at = name.find(token); at != std::string::npos; at = name.find(token, at + with.size()))
          name.replace(at, token.size(), with);
      return name;
    }
    if (data_fields.size() == 1) return value;
    return data + (sep ? *sep : std::string(": ")) + value;
  };

  const int x_col = input.find(x_field), name_col = input.find(name_field);
  std::vector<int> data_cols;
  for (const auto& f : data_fields) data_cols.push_back(input.find(f));
  std::vector<std::string> x_order;
  std::map<std::string, Value> x_values;
  std::vector<std::string> series;
  std::map<std::pair<std::string, std::string>, Value> cells;  // (x, column) -> value
  for (std::size_t r = 0; x_col >= 0 && name_col >= 0 && r < input.size(); ++r) {
    Value x = input.get(static_cast<std::size_t>(x_col), r);
    Value name = input.get(static_cast<std::size_t>(name_col), r);
    if (x.is_null() || name.is_null()) continue;
    const std::string x_text = x.to_string();
    if (x_values.emplace(x_text, x).second) x_order.push_back(x_text);
    for (std::size_t d = 0; d < data_fields.size(); ++d) {
      if (data_cols[d] < 0) continue;
      Value v = input.get(static_cast<std::size_t>(data_cols[d]), r);
      if (v.is_null()) continue;
      const std::string column = column_name(data_fields[d], name.to_string());
      if (std::find(series.begin(), series.end(), column) == series.end()) series.push_back(column);
      cells[{x_text, column}] = std::move(v);
    }
  }
  std::stable_sort(series.begin(), series.end(), [](const auto& a, const auto& b) { return compare_auto(a, b) < 0; });
  std::vector<std::string> names = {x_field};
  names.insert(names.end(), series.begin(), series.end());
  Result out = Result::table(names);
  for (const auto& x : x_order) {
    std::vector<Value> row = {x_values[x]};
    for (const auto& column : series) {
      auto it = cells.find({x, column});
      row.push_back(it == cells.end() ? Value::null() : it->second);
    }
    out.add_row(std::move(row));
  }
  return out;
}

}  // namespace spelunk::commands
