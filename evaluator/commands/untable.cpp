// `untable <x-field> <y-name-field> <y-data-field>` (Search Reference, untable): the inverse of
// xyseries. Each row becomes one row per other field holding a value: the x value, the field's
// name (in y-name-field) and its value (in y-data-field), in column order. Internal fields
// (`_time`, `_raw`, ...) are left out, as the page's recno example shows.
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result run_untable(const ast::Command& cmd, Result input, ExecContext&) {
  const GenericArgs args = generic_args(cmd);
  check_options(cmd, args.options, {});
  if (args.words.size() != 3)
    throw QueryError{"untable: expected <x-field> <y-name-field> <y-data-field>", cmd.pos};
  const std::string& x_field = args.words[0];
  Result out = Result::table({x_field, args.words[1], args.words[2]});
  const int x_col = input.find(x_field);
  for (std::size_t r = 0; r < input.size(); ++r) {
    const Value x = x_col < 0 ? Value::null() : input.get(static_cast<std::size_t>(x_col), r);
    for (std::size_t c = 0; c < input.columns().size(); ++c) {
      const std::string& name = input.columns()[c].name;
      if (static_cast<int>(c) == x_col || name.empty() || name[0] == '_') continue;
      Value v = input.get(c, r);
      if (v.is_null()) continue;
      out.add_row({x, Value::of(name), std::move(v)});
    }
  }
  return out;
}

}  // namespace spelunk::commands
