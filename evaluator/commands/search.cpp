// `| search <expr>` (R8.1): the leading search's language over the current rows. Over an event
// view whose named fields still read the store, the column filter runs (dictionary-at-a-time);
// otherwise (stats output, eval'd fields) every row is tested.
#include <set>

#include "evaluator/commands/commands.hpp"
#include "evaluator/pipeline.hpp"

namespace spelunk::commands {

namespace {

void named_fields(const ast::SearchExpr& e, std::set<std::string>& out, bool& terms) {
  if (e.kind == ast::SearchExpr::Kind::Term) terms = true;
  if (e.kind == ast::SearchExpr::Kind::Compare || e.kind == ast::SearchExpr::Kind::In) out.insert(e.field);
  for (const auto& c : e.children) named_fields(c, out, terms);
}

// The column filter can run when every field it names is either a store-backed column of the
// view or absent from it, and bare terms still have `_raw` to read.
bool column_filter_applies(const ast::SearchExpr& e, const Result& input) {
  if (!input.is_event_view()) return false;
  std::set<std::string> fields;
  bool terms = false;
  named_fields(e, fields, terms);
  fields.insert("_time");
  if (terms) fields.insert("_raw");
  for (const auto& f : fields) {
    int i = input.find(f);
    if (i < 0) {
      if (f == "_raw" || f == "_time") return false;
      continue;
    }
    auto source = input.columns()[static_cast<std::size_t>(i)].source;
    if (source == ResultColumn::Source::Materialized) return false;
  }
  return true;
}

// The expression with each subsearch run once and replaced by the filter its rows make: the row
// path would otherwise run it again for every row.
ast::SearchExpr with_subsearches_run(const ast::SearchExpr& e, const SearchContext& ctx) {
  if (e.kind == ast::SearchExpr::Kind::Subsearch) {
    if (!ctx.run_subsearch || !e.subsearch) throw QueryError{"subsearches are not supported here", e.pos};
    return subsearch_filter(ctx.run_subsearch(*e.subsearch), e.pos);
  }
  ast::SearchExpr out = e;
  for (auto& c : out.children) c = with_subsearches_run(c, ctx);
  return out;
}

bool has_subsearch(const ast::SearchExpr& e) {
  if (e.kind == ast::SearchExpr::Kind::Subsearch) return true;
  for (const auto& c : e.children)
    if (has_subsearch(c)) return true;
  return false;
}

}  // namespace

Result run_search(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& body = std::get<ast::SearchCommand>(cmd.body);
  if (!body.expr) return input;
  const ast::SearchExpr& expr = *body.expr;
  SearchContext sctx = search_context(ctx);
  std::vector<std::size_t> keep;
  if (column_filter_applies(expr, input)) {
    const Result& view = input;
    ColumnLookup lookup = [&view](std::string_view field) -> const Column* {
      int i = view.find(field);
      return i < 0 ? nullptr : view.columns()[static_cast<std::size_t>(i)].store_column;
    };
    RowSet set = filter_store(expr, *input.store(), lookup, sctx);
    const auto& rows = input.event_rows();
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (set.test(rows[i])) keep.push_back(i);
  } else {
    const ast::SearchExpr run_once = has_subsearch(expr) ? with_subsearches_run(expr, sctx) : ast::SearchExpr{};
    const ast::SearchExpr& tested = has_subsearch(expr) ? run_once : expr;
    for (std::size_t i = 0; i < input.size(); ++i)
      if (match_result_row(tested, input, i, sctx)) keep.push_back(i);
  }
  input.select_rows(keep);
  return input;
}

}  // namespace spelunk::commands
