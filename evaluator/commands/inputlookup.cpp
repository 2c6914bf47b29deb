// `| inputlookup [append=f] [start=0] [max=N] NAME [where <search>]` (R8.20): the rows of a CSV
// lookup (transforms.conf name or .csv file), one result row per CSV row, an empty cell being no
// value. `where` filters them with the search language; start= skips rows, max= caps them
// (0: no cap); append=t adds the rows after the current results instead of replacing them.
#include <algorithm>

#include "evaluator/commands/commands.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/pipeline.hpp"

namespace spelunk::commands {

Result run_inputlookup(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& body = body_of<ast::InputlookupCommand>(cmd);
  check_options(cmd, body.options, {"append", "start", "max"});
  if (!ctx.knowledge) throw QueryError{"inputlookup `" + body.table + "`: no lookups are loaded here", cmd.pos};
  const bool append = option_bool(cmd, body.options, "append", false);
  const std::size_t start = option_size(cmd, body.options, "start", 0);
  const std::size_t max = option_size(cmd, body.options, "max", 0);
  const auto lookup = ctx.knowledge->lookup(body.table, cmd.pos);
  const LookupTable& table = *lookup.table;
  for (const auto& p : table.problems) ctx.warn("inputlookup: " + p);

  std::vector<std::string> names;
  std::vector<std::size_t> cols;
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    if (table.header[c].empty() || std::find(names.begin(), names.end(), table.header[c]) != names.end()) continue;
    names.push_back(table.header[c]);
    cols.push_back(c);
  }
  Result rows = Result::table(names);
  for (std::size_t r = start; r < table.rows.size(); ++r) {
    std::vector<Value> row;
    row.reserve(cols.size());
    for (std::size_t c : cols) {
      const std::string& cell = table.rows[r][c];
      row.push_back(cell.empty() ? Value::null() : Value::of(cell));
    }
    rows.add_row(std::move(row));
  }
  if (body.where) {
    const SearchContext sctx = search_context(ctx);
    std::vector<std::size_t> keep;
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (match_result_row(*body.where, rows, i, sctx)) keep.push_back(i);
    rows.select_rows(keep);
  }
  if (max > 0 && rows.size() > max) {
    std::vector<std::size_t> keep(max);
    for (std::size_t i = 0; i < max; ++i) keep[i] = i;
    rows.select_rows(keep);
  }
  if (!append) return rows;
  input.append(rows);
  return input;
}

}  // namespace spelunk::commands
