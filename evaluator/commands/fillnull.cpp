// `fillnull [value=0] [fields]` (R8.18): replaces missing values with `value`. Without a field
// list it fills every field present in at least one row (internal `_` fields excepted); with a
// list it fills those fields, creating them when no row has them.
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {

// Fills the nulls of column `name`; an absent column is created unless only_if_present.
void fill_column(Result& r, const std::string& name, const Value& fill, bool only_if_present) {
  int c = r.find(name);
  if (c < 0) {
    if (!only_if_present) r.set_column(name, std::vector<Value>(r.size(), fill));
    return;
  }
  std::vector<Value> values(r.size());
  bool any_null = false, any_value = false;
  for (std::size_t row = 0; row < r.size(); ++row) {
    values[row] = r.get(static_cast<std::size_t>(c), row);
    if (values[row].is_null()) { any_null = true; values[row] = fill; }
    else any_value = true;
  }
  if (!any_null || (only_if_present && !any_value)) return;
  r.set_column(name, std::move(values));
}

}  // namespace

Result run_fillnull(const ast::Command& cmd, Result input, ExecContext&) {
  const auto& fillnull = body_of<ast::FillnullCommand>(cmd);
  const Value fill = Value::of(fillnull.value);
  if (!fillnull.fields.empty()) {
    for (const auto& f : fillnull.fields) fill_column(input, f, fill, false);
    return input;
  }
  std::vector<std::string> names;
  for (const auto& c : input.columns())
    if (c.name.empty() || c.name[0] != '_') names.push_back(c.name);
  for (const auto& n : names) fill_column(input, n, fill, true);
  return input;
}

}  // namespace spelunk::commands
