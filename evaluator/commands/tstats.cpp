// `tstats [options] <aggregations> [from datamodel=<Model>[.<Dataset>]] [where <search>]
//  [by <fields> [span=<time>]]` (Search Reference, tstats).
//
// spelunk has no acceleration: every data model counts as fully summarised, and tstats reads the
// events of the dataset (Knowledge::dataset_rows: its constraints, computed once per store) through
// the dataset's field columns (`Processes.process_name`, Knowledge::dataset_column: dictionary-
// encoded, calculated fields computed once per distinct input). Those columns form an event view
// handed to the stats machinery (evaluator/aggregate.hpp) with its fast paths, so
// `tstats count from datamodel=Endpoint.Processes by Processes.dest` costs a grouping by codes.
//
// Without `from`, tstats reads the index-time fields of every event (index, host, source,
// sourcetype, _time; TERM() and PREFIX() in where scan the raw text).
//
// Options: summariesonly, allow_old_summaries, local and chunk_size change nothing here (there are
// no summaries, and one process); fillnull_value fills null BY values (else a row missing a BY
// field is dropped, as in stats); prestats=t hands the rows it would aggregate, with the BY and
// aggregated fields, to the stats, chart or timechart after it (checked before the search runs);
// append=t is refused.
#include <algorithm>

#include "evaluator/aggregate.hpp"
#include "evaluator/commands/commands.hpp"
#include "evaluator/glob.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/pipeline.hpp"

namespace spelunk::commands {

namespace {

// The event's own _time when BY _time span= replaces _time with its bucket.
constexpr const char* kEventTime = "\x01event_time";

struct TstatsOptions {
  bool prestats = false;
  std::optional<std::string> fillnull_value;
  std::optional<std::string> span;
};

bool parse_bool(const std::string& v, bool& out) {
  std::string l = ascii_lower(v);
  if (l == "t" || l == "true" || l == "1" || l == "yes") { out = true; return true; }
  if (l == "f" || l == "false" || l == "0" || l == "no") { out = false; return true; }
  return false;
}

TstatsOptions read_options(const ast::Command& cmd, const ast::TstatsCommand& t) {
  TstatsOptions out;
  for (std::size_t i = 0; i < t.options.items.size(); ++i) {
    const auto& [key, value] = t.options.items[i];
    const ast::Position pos = i < t.option_pos.size() ? t.option_pos[i] : cmd.pos;
    bool flag = false;
    if (key == "summariesonly" || key == "allow_old_summaries" || key == "local" || key == "prestats" ||
        key == "append" || key == "include_reduced_buckets") {
      if (!parse_bool(value, flag))
        throw QueryError{"tstats: " + key + "=" + value + " is not a Boolean (true or false)", pos};
      if (key == "prestats") out.prestats = flag;
      if (key == "append" && flag)
        throw QueryError{"tstats: append=true (adding to an earlier prestats tstats) is not supported", pos};
    } else if (key == "chunk_size") {
      double n = 0;
      if (!parse_number(value, n) || n < 1)
        throw QueryError{"tstats: chunk_size=" + value + " is not a positive number", pos};
    } else if (key == "fillnull_value") {
      out.fillnull_value = value;
    } else if (key == "span") {
      parse_span(cmd, value);  // throws on a bad span
      out.span = value;
    } else {
      throw QueryError{"tstats: option `" + key + "` is not supported (options: summariesonly, allow_old_summaries, "
                       "fillnull_value, prestats, local, append, chunk_size, and span in the BY clause)",
                       pos};
    }
  }
  return out;
}

void search_field_names(const ast::SearchExpr& e, std::vector<std::pair<std::string, ast::Position>>& out) {
  if (e.kind == ast::SearchExpr::Kind::Compare || e.kind == ast::SearchExpr::Kind::In) out.emplace_back(e.field, e.pos);
  for (const auto& c : e.children) search_field_names(c, out);
}

// PREFIX(x) in a where clause matches the indexed terms starting with x: a raw term `x*`.
void rewrite_prefix_terms(ast::SearchExpr& e) {
  if (e.kind == ast::SearchExpr::Kind::Term && !e.values.empty()) {
    std::string& text = e.values[0].text;
    if (text.size() > 8 && text.compare(0, 7, "PREFIX(") == 0 && text.back() == ')') {
      text = text.substr(7, text.size() - 8) + "*";
      e.values[0].quoted = false;
    }
  }
  for (auto& c : e.children) rewrite_prefix_terms(c);
}

// The dataset a `datamodel=` names, or an error at its position naming what exists.
struct Source {
  const DataModel* model = nullptr;
  const Dataset* dataset = nullptr;
};

Source resolve_source(const ast::TstatsCommand& t, const Knowledge& knowledge, const std::string& command) {
  Source s;
  const std::string& text = t.datamodel;
  const auto dot = text.find('.');
  const std::string model_name = text.substr(0, dot);
  s.model = knowledge.datamodel(model_name);
  if (!s.model) {
    std::string known;
    for (const auto& n : knowledge.datamodel_names()) known += (known.empty() ? "" : ", ") + n;
    throw QueryError{command + ": unknown data model `" + model_name + "` (data models: " + (known.empty() ? "none" : known) + ")",
                     t.datamodel_pos};
  }
  if (dot == std::string::npos) {
    auto roots = s.model->roots();
    if (roots.size() != 1) {
      std::string names;
      for (const Dataset* r : roots) names += (names.empty() ? "" : ", ") + model_name + "." + r->name;
      throw QueryError{command + ": data model " + model_name + " has " + std::to_string(roots.size()) +
                           " root datasets: name one (" + names + ")",
                       t.datamodel_pos};
    }
    s.dataset = roots[0];
    return s;
  }
  s.dataset = s.model->find(text.substr(dot + 1));
  if (!s.dataset)
    throw QueryError{command + ": data model " + model_name + " has no dataset `" + text.substr(dot + 1) + "` (datasets: " +
                         s.model->dataset_list() + ")",
                     t.datamodel_pos};
  return s;
}

std::string closest_names(const std::string& name, const std::vector<std::string>& known) {
  std::vector<std::pair<std::size_t, std::string>> close;
  for (const auto& k : known) close.emplace_back(edit_distance(name, k), k);
  std::sort(close.begin(), close.end());
  std::string out;
  for (std::size_t i = 0; i < close.size() && i < 3; ++i) out += (i ? ", `" : "`") + close[i].second + "`";
  return out;
}

// Reads tstats fields: `Dataset.field` names through the dataset's columns, BaseEvent fields and
// index-time fields from the events, `nodename` as the datasets an event belongs to.
class FieldResolver {
 public:
  FieldResolver(const ExecContext& ctx, const Source& source, const ast::Position& pos)
      : ctx_(ctx), source_(source), pos_(pos) {
    if (source_.model) {
      fields_ = qualified_fields(*source_.model, *source_.dataset);
      lineage_ = source_.model->lineage(*source_.dataset);
    }
  }

