// `top` / `rare [N] [limit=N] [countfield=count] [percentfield=percent] [showcount=t]
// [showperc=t] [useother=f] [otherstr=OTHER] fields [BY fields]` (R8.13): counts each combination
// of the fields (rows lacking one are not counted) per by-group, keeps the N most (top) or least
// (rare) frequent, ties in value order. percent = 100 * count / rows counted in the by-group,
// printed with 6 decimals as Splunk does.
#include <algorithm>
#include <fmt/format.h>
#include <map>

#include "evaluator/aggregate.hpp"
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {

constexpr std::size_t kDefaultTopLimit = 10;

struct TopOptions {
  std::size_t limit = kDefaultTopLimit;
  std::string countfield = "count", percentfield = "percent", otherstr = "OTHER";
  bool showcount = true, showperc = true, useother = false;
};

TopOptions read_options(const ast::Command& cmd, const ast::TopCommand& top) {
  TopOptions o;
  o.limit = option_size(cmd, top.options, "limit", kDefaultTopLimit);
  if (auto* v = top.options.get("countfield")) o.countfield = *v;
  if (auto* v = top.options.get("percentfield")) o.percentfield = *v;
  if (auto* v = top.options.get("otherstr")) o.otherstr = *v;
  o.showcount = option_bool(cmd, top.options, "showcount", true);
  o.showperc = option_bool(cmd, top.options, "showperc", true);
  o.useother = option_bool(cmd, top.options, "useother", false);
  return o;
}

std::string percent_text(double count, double total) {
  return fmt::format("{:.6f}", total > 0 ? 100.0 * count / total : 0.0);
}

}  // namespace

Result run_top(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& top = body_of<ast::TopCommand>(cmd);
  check_options(cmd, top.options, {"limit", "countfield", "percentfield", "otherstr", "showcount", "showperc", "useother"});
  const TopOptions o = read_options(cmd, top);
  if (top.fields.empty()) throw QueryError{cmd.name + " needs at least one field", cmd.pos};

  std::vector<std::string> group_by = top.by;
  group_by.insert(group_by.end(), top.fields.begin(), top.fields.end());
  ast::Aggregation count;
  count.func = "count";
  count.as = o.countfield;
  std::vector<AggSpec> specs = {compile_aggregation(count)};
  Groups groups = aggregate_rows(input, group_by, specs, ctx);
  return top_output(cmd, groups, specs);
}

Result top_output(const ast::Command& cmd, const Groups& groups, const std::vector<AggSpec>& specs) {
  const auto& top = body_of<ast::TopCommand>(cmd);
  const bool rare = cmd.name == "rare";
  const TopOptions o = read_options(cmd, top);
  std::vector<std::string> group_by = top.by;
  group_by.insert(group_by.end(), top.fields.begin(), top.fields.end());

  // Partition the (value-ordered) groups by their by-values.
  std::vector<std::vector<std::size_t>> partitions;
  std::vector<Value> last_by;
  for (std::size_t g : sorted_group_order(groups)) {
    std::vector<Value> by(groups.keys[g].begin(), groups.keys[g].begin() + static_cast<long>(top.by.size()));
    bool same = !partitions.empty() && by.size() == last_by.size() &&
                std::equal(by.begin(), by.end(), last_by.begin(),
                           [](const Value& a, const Value& b) { return compare_auto(a, b) == 0; });
    if (!same) partitions.emplace_back();
    partitions.back().push_back(g);
    last_by = std::move(by);
  }

  std::vector<std::string> names = group_by;
  if (o.showcount) names.push_back(o.countfield);
  if (o.showperc) names.push_back(o.percentfield);
  Result out = Result::table(names);
  auto count_of = [&](std::size_t g) { return groups.states[g][0].result(specs[0]).number; };
  for (auto& part : partitions) {
    double total = 0;
    for (std::size_t g : part) total += count_of(g);
    std::stable_sort(part.begin(), part.end(), [&](std::size_t a, std::size_t b) {
      return rare ? count_of(a) < count_of(b) : count_of(a) > count_of(b);
    });
    std::size_t shown = o.limit == 0 ? part.size() : std::min(o.limit, part.size());
    auto emit = [&](std::vector<Value> row, double c) {
      if (o.showcount) row.push_back(Value::of(c));
      if (o.showperc) row.push_back(Value::of(percent_text(c, total)));
      out.add_row(std::move(row));
    };
    for (std::size_t i = 0; i < shown; ++i) emit(groups.keys[part[i]], count_of(part[i]));
    if (o.useother && shown < part.size()) {
      double rest = 0;
      for (std::size_t i = shown; i < part.size(); ++i) rest += count_of(part[i]);
      std::vector<Value> row(groups.keys[part[0]].begin(), groups.keys[part[0]].begin() + static_cast<long>(top.by.size()));
      for (std::size_t f = 0; f < top.fields.size(); ++f) row.push_back(Value::of(o.otherstr));
      emit(std::move(row), rest);
    }
  }
  return out;
}

}  // namespace spelunk::commands
