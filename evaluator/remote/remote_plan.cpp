#include "evaluator/remote/remote_plan.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <numeric>
#include <set>

#include <fmt/format.h>

#include "evaluator/commands/commands.hpp"
#include "evaluator/glob.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/pipeline.hpp"
#include "evaluator/remote/knowledge_fingerprint.hpp"
#include "evaluator/remote/sql_where.hpp"
#include "storage/clickhouse/clickhouse_table.hpp"
#include "storage/clickhouse/row_binary.hpp"
#include "storage/clickhouse/sql_text.hpp"

namespace spelunk::remote {

namespace {

using clickhouse::ClickHouseTable;
using clickhouse::sql_identifier;

const ClickHouseTable& table_of(const ExecContext& ctx) { return *ctx.remote; }

// How the event view reads a field (as the leading search's column lookup does): a calculated
// field when the rules define it, else the extracted one.
FieldRef base_field(const ExecContext& ctx, std::string_view name) {
  if (name == "_time") return {FieldRef::Kind::Time, {}};
  if (name == "_raw") return {FieldRef::Kind::Raw, {}};
  const auto& schema = table_of(ctx).schema();
  const clickhouse::FieldColumn* f = ctx.knowledge && ctx.knowledge->defines(name) ? schema.calculated(name)
                                                                                    : schema.extracted(name);
  if (!f) return {};
  return {FieldRef::Kind::Array, sql_identifier(f->column)};
}

void neutralize_subsearches(ast::SearchExpr& e);

bool has_subsearch(const ast::SearchExpr& e) {
  if (e.kind == ast::SearchExpr::Kind::Subsearch) return true;
  for (const auto& c : e.children)
    if (has_subsearch(c)) return true;
  return false;
}

bool reads_raw(const ast::SearchExpr& e) {  // as search_filter.cpp's
  if (e.kind == ast::SearchExpr::Kind::Term ||
      ((e.kind == ast::SearchExpr::Kind::Compare || e.kind == ast::SearchExpr::Kind::In) && e.field == "_raw"))
    return true;
  for (const auto& c : e.children)
    if (reads_raw(c)) return true;
  return false;
}

// Does any row of the table satisfy `condition`?
bool any_row(ExecContext& ctx, const std::string& condition) {
  if (condition == "0") return false;
  if (condition == "1") return true;  // (an empty table runs the subsearch too, as in memory)
  // `_seq`, not a constant: 18.16 moves part of the WHERE to PREWHERE and then, with no column
  // read, loses it ("Cannot find column `notEmpty(x)` in source stream").
  const std::string rows = ctx.remote->select("SELECT `_seq` FROM " + ctx.remote->from() + " WHERE " + condition +
                                              " LIMIT 1", ctx.cancel);
  return !rows.empty();
}

// Replaces every subsearch by the filter its rows make (Splunk's `format`), running each one only
// when the in-memory filter would: search_filter.cpp evaluates an AND's children field tests
// first, raw-text tests last, and stops at the first child after which no row is left, so a
// subsearch there never runs (nor fails). `candidates` is the SQL of the rows still possible.
void resolve_subsearches(ast::SearchExpr& e, ExecContext& ctx, const FieldResolver& fields,
                         const std::string& candidates) {
  using Kind = ast::SearchExpr::Kind;
  if (e.kind == Kind::Subsearch) {
    if (!e.subsearch) throw QueryError{"subsearches are not supported here", e.pos};
    e = subsearch_filter(ctx.run_pipeline(*e.subsearch), e.pos);
    return;
  }
  if (e.kind != Kind::And) {
    for (auto& c : e.children) resolve_subsearches(c, ctx, fields, candidates);
    return;
  }
  std::vector<std::size_t> order;
  for (std::size_t k = 0; k < e.children.size(); ++k)
    if (!reads_raw(e.children[k])) order.push_back(k);
  for (std::size_t k = 0; k < e.children.size(); ++k)
    if (reads_raw(e.children[k])) order.push_back(k);
  SearchCompileOptions bound;  // an over-approximation: "no row" is then certain
  bound.trust_float_compare = false;
  const SearchContext sctx = search_context(ctx);
  std::vector<std::string> acc = {candidates};
  for (std::size_t n = 0; n < order.size(); ++n) {
    ast::SearchExpr& child = e.children[order[n]];
    if (has_subsearch(child)) {
      std::string rows_left;
      for (std::size_t a = 0; a < acc.size(); ++a) rows_left += (a ? " AND " : "") + acc[a];
      if (!any_row(ctx, rows_left)) {
        // No row left: the in-memory filter stops here. What follows cannot add rows to this AND;
        // its subsearches become filters that match nothing (a subsearch without rows).
        for (std::size_t m = n; m < order.size(); ++m) neutralize_subsearches(e.children[order[m]]);
        return;
      }
      resolve_subsearches(child, ctx, fields, rows_left);
    }
    const std::string sql = compile_search(child, fields, sctx, bound).sql;
    if (sql != "1") acc.push_back("(" + sql + ")");
  }
}

void neutralize_subsearches(ast::SearchExpr& e) {
  if (e.kind == ast::SearchExpr::Kind::Subsearch) {
    e = subsearch_filter(Result(), e.pos);
    return;
  }
  for (auto& c : e.children) neutralize_subsearches(c);
}

bool has_term(const ast::SearchExpr& e) {
  if (e.kind == ast::SearchExpr::Kind::Term) return true;
  for (const auto& c : e.children)
    if (has_term(c)) return true;
  return false;
}

bool calls_searchmatch(const ast::Expr& e) {
  if (e.kind == ast::Expr::Kind::Call && e.text == "searchmatch") return true;
  for (const auto& a : e.args)
    if (calls_searchmatch(a)) return true;
  return false;
}

// Commands after which no field of the events is read any more (their output is new rows).
bool closes_events(const ast::Command& c) {
  return c.name == "stats" || c.name == "chart" || c.name == "timechart" || c.name == "top" || c.name == "rare" ||
         c.name == "table";
}

// What the local part reads of the event rows: fields named by its commands up to the first one
// that closes the events (pipeline.cpp's field_mentions, plus `_raw` for bare terms and
// everything for searchmatch()).
FieldMentions local_reads(const ast::Pipeline& pipeline, std::size_t first) {
  ast::Pipeline front;
  bool closed = false;
  for (std::size_t i = first; i < pipeline.commands.size() && !closed; ++i) {
    front.commands.push_back(pipeline.commands[i]);
    closed = closes_events(pipeline.commands[i]);
  }
  FieldMentions m = field_mentions(front);
  if (!closed) m.everything = true;  // the events themselves are the output
  for (const auto& c : front.commands) {
    if (const auto* s = std::get_if<ast::SearchCommand>(&c.body); s && s->expr && has_term(*s->expr)) m.names.insert("_raw");
    auto check = [&](const ast::Expr& e) { m.everything = m.everything || calls_searchmatch(e); };
    if (const auto* w = std::get_if<ast::WhereCommand>(&c.body)) check(w->expr);
    if (const auto* e = std::get_if<ast::EvalCommand>(&c.body))
      for (const auto& [f, x] : e->assignments) check(x);
    if (const auto* h = std::get_if<ast::HeadCommand>(&c.body); h && h->condition) check(*h->condition);
    if (const auto* st = std::get_if<ast::StatsCommand>(&c.body))
      for (const auto& a : st->aggregations)
        if (a.eval_arg) check(*a.eval_arg);
  }
  return m;
}

bool wanted(const FieldMentions& m, const std::string& name) {
  if (m.everything || m.names.count(name)) return true;
  for (const auto& p : m.names)
    if (p.find('*') != std::string::npos && field_name_match(p, name)) return true;
  return false;
}

void mention_search_fields(const ast::SearchExpr& e, FieldMentions& m) {
  if (e.kind == ast::SearchExpr::Kind::Compare || e.kind == ast::SearchExpr::Kind::In) m.names.insert(e.field);
  if (e.kind == ast::SearchExpr::Kind::Term) m.names.insert("_raw");
  for (const auto& c : e.children) mention_search_fields(c, m);
}

// The condition of the pushed searches, with one probe when Float64 comparisons need it.
SqlCondition compile_condition(const ast::SearchExpr& expr, const FieldResolver& fields, ExecContext& ctx) {
  SearchContext sctx = search_context(ctx);
  SqlCondition c = compile_search(expr, fields, sctx);
  if (c.near.empty()) return c;
  std::string near;
  for (std::size_t i = 0; i < c.near.size(); ++i) near += (i ? " OR " : "") + c.near[i];
  const std::string rows = table_of(ctx).select("SELECT count() FROM " + table_of(ctx).from() + " WHERE " + near,
                                                ctx.cancel);
  clickhouse::RowBinaryReader in(rows);
  if (in.uint64() == 0) {
    c.near.clear();
    return c;
  }
  SearchCompileOptions strict;
  strict.trust_float_compare = false;
  return compile_search(expr, fields, sctx, strict);
}

bool is_bin_time(const ast::Command& cmd) {
  const auto* b = std::get_if<ast::BinCommand>(&cmd.body);
  return b && b->field == "_time" && (b->as.empty() || b->as == "_time");
}

// `bin _time span=S` (a fixed span; bucket and discretize alike) as SQL: bin.cpp's
// floor(t / S) * S in the same double arithmetic, t = _time / 1e6. nullopt when it is anything
// else (months, bins=, no span, an options the local run would judge).
std::optional<std::string> binned_time_sql(const ast::Command& cmd, const ast::BinCommand& b, const FieldRef& time) {
  if (time.kind != FieldRef::Kind::Time) return std::nullopt;  // binned twice, or renamed away
  for (const auto& [k, v] : b.options.items)
    if (k != "span") return std::nullopt;
  const std::string* span_text = b.options.get("span");
  if (!span_text) return std::nullopt;
  commands::Span span;
  try {
    span = commands::parse_span(cmd, *span_text);
  } catch (const QueryError&) {
    return std::nullopt;
  }
  if (span.months || !(span.size > 0)) return std::nullopt;
  const std::string s = exact_double_sql(span.size);
  return "floor(`_time` / 1000000 / " + s + ") * " + s;
}

// `sort [N] key...` where every key has an exact SQL order: `_time` (a number, never missing)
// and str(field) (sort.cpp: bytes of the first value, rows without the field last in both
// directions). sort.cpp's sort is stable over the feed order, so that order breaks ties. The
// ORDER BY and the row limit (10,000 unless N is given; 0 = every row).
std::optional<std::pair<std::string, std::size_t>> sort_sql(const ast::Command& cmd, const NameResolver& names) {
  const auto* s = std::get_if<ast::SortCommand>(&cmd.body);
  if (!s || cmd.name != "sort" || s->keys.empty()) return std::nullopt;
  std::string order;
  for (const auto& key : s->keys) {
    const char* dir = key.descending ? " DESC" : " ASC";
    FieldRef f = names(key.field);
    std::string part;
    if (f.kind == FieldRef::Kind::Time && (key.type.empty() || key.type == "auto" || key.type == "num")) {
      part = "`_time`" + std::string(dir);
    } else if (key.type == "str" && f.kind == FieldRef::Kind::Array) {
      part = "empty(" + f.column + ") ASC, " + f.column + "[1]" + dir;
    } else if (f.kind == FieldRef::Kind::Missing && key.field != "_raw") {
      continue;  // every row lacks it: an equal key for all
    } else {
      return std::nullopt;
    }
    order += (order.empty() ? "" : ", ") + part;
  }
  order += std::string(order.empty() ? "" : ", ") + "`_time` DESC, `_seq` ASC";
  return std::make_pair(order, s->limit.value_or(10000));
}

std::optional<std::size_t> head_limit(const ast::Command& cmd) {
  const auto* h = std::get_if<ast::HeadCommand>(&cmd.body);
  if (!h || cmd.name != "head" || h->condition) return std::nullopt;
  for (const auto& [k, v] : h->options.items)
    if (k != "limit") return std::nullopt;
  std::size_t limit = h->count.value_or(10);
  if (const std::string* l = h->options.get("limit")) {
    double n = 0;
    if (!parse_number(*l, n) || n < 0) return std::nullopt;  // the local run reports it
    limit = static_cast<std::size_t>(n);
  }
  return limit;
}

}  // namespace

std::optional<std::string> check_remote_knowledge(const ExecContext& ctx) {
  if (!ctx.remote) return std::nullopt;
  const std::string mine = knowledge_fingerprint(ctx.knowledge);
  const std::string& theirs = table_of(ctx).schema().knowledge;
  if (mine == theirs) return std::nullopt;
  return "table " + table_of(ctx).target().database + "." + table_of(ctx).target().table +
         " holds calculated fields computed with other props.conf rules (" + theirs + ", this search has " + mine +
         "): search with the --props / --conf it was loaded with, or load it again";
}

bool remote_has_field(const ExecContext& ctx, std::string_view field) {
  return base_field(ctx, field).kind != FieldRef::Kind::Missing;
}

RemotePlan plan_remote(const ast::Pipeline& pipeline, ExecContext& ctx) {
  if (auto problem = check_remote_knowledge(ctx)) throw QueryError{*problem, pipeline.pos};
  RemotePlan plan;
  const auto& commands = pipeline.commands;
  const ast::SearchCommand* leading = nullptr;
  if (!commands.empty() && commands[0].name == "search") leading = std::get_if<ast::SearchCommand>(&commands[0].body);
  // Eventtypes, tags and data models (knowledge computed per store, issue 11) are not stored in
  // the table yet: a search that reads them would see none, so it is refused, never run short.
  if (!commands.empty() && (commands[0].name == "tstats" || commands[0].name == "datamodel" || commands[0].name == "from"))
    throw QueryError{"`" + commands[0].name + "` over a ClickHouse table is not supported yet (search the events with -d)",
                     commands[0].pos};
  if (ctx.knowledge) {
    const std::vector<std::string> stored = ctx.knowledge->calculated_field_names();  // sorted
    FieldMentions mentioned = field_mentions(pipeline);
    for (const auto& name : mentioned.names)
      if (ctx.knowledge->defines(name) && !std::binary_search(stored.begin(), stored.end(), name))
        throw QueryError{"field `" + name + "` (eventtypes and tags) is not stored in ClickHouse tables yet: search it with -d",
                         pipeline.pos};
  }
  if (!leading) {
    plan.notes.push_back("the pipeline starts with a generating command: it runs in spelunk");
    return plan;
  }
  const auto& registry = command_registry();
  for (std::size_t i = 1; i < commands.size(); ++i)
    if (!registry.count(commands[i].name))
      throw QueryError{"command `" + commands[i].name + "` is not supported yet", commands[i].pos};

  const ClickHouseTable& table = table_of(ctx);
  FieldResolver fields = [&ctx](std::string_view name) { return base_field(ctx, name); };

  // The filter: the leading search (with the picker's range), then `| search`es while exact.
  std::optional<ast::SearchExpr> ranged = with_picker_range(leading->expr ? &*leading->expr : nullptr, ctx);
  std::optional<ast::SearchExpr> filter = ranged ? ranged : leading->expr;
  if (filter) resolve_subsearches(*filter, ctx, fields, "1");
  std::vector<std::string> where;
  bool exact = true;
  if (filter) {
    SqlCondition c = compile_condition(*filter, fields, ctx);
    where.push_back(c.sql);
    if (!c.exact) {
      exact = false;
      plan.recheck = *filter;
      plan.notes.push_back("part of the leading search has no exact SQL form: ClickHouse returns a superset and "
                           "spelunk re-applies the search");
    }
  }
  std::size_t i = 1;
  SearchLeafSql search_leaf = [&](const ast::SearchExpr& leaf) -> std::optional<std::string> {
    SqlCondition c = compile_condition(leaf, fields, ctx);
    if (!c.exact) return std::nullopt;
    return c.sql;
  };
  for (; exact && i < commands.size(); ++i) {
    if (const auto* w = std::get_if<ast::WhereCommand>(&commands[i].body); w && commands[i].name == "where") {
      auto c = compile_where(w->expr, fields, search_leaf);
      if (!c) {
        plan.notes.push_back("`| where` at command " + std::to_string(i + 1) + " has no exact SQL form (sql_where.hpp)");
        break;
      }
      where.push_back(c->when_true);
      continue;
    }
    const auto* s = std::get_if<ast::SearchCommand>(&commands[i].body);
    if (!s || commands[i].name != "search") break;
    if (!s->expr) continue;
    if (has_subsearch(*s->expr)) {
      // `| search` decides per row whether a subsearch runs at all: it stays here.
      plan.notes.push_back("`| search` at command " + std::to_string(i + 1) + " has a subsearch");
      break;
    }
    SqlCondition c = compile_condition(*s->expr, fields, ctx);
    if (!c.exact) {
      plan.notes.push_back("`| search` at command " + std::to_string(i + 1) + " has no exact SQL form");
      break;
    }
    where.push_back(c.sql);
  }
  std::string condition = "1";
  {
    std::vector<std::string> parts;
    for (auto& w : where)
      if (w != "1") parts.push_back(w);
    if (parts.size() == 1) condition = parts[0];
    else if (parts.size() > 1) {
      condition.clear();
      for (std::size_t k = 0; k < parts.size(); ++k) condition += (k ? " AND " : "") + parts[k];
    }
  }

  // An aggregation (after renames, bins of _time and fillnulls, each a change to how names read)
  // or a head, when the filter is exact.
  std::size_t limit = 0;  // rows: 0 = every row
  std::string order_by = "`_time` DESC, `_seq` ASC";  // the feed order
  if (exact && i < commands.size()) {
    NameResolver resolve = [&ctx](std::string_view name) { return base_field(ctx, name); };
    std::map<std::string, bool> present;  // fillnull without fields: does some row have it?
    std::size_t j = i;
    bool plain = true;
    for (; j < commands.size() && plain; ++j) {
      const ast::Command& cmd = commands[j];
      if (const auto* b = std::get_if<ast::BinCommand>(&cmd.body)) {
        if (!is_bin_time(cmd)) break;
        auto expr = binned_time_sql(cmd, *b, resolve("_time"));
        if (!expr) break;
        resolve = [prev = resolve, binned = FieldRef{FieldRef::Kind::BinnedTime, *expr}](std::string_view name) {
          return name == "_time" ? binned : prev(name);
        };
      } else if (const auto* r = std::get_if<ast::RenameCommand>(&cmd.body); r && cmd.name == "rename") {
        for (const auto& rn : r->renames) {
          if (rn.from.find('*') != std::string::npos || rn.to.find('*') != std::string::npos) plain = false;
          if (!plain || rn.from == rn.to) continue;
          if (resolve(rn.from).kind == FieldRef::Kind::Missing) continue;  // renaming what is not there changes nothing
          resolve = [prev = resolve, from = rn.from, to = rn.to](std::string_view name) -> FieldRef {
            if (name == to) return prev(from);
            if (name == from) return {};
            return prev(name);
          };
        }
      } else if (const auto* f = std::get_if<ast::FillnullCommand>(&cmd.body)) {
        const std::string value = clickhouse::sql_string(f->value);
        auto filled = [value](const FieldRef& r) -> FieldRef {
          if (r.kind == FieldRef::Kind::Missing) return {FieldRef::Kind::Array, "[" + value + "]"};
          if (r.kind != FieldRef::Kind::Array) return r;  // _time, _raw: never null
          return {FieldRef::Kind::Array, "if(empty(" + r.column + "), [" + value + "], " + r.column + ")"};
        };
        if (!f->fields.empty()) {
          std::set<std::string> listed(f->fields.begin(), f->fields.end());
          resolve = [prev = resolve, listed, filled](std::string_view name) {
            return listed.count(std::string(name)) ? filled(prev(name)) : prev(name);
          };
        } else {
          // Every field some row has (fillnull.cpp), `_` fields aside: asked of ClickHouse once a name.
          resolve = [prev = resolve, filled, &present, &ctx, &condition](std::string_view name) {
            FieldRef r = prev(name);
            if (r.kind != FieldRef::Kind::Array || name.empty() || name[0] == '_') return r;
            auto [it, fresh] = present.try_emplace(r.column, false);
            if (fresh) it->second = any_row(ctx, (condition == "1" ? std::string() : "(" + condition + ") AND ") + "notEmpty(" + r.column + ")");
            return it->second ? filled(r) : r;
          };
        }
      } else {
        break;
      }
    }
    std::string why;
    if (plain && j < commands.size()) {
      if (auto groups = plan_groups(commands[j], j, resolve, why)) {
        plan.shape = RemotePlan::Shape::Groups;
        plan.groups = std::move(*groups);
        plan.first_local = j + 1;
        plan.sql = groups_sql(plan.groups, table.from(), condition);
        return plan;
      }
    }
    const std::string& name = commands[std::min(j, commands.size() - 1)].name;
    if (!why.empty() && (name == "stats" || name == "top" || name == "rare" || name == "timechart")) plan.notes.push_back(why);
    if (i < commands.size()) {
      if (auto order = sort_sql(commands[i], fields)) {
        order_by = order->first;
        limit = order->second;
        ++i;
      } else if (commands[i].name == "sort") {
        plan.notes.push_back("`| sort` at command " + std::to_string(i + 1) +
                             " sorts by a key with no exact SQL order (only _time and str(field) are pushed)");
      }
    }
    if (i < commands.size()) {
      if (auto head = head_limit(commands[i])) {
        limit = limit != 0 ? std::min(limit, *head) : *head;
        if (*head == 0) limit = std::numeric_limits<std::size_t>::max();  // head 0: no row (LIMIT 0 below)
        ++i;
      }
    }
  }
  plan.first_local = i;

  // The events: the fields the local part reads, in the view's order.
  plan.shape = RemotePlan::Shape::Events;
  FieldMentions reads = local_reads(pipeline, plan.first_local);
  if (plan.recheck) mention_search_fields(*plan.recheck, reads);
  plan.calculated = needed_calculated_fields(pipeline, ctx.knowledge);
  const auto& schema = table.schema();
  plan.fetch_raw = wanted(reads, "_raw");
  for (const auto& f : schema.fields) {
    if (f.calculated) continue;
    plan.extracted_order.push_back(f.field);
    if (wanted(reads, f.field)) plan.fetched.push_back({f.field, sql_identifier(f.column), false});
  }
  for (const auto& name : plan.calculated) {
    const clickhouse::FieldColumn* f = schema.calculated(name);
    if (!f) {
      plan.calculated_absent.push_back(name);
      continue;
    }
    if (wanted(reads, name)) plan.fetched.push_back({name, sql_identifier(f->column), true});
  }
  std::string select = "`_time`, `_seq`";
  if (plan.fetch_raw) select += ", `_raw`";
  for (const auto& f : plan.fetched) select += ", " + f.column;
  plan.sql = "SELECT " + select + "\nFROM " + table.from();
  if (condition != "1") plan.sql += "\nWHERE " + condition;
  plan.sql += "\nORDER BY " + order_by;
  if (limit == std::numeric_limits<std::size_t>::max()) plan.sql += "\nLIMIT 0";
  else if (limit != 0) plan.sql += fmt::format("\nLIMIT {}", limit);
  return plan;
}

namespace {

constexpr std::string_view kCalcPrefix = "\x01" "calculated:";

// The rows of an Events plan as an event view, with the in-memory view's columns: _time, _raw,
// the extracted fields in table order, then the calculated fields the pipeline needs.
Result decode_events(const RemotePlan& plan, std::string_view rows) {
  StoreBuilder builder;
  std::vector<StoreBuilder::FieldId> ids;
  for (const auto& f : plan.fetched)
    ids.push_back(builder.field(f.calculated ? std::string(kCalcPrefix) + f.field : f.field));
  clickhouse::RowBinaryReader in(rows);
  std::size_t n = 0;
  while (!in.at_end()) {
    builder.begin_event();
    builder.set_time(in.int64());
    in.uint64();  // _seq: the order is the query's
    if (plan.fetch_raw) builder.set_raw(in.string());
    for (auto id : ids)
      for (std::uint64_t k = in.array_size(); k-- > 0;) builder.append(id, in.string());
    builder.end_event();
    ++n;
  }
  auto store = std::make_shared<const Store>(builder.finish());
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  Result r = Result::events(store, std::move(order));
  std::vector<std::string> names = {"_time", "_raw"};
  std::set<std::string> fetched_extracted;
  for (const auto& f : plan.fetched)
    if (!f.calculated) fetched_extracted.insert(f.field);
  for (const auto& name : plan.extracted_order) {
    if (!fetched_extracted.count(name)) continue;
    if (r.find(name) < 0) r.set_column(name, std::vector<Value>(n));  // no row has it
    names.push_back(name);
  }
  std::vector<const Column*> calculated;
  for (const auto& f : plan.fetched)
    if (f.calculated) calculated.push_back(store->column(std::string(kCalcPrefix) + f.field));
  r.reorder_columns(names);
  // As pipeline.cpp's search_events: each needed calculated field replaces the column of its
  // name or comes after the others; one no event has removes it.
  std::size_t k = 0;
  for (const auto& name : plan.calculated) {
    const bool absent = std::find(plan.calculated_absent.begin(), plan.calculated_absent.end(), name) !=
                        plan.calculated_absent.end();
    if (absent) {
      r.remove_column(name);
      continue;
    }
    auto it = std::find_if(plan.fetched.begin(), plan.fetched.end(),
                           [&](const FetchedField& f) { return f.calculated && f.field == name; });
    if (it == plan.fetched.end()) continue;  // not read by the rest of the pipeline
    const Column* col = calculated[k++];
    if (col) r.set_store_column(name, col);
    else r.set_column(name, std::vector<Value>(n));
  }
  return r;
}

}  // namespace

Result run_remote_pipeline(const ast::Pipeline& pipeline, ExecContext& ctx) {
  RemotePlan plan = plan_remote(pipeline, ctx);
  if (ctx.on_remote_plan)
    ctx.on_remote_plan(plan.shape == RemotePlan::Shape::Local ? 0 : plan.first_local, pipeline.commands.size(),
                       !plan.recheck);
  if (plan.shape == RemotePlan::Shape::Local) return run_local_pipeline(pipeline, ctx);
  if (ctx.cancelled()) throw QueryError{"search cancelled", pipeline.pos};
  std::string rows;
  try {
    rows = table_of(ctx).select(plan.sql, ctx.cancel);
  } catch (const clickhouse::ClickHouseError& e) {
    if (e.kind == clickhouse::ClickHouseError::Kind::Cancelled) throw QueryError{"search cancelled", pipeline.pos};
    throw;
  }
  Result result;
  if (plan.shape == RemotePlan::Shape::Groups) {
    const ast::Command& cmd = pipeline.commands[plan.groups.command];
    result = finish_groups(plan.groups, cmd, decode_groups(plan.groups, rows), ctx);
  } else {
    result = decode_events(plan, rows);
    if (plan.recheck) {
      ast::Command search;
      search.name = "search";
      search.pos = pipeline.commands[0].pos;
      search.body = ast::SearchCommand{plan.recheck};
      result = commands::run_search(search, std::move(result), ctx);
    }
  }
  return run_commands(pipeline, plan.first_local, std::move(result), ctx);
}

}  // namespace spelunk::remote