  bool known(const std::string& name) const {
    if (is_base_event_field(name) || name == "index" || name == "splunk_server") return true;
    if (!source_.model) return name == "linecount" || name == "punct" || name == "timestartpos";
    if (name == "nodename") return true;
    return find(name) != nullptr;
  }

  const Column* column(const std::string& name) const {
    if (!source_.model || is_base_event_field(name) || name == "index" || name == "splunk_server")
      return ctx_.knowledge->column(ctx_.store, name);
    if (name == "nodename") return ctx_.knowledge->nodename_column(ctx_.store, *source_.model, pos_);
    const QualifiedField* f = find(name);
    if (!f) return nullptr;
    const bool in_lineage = std::find(lineage_.begin(), lineage_.end(), f->owner) != lineage_.end();
    return ctx_.knowledge->dataset_column(ctx_.store, *source_.model, *f->owner, f->field, !in_lineage, pos_);
  }

  std::string warning(const std::string& name) const {
    if (!source_.model)
      return "tstats: `" + name + "` is not an index-time field (index, host, source, sourcetype, _time): it is null here";
    std::vector<std::string> names;
    for (const auto& f : fields_) names.push_back(f.name);
    return "tstats: `" + name + "` is not a field of dataset " + source_.model->name + "." + source_.dataset->path +
           ", so it is null (closest: " + closest_names(name, names) + ")";
  }

