// `transpose [N] [column_name=column] [header_field=<field>] [include_empty=t]` (Search
// Reference, transpose): the first N rows (default 5; 0 for all) become columns. Each field
// becomes a row: its name in the first column (`column_name`), then its value in each input
// row, in columns "row 1", "row 2", ... or named by the values of `header_field` (whose own row
// is then left out). include_empty=f leaves out fields that are empty in every transposed row.
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result run_transpose(const ast::Command& cmd, Result input, ExecContext&) {
  const GenericArgs args = generic_args(cmd);
  check_options(cmd, args.options, {"column_name", "header_field", "include_empty"});
  std::size_t limit = 5;
  for (std::size_t i = 0; i < args.words.size(); ++i) {
    double d = 0;
    if (i > 0 || !parse_number(args.words[i], d) || d < 0 || d != static_cast<double>(static_cast<std::size_t>(d)))
      throw QueryError{"transpose: expected a number of rows, found `" + args.raw[i] + "`", args.positions[i]};
    limit = static_cast<std::size_t>(d);
  }
  const std::string* column_name = args.options.get("column_name");
  const std::string* header_field = args.options.get("header_field");
  const bool include_empty = option_bool(cmd, args.options, "include_empty", true);
  const std::size_t rows = limit == 0 ? input.size() : std::min(limit, input.size());

  std::vector<std::string> names = {column_name ? *column_name : "column"};
  const int header = header_field ? input.find(*header_field) : -1;
  for (std::size_t r = 0; r < rows; ++r)
    names.push_back(header >= 0 ? input.get(static_cast<std::size_t>(header), r).to_string() : "row " + std::to_string(r + 1));
  Result out = Result::table(names);
  for (std::size_t c = 0; c < input.columns().size(); ++c) {
    const std::string& field = input.columns()[c].name;
    if (static_cast<int>(c) == header) continue;
    std::vector<Value> row = {Value::of(field)};
    bool any = false;
    for (std::size_t r = 0; r < rows; ++r) {
      row.push_back(input.get(c, r));
      any = any || !row.back().is_null();
    }
    if (!include_empty && !any) continue;
    out.add_row(std::move(row));
  }
  return out;
}

}  // namespace spelunk::commands
