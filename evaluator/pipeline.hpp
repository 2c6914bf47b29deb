// The pipeline runner: an ast::Pipeline over a Store.
//
// The leading search becomes a filter over the store's columns (search_filter.hpp) and then an
// event view, newest `_time` first (ties keep store order); every later command goes through
// command_registry(). A generating command at the start (`| makeresults`) starts from an empty
// Result. Unknown commands raise QueryError "command `X` is not supported yet".
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "evaluator/command.hpp"
#include "evaluator/search_filter.hpp"

namespace spelunk {

// Called after each command of the pipeline (not of its subsearches) with the command's index
// and its output: `spelunk explain` counts the rows each command leaves.
using PipelineObserver = std::function<void(std::size_t command, const Result& output)>;

Result run_pipeline(const ast::Pipeline& pipeline, ExecContext& ctx, const PipelineObserver* observer = nullptr);

// Store events matching `expr` (all events when null) as a view, newest first, with the
// calculated fields in `calculated` added as columns.
Result search_events(const ast::SearchExpr* expr, ExecContext& ctx,
                     const std::vector<std::string>& calculated);

// The rows of `set` as an event view, newest first (ties keep store order).
Result event_view(const RowSet& set, const ExecContext& ctx);

// `expr` with the time range picker's bounds (ctx.picker_earliest / latest) added, when the picker
// is set and the expression names no earliest= / latest= of its own; nullopt: use `expr` as is.
std::optional<ast::SearchExpr> with_picker_range(const ast::SearchExpr* expr, const ExecContext& ctx);

// The column lookup for searches over ctx.store: calculated fields first, then stored ones.
ColumnLookup store_column_lookup(const ExecContext& ctx);
SearchContext search_context(const ExecContext& ctx);

// Field names a pipeline names anywhere (wildcards kept as written). `everything` is set when
// some command may read any field (`table *`, a command not analysed here).
struct FieldMentions {
  std::set<std::string> names;
  bool everything = false;
};
FieldMentions field_mentions(const ast::Pipeline& pipeline);

// The calculated fields a pipeline needs.
std::vector<std::string> needed_calculated_fields(const ast::Pipeline& pipeline, const Knowledge* knowledge);

// Warnings for fields the query's search expressions name that no event has, with the closest
// existing names: "`Message`: no event has this field (closest: `Message2`, ...)".
std::vector<std::string> missing_field_warnings(const ast::Pipeline& pipeline, const ExecContext& ctx);

// Existing field names (stored or calculated) closest to `name` by edit distance, best first.
std::vector<std::string> closest_field_names(std::string_view name, const ExecContext& ctx, std::size_t max = 3);

// Case-insensitive edit distance (for "did you mean").
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace spelunk
