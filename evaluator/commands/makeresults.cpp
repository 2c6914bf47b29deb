// `| makeresults [count=1] [annotate=f]` (R8.21): generates `count` rows holding only `_time`
// (the search's pinned now). annotate=t adds _raw, host, source, sourcetype, splunk_server and
// splunk_server_group (empty but present).
//
// `| makeresults format=csv|json data="..."` turns inline data into rows instead, ignoring count
// and annotate (Search Reference, makeresults: "If you specify these arguments, makeresults
// ignores other arguments such as count or annotate"):
// - csv: the first line names the fields (trimmed), each later line is one row;
// - json: an array of objects, one row per object, its keys as fields and the object itself,
//   compact, as _raw (the page's example 6 shows `{"name":"Larson","age":32}` as _raw). Nested
//   objects stay JSON text and arrays become multi-values, as with fromjson.
// Every row also gets `_time` = now. Data longer than 29,999 characters, or data that does not
// parse in the format named, is an error (the page: "it returns an error").
#include <algorithm>

#include "evaluator/commands/commands.hpp"
#include "evaluator/json_value.hpp"
#include "evaluator/knowledge/lookup_table.hpp"
#include "evaluator/structured.hpp"

namespace spelunk::commands {

namespace {

constexpr std::size_t kMaxMakeresults = 10'000'000;  // hostile count= must not exhaust memory
constexpr std::size_t kMaxInlineData = 29'999;       // the Search Reference's limit

// Rows of named fields, in first-seen field order, with _time first.
Result rows_to_result(const std::vector<std::vector<std::pair<std::string, Value>>>& rows, const Value& now) {
  std::vector<std::string> names = {"_time"};
  for (const auto& row : rows)
    for (const auto& [name, value] : row)
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  Result out = Result::table(names);
  for (const auto& row : rows) {
    std::vector<Value> cells(names.size());
    cells[0] = now;
    for (const auto& [name, value] : row)
      cells[static_cast<std::size_t>(std::find(names.begin(), names.end(), name) - names.begin())] = value;
    out.add_row(std::move(cells));
  }
  return out;
}

Result from_csv(const std::string& data, const Value& now, ast::Position pos) {
  LookupTable table = parse_csv_table(data, "data");
  if (!table.problems.empty()) throw QueryError{"makeresults: format=csv: " + table.problems.front(), pos};
  if (table.header.empty()) throw QueryError{"makeresults: format=csv: data= has no header line", pos};
  std::vector<std::vector<std::pair<std::string, Value>>> rows;
  for (const auto& record : table.rows) {
    std::vector<std::pair<std::string, Value>> row;
    for (std::size_t c = 0; c < table.header.size(); ++c)
      if (!record[c].empty()) row.emplace_back(table.header[c], Value::of(record[c]));
    rows.push_back(std::move(row));
  }
  return rows_to_result(rows, now);
}

Result from_json(const std::string& data, const Value& now, ast::Position pos) {
  std::optional<json::Value> doc = json::parse(data);
  if (!doc) throw QueryError{"makeresults: format=json: data= is not valid JSON", pos};
  if (!doc->is_array()) throw QueryError{"makeresults: format=json: data= must be a JSON array of objects", pos};
  structured::Extractor extractor;
  std::vector<std::vector<std::pair<std::string, Value>>> rows;
  for (const auto& item : doc->items) {
    if (!item.is_object()) throw QueryError{"makeresults: format=json: every element of data= must be an object", pos};
    const std::string raw = json::serialize(item);
    std::vector<std::pair<std::string, Value>> row = {{"_raw", Value::of(raw)}};
    for (auto& [name, values] : extractor.extract_top_level(raw)) row.emplace_back(name, Value::list(std::move(values)));
    rows.push_back(std::move(row));
  }
  return rows_to_result(rows, now);
}

}  // namespace

Result run_makeresults(const ast::Command& cmd, Result, ExecContext& ctx) {
  const auto& mk = body_of<ast::MakeresultsCommand>(cmd);
  check_options(cmd, mk.options, {"count", "annotate", "format", "data"});
  const Value now = Value::of(static_cast<double>(ctx.now_us) / kMicrosPerSecond);

  const std::string* format = mk.options.get("format");
  const std::string* data = mk.options.get("data");
  if (format || data) {
    const ast::Position pos = mk.options.position_of(format ? "format" : "data", cmd.pos);
    if (!format) throw QueryError{"makeresults: data= needs format=csv or format=json", pos};
    if (!data) throw QueryError{"makeresults: format=" + *format + " needs data=\"...\"", pos};
    const ast::Position data_pos = mk.options.position_of("data", cmd.pos);
    if (data->size() > kMaxInlineData)
      throw QueryError{"makeresults: data= is longer than " + std::to_string(kMaxInlineData) + " characters", data_pos};
    if (*format == "csv") return from_csv(*data, now, data_pos);
    if (*format == "json") return from_json(*data, now, data_pos);
    throw QueryError{"makeresults: format=" + *format + " is not csv or json", pos};
  }

  const std::size_t count = option_size(cmd, mk.options, "count", 1);
  if (count > kMaxMakeresults)
    throw QueryError{"makeresults: count must be at most " + std::to_string(kMaxMakeresults),
                     mk.options.position_of("count", cmd.pos)};
  const bool annotate = option_bool(cmd, mk.options, "annotate", false);

  std::vector<std::string> names = {"_time"};
  if (annotate)
    for (const char* n : {"_raw", "host", "source", "sourcetype", "splunk_server", "splunk_server_group"})
      names.emplace_back(n);
  Result out = Result::table(names);
  for (std::size_t i = 0; i < count; ++i) {
    std::vector<Value> row(names.size());
    row[0] = now;
    out.add_row(std::move(row));
  }
  return out;
}

}  // namespace spelunk::commands
