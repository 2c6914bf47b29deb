// `| datamodel <Model> <Dataset> search|flat` (Search Reference, datamodel): the events of a
// dataset with its fields. In `search` mode the dataset's fields carry their lineage
// (`Processes.process_name`); `flat` strips it (`process_name`, the calculated value replacing the
// event's own). The event's other fields stay, as in a search. Printing a model's JSON (no
// dataset or no mode) and the acceleration modes are refused by name.
#include "evaluator/commands/commands.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/pipeline.hpp"

namespace spelunk::commands {

Result dataset_events(ExecContext& ctx, const std::string& command, const std::string& model_name,
                      const std::string& dataset_name, bool prefixed, const ast::Position& pos) {
  if (!ctx.knowledge) throw QueryError{command + ": no data models are loaded", pos};
  const DataModel* model = ctx.knowledge->datamodel(model_name);
  if (!model) {
    std::string known;
    for (const auto& n : ctx.knowledge->datamodel_names()) known += (known.empty() ? "" : ", ") + n;
    throw QueryError{command + ": unknown data model `" + model_name + "` (data models: " + known + ")", pos};
  }
  const Dataset* dataset = model->find(dataset_name);
  if (!dataset)
    throw QueryError{command + ": data model " + model_name + " has no dataset `" + dataset_name + "` (datasets: " +
                         model->dataset_list() + ")",
                     pos};
  if (!ctx.store) return Result();
  const RowSet& rows = ctx.knowledge->dataset_rows(ctx.store, *model, *dataset, pos);
  std::optional<ast::SearchExpr> ranged = with_picker_range(nullptr, ctx);
  Result view = ranged ? event_view(filter_store(*ranged, *ctx.store, store_column_lookup(ctx), search_context(ctx), rows), ctx)
                       : event_view(rows, ctx);
  for (const Dataset* d : model->lineage(*dataset))
    for (const auto& f : d->fields) {
      if (is_base_event_field(f.name)) continue;
      const Column* col = ctx.knowledge->dataset_column(ctx.store, *model, *dataset, f.name, false, pos);
      const std::string name = prefixed ? d->path + "." + f.name : f.name;
      if (col) view.set_store_column(name, col);
      else if (!prefixed) view.remove_column(name);
    }
  return view;
}

Result run_datamodel(const ast::Command& cmd, Result, ExecContext& ctx) {
  GenericArgs args = generic_args(cmd);
  for (const auto& [key, value] : args.options.items)
    if (key != "strict_fields" && key != "allow_old_summaries" && key != "summariesonly")
      throw QueryError{"datamodel: option `" + key + "` is not supported", cmd.pos};
  if (args.words.size() < 3)
    throw QueryError{"datamodel: give a data model, a dataset and a search mode (`| datamodel Endpoint Processes search`); "
                     "printing a model's JSON is not supported",
                     cmd.pos};
  const std::string& mode = args.words[2];
  if (mode != "search" && mode != "flat")
    throw QueryError{"datamodel: search mode `" + mode + "` is not supported (search, flat)", cmd.pos};
  if (args.words.size() > 3) throw QueryError{"datamodel: unexpected `" + args.raw[3] + "`", cmd.pos};
  return dataset_events(ctx, "datamodel", args.words[0], args.words[1], mode == "search", cmd.pos);
}

}  // namespace spelunk::commands
