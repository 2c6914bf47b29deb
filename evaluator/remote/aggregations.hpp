// `stats` and `top`/`rare` in ClickHouse: GROUP BY computes, per group, partial values from which
// spelunk's own AggState (evaluator/aggregate.hpp) finishes each function. The finishing, the
// group order and the output are the in-memory code's, so only the partial values need to be
// exact:
//   count                      count()                       -> add_rows(n)
//   count(X)                   sum(length(X))                -> add_rows(n)
//   dc(X), values(X)           groupUniqArrayArray(X)        -> each distinct value
//   min/max/earliest/latest(_time)  min/max(_time)           -> that one time
//   first/last/earliest/latest(X)   argMax/argMinIf(X, order)-> the values of the one row
//                                   that decides, in the order the in-memory feed meets rows
// By-fields: each distinct value of a multi-value is its own group (arrayJoin(arrayDistinct)),
// several by-fields multiply; a row lacking one is dropped. Groups are created in the order of
// their first row (newest first, then load order, then value position), which is what the stable
// sort by value keeps for values that compare equal ("1" and "01").
// Everything else (sum, avg, list, mode, percentiles, count(eval), options) is not pushed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "evaluator/aggregate.hpp"
#include "evaluator/remote/sql_search.hpp"

namespace spelunk::remote {

struct PartialValue {
  enum class Feed {
    Rows,         // a count: add_rows
    Distinct,     // Array(String) of values: add(each)
    Time,         // Int64 microseconds: add(the time as text, the time)
    RowValues,    // Tuple(Array(String), Int64): the deciding row's values and time
    Nothing,      // UInt8 0: a field no event has feeds nothing
    Seconds,      // Float64 seconds (a binned _time): add(the time as text, the time)
  };
  Feed feed = Feed::Rows;
  std::string sql;
};

struct GroupsPlan {
  std::size_t command = 0;             // index of the stats / top command
  bool top = false;                    // top or rare: one count per combination
  bool timechart = false;              // timechart span=S without BY: keyed by the bin start
  double span_seconds = 0;             // ... its span
  std::vector<std::string> key_names;  // the group's by-values, as the command names them
  std::vector<FieldRef::Kind> key_kinds;
  std::vector<std::string> key_sql;    // SELECT expressions of the keys
  std::vector<std::string> key_columns;  // the Array column of each key (for value positions)
  std::vector<PartialValue> partials;  // one per AggSpec
  std::vector<AggSpec> specs;
};

// How names read at this point of the pipeline (after pushed renames) map to SQL.
using NameResolver = std::function<FieldRef(std::string_view name)>;

// The plan for `cmd` (stats or top/rare), or nullopt with `why` when it cannot be pushed.
std::optional<GroupsPlan> plan_groups(const ast::Command& cmd, std::size_t index, const NameResolver& names,
                                      std::string& why);

// `SELECT keys, order key, count(), partials FROM from WHERE where GROUP BY keys`.
std::string groups_sql(const GroupsPlan& plan, const std::string& from, const std::string& where);

// The answer as Groups, in first-row order (throws clickhouse::ClickHouseError when malformed).
Groups decode_groups(const GroupsPlan& plan, std::string_view rows);

// The command's output from the groups (the in-memory tail of stats / top).
Result finish_groups(const GroupsPlan& plan, const ast::Command& cmd, const Groups& groups, ExecContext& ctx);

}  // namespace spelunk::remote