 private:
  const QualifiedField* find(const std::string& name) const {
    for (const auto& f : fields_)
      if (f.name == name) return &f;
    return nullptr;
  }
  const ExecContext& ctx_;
  const Source& source_;
  ast::Position pos_;
  std::vector<QualifiedField> fields_;
  std::vector<const Dataset*> lineage_;
};

Result empty_table(const ast::TstatsCommand& t) {
  std::vector<std::string> names = t.by;
  for (const auto& a : t.aggregations) names.push_back(a.as);
  return Result::table(std::move(names));
}

}  // namespace

void check_prestats_followers(const ast::Pipeline& pipeline) {
  for (std::size_t i = 0; i < pipeline.commands.size(); ++i) {
    const auto* t = std::get_if<ast::TstatsCommand>(&pipeline.commands[i].body);
    if (!t) continue;
    bool prestats = false;
    for (std::size_t k = 0; k < t->options.items.size(); ++k)
      if (t->options.items[k].first == "prestats") parse_bool(t->options.items[k].second, prestats);
    if (!prestats) continue;
    const ast::Command* next = i + 1 < pipeline.commands.size() ? &pipeline.commands[i + 1] : nullptr;
    if (!next || (next->name != "stats" && next->name != "chart" && next->name != "timechart"))
      throw QueryError{"tstats prestats=true hands its rows to a stats, chart or timechart command, which must come next" +
                           std::string(next ? " (found `" + next->name + "`)" : ""),
                       next ? next->pos : pipeline.commands[i].pos};
  }
}

Result run_tstats(const ast::Command& cmd, Result, ExecContext& ctx) {
  const auto& t = body_of<ast::TstatsCommand>(cmd);
  const TstatsOptions options = read_options(cmd, t);
  std::vector<AggSpec> specs = compile_aggregations(t.aggregations);
  if (!ctx.store || !ctx.knowledge) return empty_table(t);

  Source source;
  if (!t.datamodel.empty()) source = resolve_source(t, *ctx.knowledge, "tstats");
  const RowSet base = source.model ? ctx.knowledge->dataset_rows(ctx.store, *source.model, *source.dataset, t.datamodel_pos)
                                   : RowSet(ctx.store->rows(), true);
  FieldResolver fields(ctx, source, t.datamodel.empty() ? cmd.pos : t.datamodel_pos);

  // Which fields the command reads; the unknown ones are warned about and stay null.
  std::vector<std::pair<std::string, ast::Position>> named;
  for (const auto& a : t.aggregations)
    if (a.field) named.emplace_back(*a.field, a.pos);
  for (const auto& b : t.by) named.emplace_back(b, cmd.pos);
  std::optional<ast::SearchExpr> where = t.where;
  if (where) {
    rewrite_prefix_terms(*where);
    search_field_names(*where, named);
  }
  std::vector<std::string> read;
  for (const auto& [name, pos] : named) {
    if (name == "_time" || std::find(read.begin(), read.end(), name) != read.end()) continue;
    if (!fields.known(name)) ctx.warn(fields.warning(name));
    read.push_back(name);
  }

  // The events: the dataset's, the where clause, the time range picker.
  std::optional<ast::SearchExpr> ranged = with_picker_range(where ? &*where : nullptr, ctx);
  const ast::SearchExpr* filter = ranged ? &*ranged : (where ? &*where : nullptr);
  RowSet rows = base;
  if (filter) {
    ColumnLookup lookup = [&](std::string_view name) { return fields.column(std::string(name)); };
    rows = filter_store(*filter, *ctx.store, lookup, search_context(ctx), base);
  }
  // Newest first only when the order can change a result (first, last, list, mode, prestats);
  // otherwise store order, which skips a pass over the time order.
  bool ordered = options.prestats;
  for (const auto& spec : specs)
    ordered = ordered || spec.kind == AggKind::First || spec.kind == AggKind::Last || spec.kind == AggKind::List ||
              spec.kind == AggKind::Mode;
  Result view;
  if (ordered) {
    view = event_view(rows, ctx);
  } else {
    std::vector<std::uint32_t> in_store_order;
    in_store_order.reserve(rows.count());
    rows.for_each([&](std::size_t r) { in_store_order.push_back(static_cast<std::uint32_t>(r)); });
    view = Result::events(ctx.store, std::move(in_store_order));
  }
  view.reorder_columns({"_time"});
  for (const auto& name : read) {
    const Column* col = fields.known(name) ? fields.column(name) : nullptr;
    if (col) view.set_store_column(name, col);
  }
  if (options.fillnull_value)
    for (const auto& name : t.by) {
      if (name == "_time") continue;
      const Column* col = fields.known(name) ? fields.column(name) : nullptr;
      view.set_store_column(name, ctx.knowledge->filled_column(ctx.store, col, *options.fillnull_value));
    }
  if (options.span) {
    // Aggregations of _time (min(_time), latest(_time)) read the event's time, not its bucket.
    bool reads_time = false;
    for (auto& spec : specs)
      if (spec.field == "_time") {
        spec.field = kEventTime;
        reads_time = true;
      }
    if (reads_time) {
      std::vector<Value> times(view.size());
      for (std::size_t r = 0; r < view.size(); ++r) times[r] = view.get("_time", r);
      view.set_column(kEventTime, std::move(times));
    }
    const Span span = parse_span(cmd, *options.span);
    std::vector<Value> buckets(view.size());
    const int time = view.find("_time");
    for (std::size_t r = 0; r < view.size(); ++r) {
      double t_s = 0;
      if (view.get(static_cast<std::size_t>(time), r).as_number(t_s)) buckets[r] = Value::of(bin_start(t_s, span));
    }
    view.set_column("_time", std::move(buckets));
  }

  if (options.prestats) {
    for (const auto& a : t.aggregations)
      if (a.as != a.func && a.as.find('(') == std::string::npos)
        throw QueryError{"tstats: AS is not allowed with prestats=true (rename in the stats that follows)", a.pos};
    return view;  // check_prestats_followers made sure a stats, chart or timechart comes next
  }
  plan_sparklines(specs, view);
  Groups groups = aggregate_rows(view, t.by, specs, ctx);
  std::vector<std::string> names = t.by;
  for (const auto& s : specs) names.push_back(s.as);
  Result out = Result::table(std::move(names));
  std::vector<std::vector<Value>> results = group_results(groups, specs, ctx.threads);
  for (std::size_t g : sorted_group_order(groups)) {
    std::vector<Value> row = groups.keys[g];
    for (auto& v : results[g]) row.push_back(std::move(v));
    out.add_row(std::move(row));
  }
  return out;
}

}  // namespace spelunk::commands
