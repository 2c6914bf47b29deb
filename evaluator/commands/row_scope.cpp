#include "evaluator/commands/row_scope.hpp"

#include "evaluator/search_filter.hpp"
#include "parser/parser.hpp"

namespace spelunk::commands {

RowScope::RowScope(const Result& result, const ExecContext& ctx) : result_(result) {
  scope_.now_us = ctx.now_us;
  scope_.tz = ctx.tz;
  scope_.field = [this](std::string_view name) {
    int col = column(name);
    return col < 0 ? Value::null() : result_.get(static_cast<std::size_t>(col), row_);
  };
  scope_.searchmatch = [this](std::string_view search) { return searchmatch(search); };
}

// Expressions read few fields: a linear cache beats hashing a freshly built string per read.
int RowScope::column(std::string_view name) {
  for (const auto& [cached, col] : columns_)
    if (cached == name) return col;
  int col = result_.find(name);
  columns_.emplace_back(std::string(name), col);
  return col;
}

bool RowScope::searchmatch(std::string_view search) {
  auto it = searches_.find(search);
  if (it == searches_.end()) {
    ParseResult parsed = parse_query("search " + std::string(search));
    const ast::SearchCommand* command =
        parsed.pipeline && !parsed.pipeline->commands.empty()
            ? std::get_if<ast::SearchCommand>(&parsed.pipeline->commands.front().body)
            : nullptr;
    if (!command || parsed.pipeline->commands.size() != 1)
      throw EvalError{"searchmatch(): cannot parse the search `" + std::string(search) + "`" +
                          (parsed.error ? ": " + parsed.error->message : std::string()),
                      {}};
    ast::SearchExpr expr;
    if (command->expr) {
      expr = *command->expr;
    } else {
      expr.kind = ast::SearchExpr::Kind::And;  // an empty search matches everything
    }
    it = searches_.emplace(std::string(search), std::move(expr)).first;
  }
  if (it->second.kind == ast::SearchExpr::Kind::And && it->second.children.empty()) return true;
  SearchContext context;
  context.now_us = scope_.now_us;
  context.tz = scope_.tz;
  return match_result_row(it->second, result_, row_, context);
}

}  // namespace spelunk::commands
