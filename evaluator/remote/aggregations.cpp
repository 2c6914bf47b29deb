#include "evaluator/remote/aggregations.hpp"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "evaluator/commands/commands.hpp"
#include "storage/clickhouse/http_client.hpp"
#include "storage/clickhouse/row_binary.hpp"

namespace spelunk::remote {

namespace {

using Feed = PartialValue::Feed;

// Rows in the order the in-memory feed meets them: newest first, then load order.
constexpr const char* kFeedOrder = "tuple(`_time`, -toInt64(`_seq`))";

std::optional<PartialValue> partial_for(const AggSpec& spec, const FieldRef& f, bool binned_time, std::string& why) {
  // A field no event has is never fed (aggregate.cpp: a missing reader adds nothing): whatever
  // the function, its state stays empty.
  if (f.kind == FieldRef::Kind::Missing && spec.kind != AggKind::Count && spec.kind != AggKind::CountEval &&
      spec.kind != AggKind::Sparkline)
    return PartialValue{Feed::Nothing, "toUInt8(0)"};
  if (f.kind == FieldRef::Kind::BinnedTime) {
    switch (spec.kind) {
      case AggKind::Count:
      case AggKind::CountField: return PartialValue{Feed::Rows, "count()"};
      case AggKind::Min:
      case AggKind::Earliest:
      case AggKind::Last: return PartialValue{Feed::Seconds, "min(" + f.column + ")"};
      case AggKind::Max:
      case AggKind::Latest:
      case AggKind::First: return PartialValue{Feed::Seconds, "max(" + f.column + ")"};
      default:
        why = "`" + spec.as + "` of a binned _time is not pushed";
        return std::nullopt;
    }
  }
  const bool array = f.kind == FieldRef::Kind::Array;
  const std::string x = array ? f.column : f.kind == FieldRef::Kind::Raw ? "`_raw`" : "`_time`";
  switch (spec.kind) {
    case AggKind::Count: return PartialValue{Feed::Rows, "count()"};
    case AggKind::CountField:
      if (f.kind == FieldRef::Kind::Missing) return PartialValue{Feed::Rows, "toUInt64(0)"};
      return PartialValue{Feed::Rows, array ? "sum(length(" + x + "))" : "count()"};
    case AggKind::Dc:
    case AggKind::Values:
      if (array) return PartialValue{Feed::Distinct, "groupUniqArrayArray(" + x + ")"};
      if (f.kind == FieldRef::Kind::Raw) return PartialValue{Feed::Distinct, "groupUniqArray(`_raw`)"};
      if (f.kind == FieldRef::Kind::Missing) return PartialValue{Feed::Distinct, "emptyArrayString()"};
      break;
    case AggKind::Min:
    case AggKind::Earliest:
      if (f.kind == FieldRef::Kind::Time) return PartialValue{Feed::Time, "min(`_time`)"};
      break;
    case AggKind::Max:
    case AggKind::Latest:
      if (f.kind == FieldRef::Kind::Time) return PartialValue{Feed::Time, "max(`_time`)"};
      break;
    case AggKind::First:
      if (f.kind == FieldRef::Kind::Time) return PartialValue{Feed::Time, "max(`_time`)"};
      break;
    case AggKind::Last:
      if (f.kind == FieldRef::Kind::Time) return PartialValue{Feed::Time, "min(`_time`)"};
      break;
    default: break;
  }
  // The one row that decides first/last/earliest/latest of a field, in feed order; a row
  // without the field is never fed.
  if ((spec.kind == AggKind::Earliest || spec.kind == AggKind::Latest) && binned_time) {
    why = "`" + spec.as + "` after bin picks by the binned _time: not pushed";
    return std::nullopt;
  }
  if (spec.kind == AggKind::First || spec.kind == AggKind::Last || spec.kind == AggKind::Earliest ||
      spec.kind == AggKind::Latest) {
    if (f.kind == FieldRef::Kind::Missing) return PartialValue{Feed::RowValues, "tuple(emptyArrayString(), toInt64(0))"};
    if (array || f.kind == FieldRef::Kind::Raw) {
      const std::string values = array ? x : "[`_raw`]";
      const std::string has = array ? "notEmpty(" + x + ")" : "1";
      const std::string row = "tuple(" + values + ", `_time`)";
      std::string pick;
      switch (spec.kind) {
        case AggKind::First: pick = "argMaxIf(" + row + ", " + kFeedOrder + ", " + has + ")"; break;  // first fed
        case AggKind::Last: pick = "argMinIf(" + row + ", " + kFeedOrder + ", " + has + ")"; break;   // last fed
        // earliest: smallest time, the first fed among equals (lowest _seq); latest: largest time, ditto
        case AggKind::Earliest: pick = "argMinIf(" + row + ", tuple(`_time`, toInt64(`_seq`)), " + has + ")"; break;
        default: pick = "argMaxIf(" + row + ", " + kFeedOrder + ", " + has + ")"; break;
      }
      return PartialValue{Feed::RowValues, pick};
    }
  }
  why = "`" + spec.as + "` has no exact partial aggregate in ClickHouse";
  return std::nullopt;
}

}  // namespace

std::optional<GroupsPlan> plan_groups(const ast::Command& cmd, std::size_t index, const NameResolver& names,
                                      std::string& why) {
  GroupsPlan plan;
  plan.command = index;
  std::vector<std::string> by;
  if (const auto* stats = std::get_if<ast::StatsCommand>(&cmd.body); stats && cmd.name == "stats") {
    if (!stats->options.items.empty()) {
      why = "stats options are not pushed";
      return std::nullopt;
    }
    for (const auto& a : stats->aggregations)
      if (a.eval_arg || (a.field && a.field->find('*') != std::string::npos)) {
        why = "stats `" + a.as + "` is not pushed (eval() or a wildcard)";
        return std::nullopt;
      }
    try {
      plan.specs = compile_aggregations(stats->aggregations);
    } catch (const QueryError&) {
      why = "stats: an aggregation spelunk rejects";  // the local run reports it
      return std::nullopt;
    }
    by = stats->by;
  } else if (const auto* top = std::get_if<ast::TopCommand>(&cmd.body); top && (cmd.name == "top" || cmd.name == "rare")) {
    if (top->fields.empty()) {
      why = cmd.name + " without fields";
      return std::nullopt;
    }
    plan.top = true;
    by = top->by;
    by.insert(by.end(), top->fields.begin(), top->fields.end());
    ast::Aggregation count;
    count.func = "count";
    count.as = "count";
    if (const std::string* cf = top->options.get("countfield")) count.as = *cf;
    plan.specs = {compile_aggregation(count)};
  } else if (const auto* tc = std::get_if<ast::TimechartCommand>(&cmd.body); tc && cmd.name == "timechart") {
    // A fixed span and no BY: groups keyed by bin.cpp's bin start; the aggregations see the
    // events' own _time (timechart bins into a column of its own).
    const std::string* span_text = tc->options.get("span");
    bool only_span = true;
    for (const auto& [k, v] : tc->options.items) only_span = only_span && k == "span";
    if (!span_text || !only_span || tc->by) {
      why = "timechart is pushed with span= alone and no BY";
      return std::nullopt;
    }
    commands::Span span;
    try {
      span = commands::parse_span(cmd, *span_text);
    } catch (const QueryError&) {
      why = "timechart: a span spelunk rejects";  // the local run reports it
      return std::nullopt;
    }
    if (span.months || !(span.size > 0) || names("_time").kind != FieldRef::Kind::Time) {
      why = "timechart: a calendar span, or a _time already binned or renamed";
      return std::nullopt;
    }
    for (const auto& a : tc->aggregations)
      if (a.eval_arg || (a.field && a.field->find('*') != std::string::npos)) {
        why = "timechart `" + a.as + "` is not pushed (eval() or a wildcard)";
        return std::nullopt;
      }
    try {
      plan.specs = compile_aggregations(tc->aggregations);
    } catch (const QueryError&) {
      why = "timechart: an aggregation spelunk rejects";
      return std::nullopt;
    }
    if (plan.specs.empty()) {
      why = "timechart without an aggregation";
      return std::nullopt;
    }
    plan.timechart = true;
    plan.span_seconds = span.size;
    const std::string s = exact_double_sql(span.size);
    plan.key_names.push_back("_time");
    plan.key_kinds.push_back(FieldRef::Kind::BinnedTime);
    plan.key_sql.push_back("floor(`_time` / 1000000 / " + s + ") * " + s);
    plan.key_columns.emplace_back();
  } else {
    why = "`" + cmd.name + "` is not an aggregation spelunk pushes";
    return std::nullopt;
  }
  for (const auto& name : by) {
    if (name.find('*') != std::string::npos) {
      why = "a wildcard by-field";
      return std::nullopt;
    }
    FieldRef f = names(name);
    std::string key;
    switch (f.kind) {
      case FieldRef::Kind::Missing:  // every row lacks it, so every row is dropped (R8.7c)
        key = "arrayJoin(emptyArrayString())";
        break;
      case FieldRef::Kind::Time: key = "`_time`"; break;
      case FieldRef::Kind::BinnedTime: key = f.column; break;
      case FieldRef::Kind::Raw: key = "`_raw`"; break;
      case FieldRef::Kind::Array: key = "arrayJoin(arrayDistinct(" + f.column + "))"; break;
    }
    plan.key_names.push_back(name);
    plan.key_kinds.push_back(f.kind);
    plan.key_sql.push_back(key);
    plan.key_columns.push_back(f.column);
  }
  for (const auto& spec : plan.specs) {
    auto p = partial_for(spec, spec.field.empty() ? FieldRef{} : names(spec.field),
                         names("_time").kind == FieldRef::Kind::BinnedTime, why);
    if (!p) return std::nullopt;
    plan.partials.push_back(std::move(*p));
  }
  return plan;
}

std::string groups_sql(const GroupsPlan& plan, const std::string& from, const std::string& where) {
  std::string select, group;
  // Order of creation: the first row fed (largest feed order), then the position of the value in
  // its multi-value, the first by-field varying fastest (aggregate.cpp's Grouper).
  std::string order = "max(tuple(`_time`, -toInt64(`_seq`)";
  for (std::size_t i = plan.key_sql.size(); i-- > 0;) {
    const std::string k = fmt::format("`k{}`", i);
    order += plan.key_kinds[i] == FieldRef::Kind::Array ? ", -toInt64(indexOf(" + plan.key_columns[i] + ", " + k + "))"
                                                        : std::string(", toInt64(0)");
  }
  order += "))";
  for (std::size_t i = 0; i < plan.key_sql.size(); ++i) {
    select += fmt::format("{} AS `k{}`, ", plan.key_sql[i], i);
    group += fmt::format("{}`k{}`", i ? ", " : "", i);
  }
  select += order + ", count()";
  for (const auto& p : plan.partials) select += ", " + p.sql;
  std::string sql = "SELECT " + select + "\nFROM " + from;
  if (where != "1") sql += "\nWHERE " + where;
  if (!group.empty()) sql += "\nGROUP BY " + group;
  return sql;
}

Groups decode_groups(const GroupsPlan& plan, std::string_view rows) {
  clickhouse::RowBinaryReader in(rows);
  struct Row {
    std::vector<Value> keys;
    std::vector<std::int64_t> order;
    std::vector<AggState> states;
  };
  std::vector<Row> decoded;
  while (!in.at_end()) {
    Row row;
    for (auto kind : plan.key_kinds) {
      if (kind == FieldRef::Kind::Time) row.keys.push_back(Value::of(static_cast<double>(in.int64()) / kMicrosPerSecond));
      else if (kind == FieldRef::Kind::BinnedTime) row.keys.push_back(Value::of(in.float64()));
      else row.keys.push_back(Value::of(std::string(in.string())));
    }
    for (std::size_t i = 0; i < plan.key_kinds.size() + 2; ++i) row.order.push_back(in.int64());
    const std::uint64_t count = in.uint64();
    row.states = make_states(plan.specs);
    for (std::size_t s = 0; s < plan.partials.size(); ++s) {
      AggState& state = row.states[s];
      switch (plan.partials[s].feed) {
        case Feed::Rows: state.add_rows(in.uint64()); break;
        case Feed::Distinct:
          for (std::uint64_t n = in.array_size(); n-- > 0;) state.add(in.string(), 0);
          break;
        case Feed::Time: {
          const std::int64_t t = in.int64();
          if (count == 0) break;  // no row: ClickHouse's min/max of nothing is 0, spelunk's is null
          const double seconds = static_cast<double>(t) / kMicrosPerSecond;
          state.add(format_number(seconds), seconds);
          break;
        }
        case Feed::Nothing: in.uint8(); break;
        case Feed::Seconds: {
          const double seconds = in.float64();
          if (count > 0) state.add(format_number(seconds), seconds);
          break;
        }
        case Feed::RowValues: {
          std::vector<std::string_view> values;
          for (std::uint64_t n = in.array_size(); n-- > 0;) values.push_back(in.string());
          const double seconds = static_cast<double>(in.int64()) / kMicrosPerSecond;
          for (auto v : values) state.add(v, seconds);
          break;
        }
      }
    }
    decoded.push_back(std::move(row));
  }
  std::vector<std::size_t> order(decoded.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return decoded[a].order > decoded[b].order; });
  Groups groups;
  for (std::size_t i : order) {
    groups.keys.push_back(std::move(decoded[i].keys));
    groups.states.push_back(std::move(decoded[i].states));
  }
  if (plan.key_sql.empty() && groups.keys.empty()) {  // no BY: one row even without input (R8.7b)
    groups.keys.emplace_back();
    groups.states.push_back(make_states(plan.specs));
  }
  return groups;
}

Result finish_groups(const GroupsPlan& plan, const ast::Command& cmd, const Groups& groups, ExecContext& ctx) {
  if (plan.top) return commands::top_output(cmd, groups, plan.specs);
  if (plan.timechart) return commands::timechart_output(cmd, plan.specs, groups, commands::Span{plan.span_seconds, 0});
  return commands::stats_output(std::get<ast::StatsCommand>(cmd.body), plan.specs, groups, ctx.threads);
}

}  // namespace spelunk::remote
