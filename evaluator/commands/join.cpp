// `join [type=inner|left|outer] [max=1] [overwrite=t] [fields] [subsearch]`: adds to each row
// the fields of the subsearch rows with the same values of the join fields (all fields the two
// share when none are listed). inner drops rows without a match; left/outer keep them. max=N
// takes at most N matches per row (max=0: all), each match giving one output row. overwrite=f
// keeps the row's own value where it has one.
#include <unordered_map>

#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {

std::optional<std::string> join_key(const Result& r, const std::vector<int>& cols, std::size_t row) {
  std::string key;
  for (int c : cols) {
    if (c < 0) return std::nullopt;
    Value v = r.get(static_cast<std::size_t>(c), row);
    if (v.is_null()) return std::nullopt;
    std::string text = v.to_string();
    key += std::to_string(text.size()) + ':' + text;
  }
  return key;
}

std::vector<std::string> shared_fields(const Result& a, const Result& b) {
  std::vector<std::string> out;
  for (const auto& c : a.columns())
    if (b.find(c.name) >= 0 && c.name != "_raw" && c.name != "_time") out.push_back(c.name);
  return out;
}

}  // namespace

Result run_join(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& join = body_of<ast::JoinCommand>(cmd);
  check_options(cmd, join.options, {"type", "max", "overwrite"});
  if (!join.subsearch) throw QueryError{"join needs a subsearch", cmd.pos};
  if (!ctx.run_pipeline) throw QueryError{"join: subsearches cannot run here", cmd.pos};
  const std::string* type_text = join.options.get("type");
  const std::string type = type_text ? *type_text : "inner";
  if (type != "inner" && type != "left" && type != "outer")
    throw QueryError{"join: type=" + type + " is not inner, left or outer", cmd.pos};
  const bool keep_unmatched = type != "inner";
  const std::size_t max = option_size(cmd, join.options, "max", 1);
  const bool overwrite = option_bool(cmd, join.options, "overwrite", true);

  Result sub = ctx.run_pipeline(*join.subsearch);
  std::vector<std::string> fields = join.fields.empty() ? shared_fields(input, sub) : join.fields;
  std::vector<int> in_cols, sub_cols;
  for (const auto& f : fields) {
    in_cols.push_back(input.find(f));
    sub_cols.push_back(sub.find(f));
  }
  std::unordered_map<std::string, std::vector<std::size_t>> index;
  for (std::size_t r = 0; r < sub.size(); ++r)
    if (auto k = join_key(sub, sub_cols, r)) index[*k].push_back(r);

  std::vector<std::size_t> rows;
  std::vector<std::optional<std::size_t>> matched;
  for (std::size_t r = 0; r < input.size(); ++r) {
    auto k = join_key(input, in_cols, r);
    auto it = k ? index.find(*k) : index.end();
    if (it == index.end()) {
      if (keep_unmatched) { rows.push_back(r); matched.emplace_back(); }
      continue;
    }
    std::size_t n = max == 0 ? it->second.size() : std::min(max, it->second.size());
    for (std::size_t i = 0; i < n; ++i) { rows.push_back(r); matched.emplace_back(it->second[i]); }
  }
  input.select_rows(rows);
  for (const auto& c : sub.columns()) {
    if (std::find(fields.begin(), fields.end(), c.name) != fields.end()) continue;
    int own = input.find(c.name);
    int sc = sub.find(c.name);
    std::vector<Value> values(input.size());
    for (std::size_t r = 0; r < input.size(); ++r) {
      Value mine = own < 0 ? Value::null() : input.get(static_cast<std::size_t>(own), r);
      Value theirs = matched[r] ? sub.get(static_cast<std::size_t>(sc), *matched[r]) : Value::null();
      values[r] = (!overwrite && !mine.is_null()) || theirs.is_null() ? std::move(mine) : std::move(theirs);
    }
    input.set_column(c.name, std::move(values));
  }
  return input;
}

}  // namespace spelunk::commands
