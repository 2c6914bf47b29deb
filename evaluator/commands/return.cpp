// `return [N] [alias=field ...] [field ...] [$field ...]` (Search Reference, return): the first
// N rows (default 1) become one row with one field, `search`, for the search around a subsearch:
// `field="value"` for a field, `alias="value"` for alias=field, the value alone for $field; the
// terms of one row separated by spaces, several rows each in parentheses joined by OR
// (`(ip="10.1.11.2") OR (ip="10.2.12.3")`). A field a row lacks adds nothing. No rows: the empty
// string ("the subsearch returns an empty string"), which filters nothing.
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result run_return(const ast::Command& cmd, Result input, ExecContext&) {
  const auto& ret = body_of<ast::ReturnCommand>(cmd);
  if (ret.fields.empty()) throw QueryError{"return: name at least one field, alias=field or $field", cmd.pos};
  const std::size_t count = ret.count.value_or(1);
  const std::size_t n = count == 0 ? input.size() : std::min(count, input.size());
  std::vector<std::string> rows;
  for (std::size_t r = 0; r < n; ++r) {
    std::string row;
    for (const auto& f : ret.fields) {  // {source field, alias}; an empty alias means $field
      const Value v = input.get(f.from, r);
      if (v.is_null()) continue;
      std::string term = f.to.empty() ? v.to_string() : f.to + "=\"" + v.to_string() + "\"";
      row += (row.empty() ? "" : " ") + term;
    }
    if (!row.empty()) rows.push_back(std::move(row));
  }
  std::string text;
  if (rows.size() == 1) {
    text = rows[0];
  } else {
    for (std::size_t i = 0; i < rows.size(); ++i) text += (i ? " OR (" : "(") + rows[i] + ")";
  }
  Result out = Result::table({"search"});
  out.add_row({Value::of(text)});
  return out;
}

}  // namespace spelunk::commands
