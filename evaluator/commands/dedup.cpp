// `dedup [N] f1 f2 ... [keepevents=f] [keepempty=f] [consecutive=f] [sortby ...]` (R8.12):
// keeps the first N rows (in current order: newest first for events) of every combination of
// values. Rows lacking any listed field are dropped unless keepempty=t (then they are all kept).
// consecutive=t removes only duplicates that follow each other. keepevents=t keeps every row
// but blanks the listed fields of the duplicates. sortby sorts the rows that remain (Splunk's
// example `dedup source sortby -_size`: deduplicate, then sort).
#include <optional>
#include <unordered_map>

#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result run_dedup(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& dedup = body_of<ast::DedupCommand>(cmd);
  const bool keepempty = option_bool(cmd, dedup.options, "keepempty", false);
  const bool consecutive = option_bool(cmd, dedup.options, "consecutive", false);
  const bool keepevents = option_bool(cmd, dedup.options, "keepevents", false);
  const std::size_t keep = dedup.count == 0 ? 1 : dedup.count;

  std::vector<int> cols;
  for (const auto& f : dedup.fields) cols.push_back(input.find(f));

  std::vector<std::size_t> kept;
  std::vector<std::size_t> duplicates;  // for keepevents
  std::unordered_map<std::string, std::size_t> seen;
  std::optional<std::string> previous;
  std::size_t run = 0;
  for (std::size_t row = 0; row < input.size(); ++row) {
    ctx.check_cancel(row);
    std::optional<std::string> key = row_key(input, cols, row);
    if (!key) {
      if (keepempty || keepevents) kept.push_back(row);
      previous.reset();
      continue;
    }
    std::size_t count;
    if (consecutive) {
      run = (previous && *previous == *key) ? run + 1 : 1;
      previous = key;
      count = run;
    } else {
      count = ++seen[*key];
    }
    if (count <= keep) {
      kept.push_back(row);
    } else if (keepevents) {
      duplicates.push_back(kept.size());
      kept.push_back(row);
    }
  }
  input.select_rows(kept);
  if (keepevents && !duplicates.empty()) {
    for (const auto& f : dedup.fields) {
      int c = input.find(f);
      if (c < 0) continue;
      std::vector<Value> values(input.size());
      for (std::size_t r = 0; r < input.size(); ++r) values[r] = input.get(static_cast<std::size_t>(c), r);
      for (std::size_t r : duplicates) values[r] = Value::null();
      input.set_column(f, std::move(values));
    }
  }
  if (!dedup.sortby.empty()) input.select_rows(sorted_rows(input, dedup.sortby, &ctx));
  return input;
}

}  // namespace spelunk::commands
