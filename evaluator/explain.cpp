#include "evaluator/explain.hpp"

#include <algorithm>
#include <set>

#include "evaluator/eval.hpp"
#include "evaluator/glob.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/pipeline.hpp"
#include "evaluator/regex.hpp"
#include "evaluator/search_filter.hpp"
#include "evaluator/time_order.hpp"
#include "evaluator/value.hpp"
#include "parser/parser.hpp"

namespace spelunk {

const char* field_source_name(FieldSource source) {
  switch (source) {
    case FieldSource::Internal: return "internal";
    case FieldSource::Extracted: return "extracted";
    case FieldSource::Calculated: return "calculated";
    case FieldSource::Lookup: return "lookup";
    case FieldSource::Command: return "made by a command";
    case FieldSource::Dropped: return "dropped";
    case FieldSource::Absent: return "absent";
    case FieldSource::NoData: return "not checked";
  }
  return "?";
}

namespace {

using Kind = ast::SearchExpr::Kind;

template <class... Ts>
struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

bool is_group(const ast::SearchExpr& e) { return e.kind == Kind::And || e.kind == Kind::Or || e.kind == Kind::Not; }

// ------------------------------------------------------------------ the expression as a tree

// Infix text with every group in parentheses, so that precedence is visible.
std::string infix(const ast::SearchExpr& e) {
  auto operand = [](const ast::SearchExpr& c) { return is_group(c) && c.kind != Kind::Not ? "(" + infix(c) + ")" : infix(c); };
  switch (e.kind) {
    case Kind::And:
    case Kind::Or: {
      std::string out;
      for (const auto& c : e.children) out += (out.empty() ? "" : e.kind == Kind::And ? " AND " : " OR ") + operand(c);
      return out;
    }
    case Kind::Not: return "NOT " + operand(e.children.at(0));
    default: return to_string(e);
  }
}

void build_clauses(const ast::SearchExpr& e, int parent, std::size_t depth, bool negated,
                   std::vector<ClauseReport>& out) {
  ClauseReport c;
  c.kind = e.kind == Kind::And ? ClauseReport::Kind::And
           : e.kind == Kind::Or ? ClauseReport::Kind::Or
           : e.kind == Kind::Not ? ClauseReport::Kind::Not
                                 : ClauseReport::Kind::Leaf;
  c.text = is_group(e) ? infix(e) : to_string(e);
  c.parent = parent;
  c.depth = depth;
  c.negated = negated;
  c.expr = &e;
  const std::size_t index = out.size();
  out.push_back(std::move(c));
  if (parent >= 0) out[static_cast<std::size_t>(parent)].children.push_back(index);
  for (const auto& child : e.children)
    build_clauses(child, static_cast<int>(index), depth + 1, negated != (e.kind == Kind::Not), out);
}

// A group's row set from its children's (the search's own AND / OR / NOT set operations).
RowSet combine(const ClauseReport& node, std::size_t rows, const std::vector<const RowSet*>& children) {
  if (node.kind == ClauseReport::Kind::Not) {
    RowSet out = *children.at(0);
    out.flip();
    return out;
  }
  RowSet out(rows, node.kind == ClauseReport::Kind::And);
  for (const RowSet* c : children) {
    if (node.kind == ClauseReport::Kind::And) out &= *c;
    else out |= *c;
  }
  return out;
}

RowSet group_rows(const std::vector<ClauseReport>& clauses, std::size_t node, std::size_t rows,
                  std::size_t replaced = SIZE_MAX, const RowSet* replacement = nullptr) {
  std::vector<const RowSet*> children;
  for (std::size_t c : clauses[node].children) children.push_back(c == replaced ? replacement : &clauses[c].rows);
  return combine(clauses[node], rows, children);
}

// The root's set when leaf `leaf` is forced to `forced` (only its ancestors are recomputed).
RowSet root_with(const std::vector<ClauseReport>& clauses, std::size_t leaf, RowSet forced, std::size_t rows) {
  std::size_t node = leaf;
  while (clauses[node].parent >= 0) {
    std::size_t parent = static_cast<std::size_t>(clauses[node].parent);
    forced = group_rows(clauses, parent, rows, node, &forced);
    node = parent;
  }
  return forced;
}

// ------------------------------------------------------------------ commands

// Splunk's command types (Search Reference, "Command types"): streaming commands run on each
// event as it comes; a transforming command (stats, chart, timechart, top, rare, table) turns the
// events into a results table, and every command after it runs on those results.
const char* command_type(const std::string& name, bool leading) {
  static const std::set<std::string> transforming = {"stats", "chart", "timechart", "top", "rare", "table",
                                                     "xyseries", "contingency", "tstats"};
  static const std::set<std::string> streaming = {"search", "where", "eval", "fields", "rename", "rex", "regex",
                                                  "convert", "makemv", "mvexpand", "spath", "xmlkv", "replace",
                                                  "lookup", "fromjson", "foreach", "bin", "bucket", "discretize",
                                                  "addtotals", "fillnull"};
  static const std::set<std::string> centralized = {"head", "streamstats", "transaction"};
  static const std::set<std::string> dataset = {"sort", "tail", "reverse", "eventstats", "dedup", "join", "append",
                                                "appendpipe", "map", "outputlookup", "collect"};
  static const std::set<std::string> generating = {"makeresults", "inputlookup"};
  if (leading && name == "search") return "generating (reads the events)";
  if (transforming.count(name)) return "transforming";
  if (streaming.count(name)) return "streaming";
  if (centralized.count(name)) return "centralized streaming";
  if (dataset.count(name)) return "dataset processing";
  if (generating.count(name)) return "generating";
  if (name == "noop") return "orchestrating";
  return "not supported";
}

// Fields a command makes (its outputs), and whether it keeps only those (a transforming command).
struct Outputs {
  std::vector<std::string> names;  // may hold wildcards (table, fields)
  bool lookup = false;             // the names come from a lookup table
  bool any = false;                // makes fields we cannot list (inputlookup, spath without path)
  bool keeps_only = false;         // every other field is gone after it
};

std::vector<std::string> rex_groups(const std::string& regex) {
  std::vector<std::string> names;
  try {
    auto re = compile_regex(regex);
    for (const auto& group : re->named_groups()) names.push_back(group.first);
  } catch (const RegexError&) {
  }
  return names;
}

void add_aggregations(const std::vector<ast::Aggregation>& aggs, Outputs& o) {
  for (const auto& a : aggs) o.names.push_back(a.as);
}

Outputs outputs_of(const ast::Command& cmd) {
  Outputs o;
  std::visit(Overloaded{
                 [&](const ast::EvalCommand& c) { for (const auto& [f, e] : c.assignments) o.names.push_back(f); },
                 [&](const ast::StatsCommand& c) {
                   add_aggregations(c.aggregations, o);
                   o.names.insert(o.names.end(), c.by.begin(), c.by.end());
                   o.keeps_only = cmd.name == "stats" || cmd.name == "chart";
                 },
                 [&](const ast::TimechartCommand& c) {
                   add_aggregations(c.aggregations, o);
                   o.names.push_back("_time");
                   o.any = c.by.has_value();  // one column per value of the split field
                   o.keeps_only = true;
                 },
                 [&](const ast::TopCommand& c) {
                   o.names = c.fields;
                   o.names.insert(o.names.end(), c.by.begin(), c.by.end());
                   o.names.push_back("count");
                   o.names.push_back("percent");
                   if (const std::string* f = c.options.get("countfield")) o.names.push_back(*f);
                   if (const std::string* f = c.options.get("percentfield")) o.names.push_back(*f);
                   o.keeps_only = true;
                 },
                 [&](const ast::TableCommand& c) {
                   o.names = c.fields;
                   o.keeps_only = true;
                 },
                 [&](const ast::FieldsCommand& c) {
                   if (c.remove) return;
                   o.names = c.fields;
                   o.names.push_back("_time");  // `fields` keeps the internal fields
                   o.names.push_back("_raw");
                   o.keeps_only = true;
                 },
                 [&](const ast::RenameCommand& c) { for (const auto& r : c.renames) o.names.push_back(r.to); },
                 [&](const ast::RexCommand& c) { o.names = rex_groups(c.regex); },
                 [&](const ast::BinCommand& c) { if (!c.as.empty()) o.names.push_back(c.as); },
                 [&](const ast::ConvertCommand& c) {
                   for (const auto& x : c.conversions) o.names.push_back(x.as.empty() ? x.field : x.as);
                 },
                 [&](const ast::LookupCommand& c) {
                   for (const auto& out : c.outputs) o.names.push_back(out.to);
                   o.lookup = true;
                   o.any = c.outputs.empty();  // every column of the table
                 },
                 [&](const ast::InputlookupCommand&) {
                   o.lookup = true;
                   o.any = true;
                 },
                 [&](const ast::SpathCommand& c) {
                   if (const std::string* out = c.options.get("output")) o.names.push_back(*out);
                   else o.any = true;  // one field per path found
                 },
                 [&](const ast::MakeresultsCommand&) { o.names.push_back("_time"); },
                 [&](const ast::TransactionCommand&) {
                   o.names = {"duration", "eventcount", "closed_txn", "field_match_sum", "linecount"};
                 },
                 [&](const auto&) {},
             },
             cmd.body);
  return o;
}

bool names_field(const std::vector<std::string>& names, const std::string& field) {
  for (const auto& n : names)
    if (n == field || (n.find('*') != std::string::npos && field_name_match(n, field))) return true;
  return false;
}

// Fields a command reads, in a stable order (the search's in order of appearance).
void search_field_order(const ast::SearchExpr& e, std::vector<std::string>& out) {
  if ((e.kind == Kind::Compare || e.kind == Kind::In) && std::find(out.begin(), out.end(), e.field) == out.end())
    out.push_back(e.field);
  for (const auto& c : e.children) search_field_order(c, out);
}

std::vector<std::string> fields_read(const ast::Command& cmd) {
  std::vector<std::string> out;
  if (const auto* s = std::get_if<ast::SearchCommand>(&cmd.body)) {
    if (s->expr) search_field_order(*s->expr, out);
    return out;
  }
  ast::Pipeline one;
  one.commands.push_back(cmd);
  for (const auto& name : field_mentions(one).names)
    if (name.find('*') == std::string::npos) out.push_back(name);
  return out;
}

std::size_t events_with(const Column* col, std::size_t rows) {
  if (!col) return 0;
  std::size_t n = 0;
  col->for_each_present(0, rows, [&](std::size_t, Code) { ++n; });
  return n;
}

std::string command_label(const ast::Command& cmd, std::size_t index) {
  return cmd.name + " (command " + std::to_string(index + 1) + ")";
}

// The columns of the lookup table a lookup / inputlookup command reads (empty when unknown).
std::vector<std::string> lookup_columns(const ast::Command& cmd, const ExecContext& ctx) {
  std::string table;
  if (const auto* l = std::get_if<ast::LookupCommand>(&cmd.body)) table = l->table;
  else if (const auto* l = std::get_if<ast::InputlookupCommand>(&cmd.body)) table = l->table;
  if (table.empty() || !ctx.knowledge) return {};
  try {
    auto resolved = ctx.knowledge->lookup(table, cmd.pos);
    if (resolved.table) return resolved.table->header;
  } catch (const QueryError&) {
  }
  return {};
}

FieldReport resolve_field(const std::string& name, std::size_t used_at, const ast::Pipeline& pipeline,
                          const ExecContext& ctx, std::vector<std::string>& findings) {
  FieldReport f;
  f.name = name;
  f.first_command = used_at;
  std::optional<std::string> maybe_made_by;  // a command whose outputs cannot be listed (spath)
  // An earlier command that makes the field, or a transforming command that dropped it.
  for (std::size_t j = used_at; j-- > 0;) {
    const ast::Command& cmd = pipeline.commands[j];
    Outputs o = outputs_of(cmd);
    if (o.lookup && o.any) o.names = lookup_columns(cmd, ctx);
    if (names_field(o.names, name)) {
      f.source = o.lookup ? FieldSource::Lookup : FieldSource::Command;
      const auto* lookup = std::get_if<ast::LookupCommand>(&cmd.body);
      f.origins.push_back(lookup ? "lookup " + lookup->table + ", " + command_label(cmd, j) : command_label(cmd, j));
      return f;
    }
    if (o.any && !o.lookup && !maybe_made_by) maybe_made_by = command_label(cmd, j);
    if (o.keeps_only) {
      f.source = FieldSource::Dropped;
      f.origins.push_back(command_label(cmd, j) + (o.any ? " keeps only its own output fields (unless one has this name)"
                                                         : " keeps only its own output fields"));
      return f;
    }
  }
  if (name == "_time" || name == "_raw") {
    f.source = FieldSource::Internal;
    f.events = ctx.store ? ctx.store->rows() : 0;
    return f;
  }
  std::vector<FieldProvenance> rules = ctx.knowledge ? ctx.knowledge->provenance(name) : std::vector<FieldProvenance>{};
  if (!rules.empty()) {
    f.source = FieldSource::Calculated;
    for (const auto& r : rules)
      f.origins.push_back((r.origin.empty() ? "" : r.origin + "  ") + r.rule + "  " + r.scope);
    if (ctx.store) {
      try {
        f.events = events_with(ctx.knowledge->column(ctx.store, name), ctx.store->rows());
      } catch (const QueryError& e) {
        findings.push_back("`" + name + "` cannot be calculated: " + e.message);
      }
      if (f.events == 0)
        findings.push_back("`" + name + "` is calculated by knowledge rules, but none applies to a loaded event "
                           "(the rules' stanzas name other sources or sourcetypes)");
    }
    return f;
  }
  if (!ctx.store) {
    f.source = FieldSource::NoData;
    return f;
  }
  if (const Column* col = ctx.store->column(name)) {
    f.source = FieldSource::Extracted;
    f.events = events_with(col, ctx.store->rows());
    return f;
  }
  if (maybe_made_by) {
    f.source = FieldSource::Command;
    f.origins.push_back(*maybe_made_by + ", when its output has this name");
    return f;
  }
  f.source = FieldSource::Absent;
  f.closest = closest_field_names(name, ctx);
  return f;
}

std::string clause_list(const std::vector<ClauseReport>& clauses, const std::vector<std::size_t>& which) {
  std::string out;
  for (std::size_t i = 0; i < which.size(); ++i) {
    if (i) out += i + 1 == which.size() ? " and " : ", ";
    out += "`" + clauses[which[i]].text + "`";
  }
  return out;
}

// Leaves under `node` whose field no event has (the reason an alternative cannot match).
void absent_fields_under(const std::vector<ClauseReport>& clauses, std::size_t node,
                         const std::vector<FieldReport>& fields, std::set<std::string>& out) {
  const ClauseReport& c = clauses[node];
  if (c.kind == ClauseReport::Kind::Leaf && c.expr && (c.expr->kind == Kind::Compare || c.expr->kind == Kind::In)) {
    for (const auto& f : fields)
      if (f.name == c.expr->field && f.source == FieldSource::Absent) out.insert(f.name);
  }
  for (std::size_t child : c.children) absent_fields_under(clauses, child, fields, out);
}

void or_findings(const Explanation& x, std::vector<std::string>& findings) {
  for (std::size_t i = 0; i < x.clauses.size(); ++i) {
    const ClauseReport& c = x.clauses[i];
    if (c.kind != ClauseReport::Kind::Or || c.negated) continue;
    std::vector<std::size_t> live, dead;
    for (std::size_t child : c.children) (x.clauses[child].matches ? live : dead).push_back(child);
    if (dead.empty()) continue;
    std::set<std::string> absent;
    for (std::size_t d : dead) absent_fields_under(x.clauses, d, x.fields, absent);
    std::string why;
    if (!absent.empty()) {
      why = ": they need ";
      std::size_t k = 0;
      for (const auto& a : absent) why += (k++ ? ", `" : "`") + a + "`";
      why += absent.size() == 1 ? ", which no event has" : ", which no event has";
    }
    std::string of = "of the " + std::to_string(c.children.size()) + " alternatives of the OR on line " +
                     std::to_string(c.expr->pos.line);
    if (live.empty()) {
      findings.push_back("none " + of + " matches any event" + why);
    } else {
      findings.push_back("only " + clause_list(x.clauses, live) + " can match (" + of + "); the other " +
                         std::to_string(dead.size()) + " match no event" + why);
    }
  }
}

ClauseVerdict verdict_at(const ClauseReport& c, std::size_t row, const ColumnLookup& columns, const Store* store) {
  ClauseVerdict v;
  v.matched = c.rows.rows() > row && c.rows.test(row);
  if (c.kind != ClauseReport::Kind::Leaf || !store || !c.expr) return v;
  if (c.expr->kind != Kind::Compare && c.expr->kind != Kind::In) return v;
  const std::string& field = c.expr->field;
  if (field == "_time") {
    v.values.push_back(format_number(static_cast<double>(store->times()[row]) / kMicrosPerSecond));
  } else if (field != "_raw") {
    if (const Column* col = columns(field))
      for (Code code : col->values(row)) v.values.emplace_back(col->dict().value(code));
    v.field_present = !v.values.empty();
  }
  return v;
}

// Whether running the pipeline would write somewhere (outputlookup writes a file) or run
// searches only known when it runs (map): explain then leaves it unrun.
bool writes(const ast::Pipeline& p, int depth = 0);

bool search_writes(const ast::SearchExpr& e, int depth) {
  if (e.subsearch && writes(*e.subsearch, depth + 1)) return true;
  for (const auto& c : e.children)
    if (search_writes(c, depth)) return true;
  return false;
}

bool writes(const ast::Pipeline& p, int depth) {
  if (depth > 64) return true;
  for (const auto& cmd : p.commands) {
    if (cmd.name == "outputlookup" || cmd.name == "map") return true;
    const ast::PipelinePtr* sub = nullptr;
    if (const auto* j = std::get_if<ast::JoinCommand>(&cmd.body)) sub = &j->subsearch;
    if (const auto* a = std::get_if<ast::AppendCommand>(&cmd.body)) sub = &a->subsearch;
    if (const auto* a = std::get_if<ast::AppendpipeCommand>(&cmd.body)) sub = &a->subsearch;
    if (sub && *sub && writes(**sub, depth + 1)) return true;
    if (const auto* s = std::get_if<ast::SearchCommand>(&cmd.body); s && s->expr && search_writes(*s->expr, depth))
      return true;
  }
  return false;
}

}  // namespace

Explanation explain_pipeline(const ast::Pipeline& pipeline, ExecContext& ctx, const ExplainOptions& options) {
  Explanation x;
  x.has_data = ctx.store != nullptr;
  x.events = ctx.store ? ctx.store->rows() : 0;
  if (!ctx.run_pipeline) ctx.run_pipeline = [&ctx](const ast::Pipeline& p) { return run_pipeline(p, ctx); };

  // The leading search, as the search runs it (the picker's bounds added when they apply).
  const ast::SearchExpr* leading = nullptr;
  if (!pipeline.commands.empty() && pipeline.commands[0].name == "search")
    if (const auto* s = std::get_if<ast::SearchCommand>(&pipeline.commands[0].body); s && s->expr) leading = &*s->expr;
  if (auto ranged = with_picker_range(leading, ctx)) {
    x.expr = std::make_shared<const ast::SearchExpr>(std::move(*ranged));
  } else if (leading) {
    x.expr = std::shared_ptr<const ast::SearchExpr>(std::shared_ptr<const ast::SearchExpr>{}, leading);
  }
  if (x.expr) {
    x.search_text = infix(*x.expr);
    build_clauses(*x.expr, -1, 0, false, x.clauses);
  }

  // Commands: their type, and whether they read events or results.
  bool on_events = !pipeline.commands.empty() && pipeline.commands[0].name == "search";
  for (std::size_t i = 0; i < pipeline.commands.size(); ++i) {
    const ast::Command& cmd = pipeline.commands[i];
    CommandReport r;
    r.name = cmd.name;
    ast::Pipeline one;
    one.commands.push_back(cmd);
    r.text = to_string(one);
    r.type = command_type(cmd.name, i == 0);
    r.on_events = on_events;
    r.pos = cmd.pos;
    if (r.type == std::string("transforming") || r.type == std::string("generating")) on_events = false;
    x.commands.push_back(std::move(r));
  }

  // Fields: where each comes from where it is first read.
  std::set<std::string> seen;
  for (std::size_t i = 0; i < pipeline.commands.size(); ++i)
    for (const auto& name : fields_read(pipeline.commands[i]))
      if (seen.insert(name).second) x.fields.push_back(resolve_field(name, i, pipeline, ctx, x.findings));
  for (const auto& f : x.fields) {
    if (f.source != FieldSource::Absent) continue;
    std::string w = "`" + f.name + "` is absent from the data: no event has this field and no knowledge rule makes it";
    if (!f.closest.empty()) {
      w += " (closest:";
      for (std::size_t i = 0; i < f.closest.size(); ++i) w += (i ? ", `" : " `") + f.closest[i] + "`";
      w += ")";
    }
    x.findings.insert(x.findings.begin(), w);
  }
  if (!ctx.store) return x;

  // Each clause over the data, with the search's own filter; groups by the same set operations.
  const Store& store = *ctx.store;
  const std::size_t n = store.rows();
  ColumnLookup columns = store_column_lookup(ctx);
  SearchContext sctx = search_context(ctx);
  for (std::size_t i = x.clauses.size(); i-- > 0;) {
    ClauseReport& c = x.clauses[i];
    c.rows = c.kind == ClauseReport::Kind::Leaf ? filter_store(*c.expr, store, columns, sctx) : group_rows(x.clauses, i, n);
    c.matches = c.rows.count();
  }
  x.matched = x.clauses.empty() ? n : x.clauses[0].matches;
  if (!x.clauses.empty()) {
    const std::size_t whole = filter_store(*x.expr, store, columns, sctx).count();
    if (whole != x.matched)
      x.findings.push_back("internal check failed: the clauses combine to " + std::to_string(x.matched) +
                           " events, the search selects " + std::to_string(whole) + " (please report this query)");
  }

  // The whole pipeline, counting the rows each command leaves.
  if (options.run_pipeline && writes(pipeline)) {
    x.run_error = "not run: the pipeline writes (outputlookup) or runs searches it builds (map)";
  } else if (options.run_pipeline) {
    PipelineObserver observe = [&](std::size_t i, const Result& out) {
      if (i < x.commands.size()) x.commands[i].rows = out.size();
    };
    try {
      x.final_rows = run_pipeline(pipeline, ctx, &observe).size();
    } catch (const QueryError& e) {
      x.run_error = e.message;
    } catch (const EvalError& e) {
      x.run_error = e.message;
    }
  }
  or_findings(x, x.findings);

  if (x.clauses.empty()) return x;
  // Top-level conjuncts: what each removes, and what it alone removes.
  std::vector<std::size_t> conjuncts =
      x.clauses[0].kind == ClauseReport::Kind::And ? x.clauses[0].children : std::vector<std::size_t>{0};
  for (std::size_t c : conjuncts) {
    Removal r;
    r.clause = c;
    r.removed = n - x.clauses[c].matches;
    RowSet others(n, true);
    for (std::size_t o : conjuncts)
      if (o != c) others &= x.clauses[o].rows;
    RowSet failing = x.clauses[c].rows;
    failing.flip();
    failing &= others;
    r.only = failing.count();
    x.removals.push_back(r);
  }
  std::stable_sort(x.removals.begin(), x.removals.end(),
                   [](const Removal& a, const Removal& b) { return a.removed > b.removed; });

  // Nearest misses: events the search rejects that one clause alone would have let through.
  x.near_miss_counts.assign(x.clauses.size(), 0);
  RowSet rejected = x.clauses[0].rows;
  rejected.flip();
  std::vector<RowSet> rescued(x.clauses.size());
  RowSet any_rescued(n);
  for (std::size_t i = 0; i < x.clauses.size(); ++i) {
    if (x.clauses[i].kind != ClauseReport::Kind::Leaf) continue;
    RowSet forced(n, !x.clauses[i].negated);
    rescued[i] = root_with(x.clauses, i, std::move(forced), n);
    rescued[i] &= rejected;
    x.near_miss_counts[i] = rescued[i].count();
    any_rescued |= rescued[i];
  }
  if (!any_rescued.none()) {
    auto order = newest_first_order(ctx.store);
    for (std::uint32_t row : *order) {
      if (x.near_misses.size() >= options.max_near_misses) break;
      if (!any_rescued.test(row)) continue;
      NearMiss m;
      m.row = row;
      for (std::size_t i = 0; i < x.clauses.size(); ++i)
        if (!rescued[i].words().empty() && rescued[i].test(row)) {
          m.clauses.push_back(i);
          m.verdicts.push_back(verdict_at(x.clauses[i], row, columns, &store));
        }
      x.near_misses.push_back(std::move(m));
    }
  }
  return x;
}

EventExplanation explain_event(const Explanation& x, std::size_t row, const ExecContext& ctx) {
  EventExplanation out;
  out.row = row;
  out.matched = x.clauses.empty() || (x.clauses[0].rows.rows() > row && x.clauses[0].rows.test(row));
  ColumnLookup columns = store_column_lookup(ctx);
  for (const auto& c : x.clauses) out.verdicts.push_back(verdict_at(c, row, columns, ctx.store.get()));
  return out;
}

std::optional<std::size_t> find_event(const Store& store, const std::string& id, std::string& how) {
  if (const Column* rec = store.column("EventRecordID")) {
    if (auto code = rec->dict().find(id)) {
      std::optional<std::size_t> found;
      std::size_t count = 0;
      rec->for_each_present(0, store.rows(), [&](std::size_t row, Code c) {
        bool hit = c == *code;
        if (Column::is_multi(c))
          for (Code v : rec->list(c)) hit = hit || v == *code;
        if (!hit) return;
        if (!found) found = row;
        ++count;
      });
      if (found) {
        how = "EventRecordID " + id;
        if (count > 1) how += " (the first of " + std::to_string(count) + " events with this EventRecordID)";
        return found;
      }
    }
  }
  double number = 0;
  if (parse_number(id, number) && number >= 1 && number == static_cast<double>(static_cast<std::size_t>(number)) &&
      static_cast<std::size_t>(number) <= store.rows()) {
    how = "event #" + id + " in the order read (no event has EventRecordID " + id + ")";
    return static_cast<std::size_t>(number) - 1;
  }
  return std::nullopt;
}

}  // namespace spelunk
