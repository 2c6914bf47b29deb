#include "evaluator/pipeline.hpp"

#include <algorithm>
#include <optional>

#include "evaluator/commands/commands.hpp"
#include "evaluator/glob.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/time_order.hpp"

namespace spelunk {

namespace {

template <class... Ts>
struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

void mention_expr(const ast::Expr& e, FieldMentions& m) {
  if (e.kind == ast::Expr::Kind::Field) m.names.insert(e.text);
  for (const auto& a : e.args) mention_expr(a, m);
}

void mention_search(const ast::SearchExpr& e, FieldMentions& m) {
  if (e.kind == ast::SearchExpr::Kind::Compare || e.kind == ast::SearchExpr::Kind::In) m.names.insert(e.field);
  if (e.kind == ast::SearchExpr::Kind::Subsearch) m.everything = true;
  for (const auto& c : e.children) mention_search(c, m);
}

void mention_aggregations(const std::vector<ast::Aggregation>& aggs, FieldMentions& m) {
  for (const auto& a : aggs) {
    if (a.field) m.names.insert(*a.field);
    if (a.eval_arg) mention_expr(*a.eval_arg, m);
  }
}

void mention_command(const ast::Command& cmd, FieldMentions& m) {
  std::visit(Overloaded{
                 [&](const ast::SearchCommand& c) { if (c.expr) mention_search(*c.expr, m); },
                 [&](const ast::WhereCommand& c) { mention_expr(c.expr, m); },
                 [&](const ast::EvalCommand& c) { for (const auto& [f, e] : c.assignments) mention_expr(e, m); },
                 [&](const ast::StatsCommand& c) {
                   mention_aggregations(c.aggregations, m);
                   m.names.insert(c.by.begin(), c.by.end());
                 },
                 [&](const ast::TimechartCommand& c) {
                   mention_aggregations(c.aggregations, m);
                   if (c.by) m.names.insert(*c.by);
                 },
                 [&](const ast::TableCommand& c) { m.names.insert(c.fields.begin(), c.fields.end()); },
                 [&](const ast::FieldsCommand& c) { if (!c.remove) m.names.insert(c.fields.begin(), c.fields.end()); },
                 [&](const ast::RenameCommand& c) { for (const auto& r : c.renames) m.names.insert(r.from); },
                 [&](const ast::SortCommand& c) { for (const auto& k : c.keys) m.names.insert(k.field); },
                 [&](const ast::HeadCommand& c) { if (c.condition) mention_expr(*c.condition, m); },
                 [&](const ast::ReverseCommand&) {},
                 [&](const ast::DedupCommand& c) {
                   m.names.insert(c.fields.begin(), c.fields.end());
                   for (const auto& k : c.sortby) m.names.insert(k.field);
                 },
                 [&](const ast::TopCommand& c) {
                   m.names.insert(c.fields.begin(), c.fields.end());
                   m.names.insert(c.by.begin(), c.by.end());
                 },
                 [&](const ast::RexCommand& c) { m.names.insert(c.field); },
                 [&](const ast::RegexCommand& c) { m.names.insert(c.field); },
                 [&](const ast::BinCommand& c) { m.names.insert(c.field); },
                 [&](const ast::FillnullCommand& c) {
                   if (c.fields.empty()) m.everything = true;
                   m.names.insert(c.fields.begin(), c.fields.end());
                 },
                 [&](const ast::MvexpandCommand& c) { m.names.insert(c.field); },
                 [&](const ast::MakeresultsCommand&) {},
                 [&](const ast::ConvertCommand& c) { for (const auto& x : c.conversions) m.names.insert(x.field); },
                 [&](const ast::SpathCommand& c) {
                   const std::string* input = c.options.get("input");
                   m.names.insert(input ? *input : "_raw");
                 },
                 [&](const ast::LookupCommand& c) {  // keys read; OUTPUTNEW reads its destinations
                   for (const auto& k : c.keys) m.names.insert(k.to);
                   for (const auto& o : c.outputs) m.names.insert(o.to);
                 },
                 [&](const ast::InputlookupCommand&) {},
                 [&](const auto&) { m.everything = true; },
             },
             cmd.body);
}

}  // namespace

FieldMentions field_mentions(const ast::Pipeline& pipeline) {
  FieldMentions m;
  for (const auto& cmd : pipeline.commands) mention_command(cmd, m);
  return m;
}

std::vector<std::string> needed_calculated_fields(const ast::Pipeline& pipeline, const Knowledge* knowledge) {
  if (!knowledge) return {};
  FieldMentions m = field_mentions(pipeline);
  std::vector<std::string> out;
  for (const auto& name : knowledge->calculated_field_names()) {
    bool needed = m.everything || m.names.count(name);
    for (const auto& pattern : m.names)
      if (!needed && pattern.find('*') != std::string::npos && field_name_match(pattern, name)) needed = true;
    if (needed) out.push_back(name);
  }
  return out;
}

ColumnLookup store_column_lookup(const ExecContext& ctx) {
  auto store = ctx.store;
  const Knowledge* knowledge = ctx.knowledge;
  return [store, knowledge](std::string_view field) -> const Column* {
    if (!store) return nullptr;
    return knowledge ? knowledge->column(store, field) : store->column(field);
  };
}

SearchContext search_context(const ExecContext& ctx) {
  SearchContext s;
  s.now_us = ctx.now_us;
  s.tz = ctx.tz;
  s.threads = ctx.threads;
  s.run_subsearch = ctx.run_pipeline;
  s.cancel = ctx.cancel;
  return s;
}

namespace {

bool has_time_modifier(const ast::SearchExpr& e) {
  if (e.kind == ast::SearchExpr::Kind::TimeModifier) return true;
  for (const auto& c : e.children)
    if (has_time_modifier(c)) return true;
  return false;
}

ast::SearchExpr time_modifier(std::string field, std::string spec) {
  ast::SearchExpr e;
  e.kind = ast::SearchExpr::Kind::TimeModifier;
  e.field = std::move(field);
  ast::SearchValue v;
  v.text = std::move(spec);
  e.values.push_back(std::move(v));
  return e;
}

}  // namespace

// The search expression with the time range picker's bounds added, when it applies.
std::optional<ast::SearchExpr> with_picker_range(const ast::SearchExpr* expr, const ExecContext& ctx) {
  if (ctx.picker_earliest.empty() && ctx.picker_latest.empty()) return std::nullopt;
  if (expr && has_time_modifier(*expr)) return std::nullopt;
  ast::SearchExpr all;
  all.kind = ast::SearchExpr::Kind::And;
  if (expr) {
    all.pos = expr->pos;
    all.children.push_back(*expr);
  }
  if (!ctx.picker_earliest.empty()) all.children.push_back(time_modifier("earliest", ctx.picker_earliest));
  if (!ctx.picker_latest.empty()) all.children.push_back(time_modifier("latest", ctx.picker_latest));
  return all;
}

Result event_view(const RowSet& set, const ExecContext& ctx) {
  const Store& store = *ctx.store;
  auto order = newest_first_order(ctx.store);  // newest first; equal times keep store order
  std::vector<std::uint32_t> rows;
  const std::size_t hits = set.count();
  rows.reserve(hits);
  if (hits * 16 < store.rows()) {  // few hits: sorting them beats walking every row
    set.for_each([&](std::size_t r) { rows.push_back(static_cast<std::uint32_t>(r)); });
    auto times = store.times();
    std::stable_sort(rows.begin(), rows.end(), [&](std::uint32_t a, std::uint32_t b) { return times[a] > times[b]; });
  } else {
    for (std::uint32_t r : *order)
      if (set.test(r)) rows.push_back(r);
  }
  return Result::events(ctx.store, std::move(rows));
}

Result search_events(const ast::SearchExpr* expr, ExecContext& ctx, const std::vector<std::string>& calculated) {
  if (!ctx.store) return Result();
  std::optional<ast::SearchExpr> ranged = with_picker_range(expr, ctx);
  if (ranged) expr = &*ranged;
  if (!ctx.run_pipeline) ctx.run_pipeline = [&ctx](const ast::Pipeline& p) { return run_pipeline(p, ctx); };
  Result result;
  if (!expr) {
    result = Result::events(ctx.store, *newest_first_order(ctx.store));
  } else {
    result = event_view(filter_store(*expr, *ctx.store, store_column_lookup(ctx), search_context(ctx)), ctx);
  }
  if (ctx.knowledge)
    for (const auto& name : calculated) result.set_store_column(name, ctx.knowledge->column(ctx.store, name));
  return result;
}

Result run_pipeline(const ast::Pipeline& pipeline, ExecContext& ctx, const PipelineObserver* observer) {
  if (!ctx.run_pipeline) ctx.run_pipeline = [&ctx](const ast::Pipeline& p) { return run_pipeline(p, ctx); };
  const auto& registry = command_registry();
  std::size_t first = 0;
  const ast::SearchCommand* leading = nullptr;
  if (!pipeline.commands.empty()) {
    const ast::Command& lead = pipeline.commands[0];
    leading = std::get_if<ast::SearchCommand>(&lead.body);
    if (leading && lead.name == "search") first = 1;
    else leading = nullptr;
  }
  // Every command must exist before any work starts.
  for (std::size_t i = first; i < pipeline.commands.size(); ++i) {
    const ast::Command& cmd = pipeline.commands[i];
    if (!registry.count(cmd.name)) throw QueryError{"command `" + cmd.name + "` is not supported yet", cmd.pos};
  }
  commands::check_prestats_followers(pipeline);
  Result result;
  if (leading) {
    result = search_events(leading->expr ? &*leading->expr : nullptr, ctx,
                           needed_calculated_fields(pipeline, ctx.knowledge));
    if (observer) (*observer)(0, result);
  }
  for (std::size_t i = first; i < pipeline.commands.size(); ++i) {
    const ast::Command& cmd = pipeline.commands[i];
    if (ctx.cancelled()) throw QueryError{"search cancelled", cmd.pos};
    result = registry.at(cmd.name)(cmd, std::move(result), ctx);
    if (observer) (*observer)(i, result);
  }
  if (ctx.cancelled()) throw QueryError{"search cancelled", pipeline.pos};
  return result;
}

// ------------------------------------------------------------------ warnings

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t subst = prev[j - 1] + (ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]) ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

