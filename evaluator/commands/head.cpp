// `| head [N] | head limit=N | head (<eval-expr>) [keeplast=t] [null=t]` (R8.11): the first N
// rows (default 10), or the rows up to the first one where the condition is not true.
#include "evaluator/commands/commands.hpp"
#include "evaluator/eval.hpp"

namespace spelunk::commands {

namespace {

bool option_true(const ast::Options& o, const std::string& key) {
  const std::string* v = o.get(key);
  return v && (*v == "t" || *v == "true" || *v == "1" || *v == "T" || *v == "TRUE" || *v == "True");
}

}  // namespace

Result run_head(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& body = std::get<ast::HeadCommand>(cmd.body);
  check_options(cmd, body.options, {"limit", "keeplast", "null"});
  std::size_t limit = body.count.value_or(10);
  if (const std::string* l = body.options.get("limit")) {
    double n = 0;
    if (!parse_number(*l, n) || n < 0) throw QueryError{"head: limit must be a number, got `" + *l + "`", cmd.pos};
    limit = static_cast<std::size_t>(n);
  }
  std::vector<std::size_t> keep;
  if (!body.condition) {
    for (std::size_t i = 0; i < input.size() && i < limit; ++i) keep.push_back(i);
  } else {
    const bool keeplast = option_true(body.options, "keeplast");
    const bool null_is_true = option_true(body.options, "null");
    std::size_t row = 0;
    EvalScope scope;
    scope.now_us = ctx.now_us;
    scope.tz = ctx.tz;
    scope.field = [&](std::string_view name) { return input.get(name, row); };
    for (; row < input.size() && keep.size() < limit; ++row) {
      Value v = evaluate(*body.condition, scope);
      bool ok = v.is_null() ? null_is_true : (v.type == Value::Type::Bool && v.number != 0);
      if (!ok) {
        if (keeplast) keep.push_back(row);
        break;
      }
      keep.push_back(row);
    }
  }
  input.select_rows(keep);
  return input;
}

}  // namespace spelunk::commands
