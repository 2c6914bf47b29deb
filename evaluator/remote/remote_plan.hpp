// Pushdown: which front of a pipeline runs in ClickHouse, as one SQL query.
//
// The leading search always goes (as an exact condition, or as a bound plus a local re-check of
// the original search when part of it has no exact SQL form: sql_search.hpp). While the condition
// is exact, the commands that follow go too, as long as each has an exact SQL form:
//   `| search`                 ANDed into the condition (when it compiles exactly)
//   `| head N`                 LIMIT N over the rows in spelunk's order (newest first, load order)
//   `| rename A AS B`          (plain names, before an aggregation) a new name for a column
//   `| stats ...`, `top`/`rare` one row per group from GROUP BY (aggregations.hpp); the engine
//                              finishes each group's functions from the partial values, so
//                              results, order and formatting are the in-memory code's own
// Everything from the first command that is not pushed runs in spelunk, unchanged, on the rows
// that come back; an event result fetches only the fields that part reads (projection).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "evaluator/command.hpp"
#include "evaluator/remote/aggregations.hpp"
#include "parser/ast.hpp"

namespace spelunk::remote {

struct FetchedField {
  std::string field;    // name in the result
  std::string column;   // quoted ClickHouse column
  bool calculated = false;
};

struct RemotePlan {
  enum class Shape { Local, Events, Groups };
  Shape shape = Shape::Local;        // Local: the pipeline starts with a generating command
  std::string sql;                   // the one query (empty for Local)
  std::size_t first_local = 0;       // index of the first command that runs in spelunk
  std::optional<ast::SearchExpr> recheck;  // re-applied locally first when the SQL is a bound

  // Events
  bool fetch_raw = false;
  std::vector<FetchedField> fetched;          // in SELECT order after _time, _seq (and _raw)
  std::vector<std::string> extracted_order;   // the table's extracted fields, in table order
  std::vector<std::string> calculated;        // calculated fields the pipeline needs (in memory's order)
  std::vector<std::string> calculated_absent; // ... that no event has (the in-memory engine drops them)

  // Groups
  GroupsPlan groups;

  std::vector<std::string> notes;  // why pushdown stopped where it did (for `spelunk sql`)
};

// Plans `pipeline` against ctx.remote. Runs the subsearches of the pushed filters (and, for
// Float64 comparisons, one probe query). Throws QueryError / clickhouse::ClickHouseError.
RemotePlan plan_remote(const ast::Pipeline& pipeline, ExecContext& ctx);

// Plans, runs the query, and runs the rest of the pipeline in spelunk.
Result run_remote_pipeline(const ast::Pipeline& pipeline, ExecContext& ctx);

// Does the remote table have the field (for missing-field warnings)?
bool remote_has_field(const ExecContext& ctx, std::string_view field);

// Refuses a table whose calculated fields were computed with other rules than ctx.knowledge's:
// the problem as one line, or nothing.
std::optional<std::string> check_remote_knowledge(const ExecContext& ctx);

}  // namespace spelunk::remote