namespace {

void search_fields(const ast::SearchExpr& e, std::vector<std::string>& out) {
  if ((e.kind == ast::SearchExpr::Kind::Compare || e.kind == ast::SearchExpr::Kind::In) &&
      std::find(out.begin(), out.end(), e.field) == out.end())
    out.push_back(e.field);
  for (const auto& c : e.children) search_fields(c, out);
}

bool field_exists(const ExecContext& ctx, std::string_view name) {
  if (name == "_time" || name == "_raw") return true;
  if (ctx.store && ctx.store->column(name)) return true;
  return ctx.knowledge && ctx.knowledge->defines(name) && ctx.knowledge->column(ctx.store, name);
}

}  // namespace

std::vector<std::string> missing_field_warnings(const ast::Pipeline& pipeline, const ExecContext& ctx) {
  std::vector<std::string> named;
  // The leading search, and `| search` / table / fields until a command that makes new fields.
  for (std::size_t i = 0; i < pipeline.commands.size(); ++i) {
    const auto& body = pipeline.commands[i].body;
    if (const auto* s = std::get_if<ast::SearchCommand>(&body)) {
      if (s->expr) search_fields(*s->expr, named);
    } else if (const auto* t = std::get_if<ast::TableCommand>(&body)) {
      for (const auto& f : t->fields)
        if (f.find('*') == std::string::npos && std::find(named.begin(), named.end(), f) == named.end())
          named.push_back(f);
    } else if (!std::holds_alternative<ast::HeadCommand>(body) &&
               !std::holds_alternative<ast::FieldsCommand>(body) &&
               !std::holds_alternative<ast::SortCommand>(body) &&
               !std::holds_alternative<ast::DedupCommand>(body) &&
               !std::holds_alternative<ast::WhereCommand>(body)) {
      break;
    }
  }
  std::vector<std::string> warnings;
  for (const auto& name : named) {
    if (field_exists(ctx, name)) continue;
    std::vector<std::string> close = closest_field_names(name, ctx);
    std::string w = "`" + name + "`: no event has this field";
    if (!close.empty()) {
      w += " (closest:";
      for (std::size_t i = 0; i < close.size(); ++i) w += (i ? ", `" : " `") + close[i] + "`";
      w += ")";
    }
    warnings.push_back(std::move(w));
  }
  return warnings;
}

std::vector<std::string> closest_field_names(std::string_view name, const ExecContext& ctx, std::size_t max) {
  std::vector<std::string> known;
  if (ctx.store)
    for (auto n : ctx.store->field_names()) known.emplace_back(n);
  if (ctx.knowledge)
    for (const auto& n : ctx.knowledge->calculated_field_names()) known.push_back(n);
  std::vector<std::pair<std::size_t, std::string>> close;
  for (auto& k : known) {
    std::size_t d = edit_distance(name, k);
    if (d <= std::max<std::size_t>(2, name.size() / 3)) close.emplace_back(d, std::move(k));
  }
  std::sort(close.begin(), close.end());
  close.erase(std::unique(close.begin(), close.end()), close.end());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < close.size() && i < max; ++i) out.push_back(std::move(close[i].second));
  return out;
}

}  // namespace spelunk
