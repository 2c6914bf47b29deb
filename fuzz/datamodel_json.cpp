// Feeds a data model's JSON (objects, parentName lineage, constraints, baseSearch, fields,
// Eval calculations), then, over a small store, computes what tstats and `datamodel` read: each
// dataset's events, each field it can read (calculated or not, from its own rows only or not)
// and `nodename`, so that every constraint and calculation read is parsed and run.
#include <memory>

#include "evaluator/command.hpp"
#include "evaluator/eval.hpp"
#include "evaluator/knowledge/datamodel.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"
#include "fuzz/small_store.hpp"

namespace {

// The CIM macros the shipped models' constraints call, as `cim_*_indexes` default to: empty.
std::shared_ptr<const spelunk::MacroTable> macros() {
  static const auto table = [] {
    auto t = std::make_shared<spelunk::MacroTable>();
    for (const char* name : {"cim_Endpoint_indexes", "cim_Authentication_indexes", "cim_Change_indexes",
                             "cim_Network_Traffic_indexes"})
      t->add({name, {}, "()"});
    return std::shared_ptr<const spelunk::MacroTable>(std::move(t));
  }();
  return table;
}

// Bounds the work of one input: a model of many datasets and fields is a slow input, not a bug.
constexpr std::size_t kMaxDatasets = 12;
constexpr std::size_t kMaxFields = 24;

void read_model(const spelunk::Knowledge& knowledge, const spelunk::DataModel& model) {
  const auto& store = spelunk::fuzz::small_store();
  const spelunk::ast::Position pos{};
  (void)spelunk::fuzz::read_every_row(knowledge.nodename_column(store, model, pos));
  std::size_t datasets = 0;
  for (const spelunk::Dataset& dataset : model.datasets) {
    if (++datasets > kMaxDatasets) break;
    try {
      (void)knowledge.dataset_rows(store, model, dataset, pos).count();
      std::size_t fields = 0;
      for (const spelunk::QualifiedField& f : spelunk::qualified_fields(model, dataset)) {
        if (++fields > kMaxFields) break;
        for (const bool only_rows : {false, true})
          (void)spelunk::fuzz::read_every_row(
              knowledge.dataset_column(store, model, *f.owner, f.field, only_rows, pos));
      }
    } catch (const spelunk::QueryError&) {
    } catch (const spelunk::EvalError&) {
    }
  }
}

}  // namespace

SPELUNK_FUZZ_HARNESS(datamodel_json) {
  spelunk::Knowledge knowledge;
  knowledge.set_search_macros(macros());
  (void)knowledge.load_datamodel_json(spelunk::fuzz::as_text(data, size), "Model.json");
  for (const std::string& name : knowledge.datamodel_names()) {
    const spelunk::DataModel* model = knowledge.datamodel(name);
    if (!model) continue;
    try {
      read_model(knowledge, *model);
    } catch (const spelunk::QueryError&) {
    } catch (const spelunk::EvalError&) {
    }
  }
}
