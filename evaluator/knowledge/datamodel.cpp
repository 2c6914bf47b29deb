// A data model over a store: a dataset's events and its fields' columns, computed once per store
// and cached (see datamodel.hpp for the model itself).
//
// Rows: the root's constraints, then each child's, each the column filter over the parent's
// events (a child's constraint reads its ancestors' calculated fields, as Splunk appends it after
// them); a `required` field must have a value.
// Columns: a field's value in a dataset is the last calculation of it in the dataset's lineage,
// else the event's own field (props.conf aliases and EVALs included). A calculation is evaluated
// over the events of the dataset that declares it, once per distinct combination of the codes of
// the fields it reads, and stored as a dictionary-encoded Column: tstats groups it by code like
// any stored field.
#include <algorithm>
#include <unordered_map>

#include "evaluator/store_value.hpp"
#include "evaluator/command.hpp"
#include "evaluator/eval.hpp"
#include "evaluator/knowledge/code_key.hpp"
#include "evaluator/knowledge/derived_cache.hpp"

namespace spelunk {

namespace {

std::string dm_key(const DataModel& model, const Dataset& d) { return "dm:" + model.name + "/" + d.path; }

// Copies one row's value of `from` into `to` (another dictionary), re-coding once per code.
class Recoder {
 public:
  Recoder(const Column& from, Column& to) : from_(from), to_(to), single_(from.dict().size() + 1, kUnset) {}
  Code operator()(Code c) {
    if (c == kAbsent) return kAbsent;
    if (!Column::is_multi(c)) {
      Code& slot = single_[c];
      if (slot == kUnset) {
        std::string_view v = from_.dict().value(c);
        slot = to_.code_for({&v, 1});
      }
      return slot;
    }
    auto [it, fresh] = multi_.try_emplace(c, kAbsent);
    if (fresh) {
      std::vector<std::string_view> values;
      for (Code x : from_.list(c)) values.push_back(from_.dict().value(x));
      it->second = to_.code_for(values);
    }
    return it->second;
  }

 private:
  static constexpr Code kUnset = ~0u;
  const Column& from_;
  Column& to_;
  std::vector<Code> single_;
  std::unordered_map<Code, Code> multi_;
};

std::unique_ptr<Column> finished(std::unique_ptr<Column> col, std::size_t rows) {
  col->resize(rows);
  col->optimize_layout();
  return col;
}

}  // namespace

const RowSet& Knowledge::dataset_rows(const std::shared_ptr<const Store>& store, const DataModel& model,
                                      const Dataset& d, const ast::Position& pos) const {
  std::lock_guard lock(derived_cache(store).mutex);
  if (!d.unusable.empty())
    throw QueryError{"dataset " + model.name + "." + d.path + " cannot be searched: " + d.unusable + " (" + d.origin + ")", pos};
  DerivedCache& cache = derived_cache(store);
  const std::string key = dm_key(model, d);
  if (auto it = cache.rows.find(key); it != cache.rows.end()) return *it->second;
  const Dataset* parent = model.parent_of(d);
  RowSet rows = parent ? dataset_rows(store, model, *parent, pos) : RowSet(store->rows(), true);
  auto lookup = [&](std::string_view f) -> const Column* {
    return parent ? value_before(store, model, *parent, parent->calculations.size(), f, pos) : column(store, f);
  };
  for (std::size_t i = 0; i < d.constraints.size(); ++i) {
    const ast::SearchExpr& expr =
        parsed_search(key + "#" + std::to_string(i), d.constraints[i], d.origin + " constraint", pos);
    if (rows.none()) break;
    SearchContext context;
    rows = filter_store(expr, *store, lookup, context, rows);
  }
  for (const auto& f : d.fields) {
    if (!f.required || is_base_event_field(f.name)) continue;
    const Column* col = value_before(store, model, d, d.calculations.size(), f.name, pos);
    RowSet present(store->rows());
    if (col) col->for_each_present(0, store->rows(), [&](std::size_t row, Code) { present.set(row); });
    rows &= present;
  }
  return *cache.rows.emplace(key, std::make_unique<RowSet>(std::move(rows))).first->second;
}

// The value of `field` as the first `calculations` calculations of `d` leave it: the nearest
// earlier calculation of it in the lineage, else the event's field.
const Column* Knowledge::value_before(const std::shared_ptr<const Store>& store, const DataModel& model,
                                      const Dataset& d, std::size_t calculations, std::string_view field,
                                      const ast::Position& pos) const {
  const Dataset* at = &d;
  std::size_t limit = calculations;
  for (std::size_t depth = 0; at && depth <= model.datasets.size(); ++depth) {
    for (std::size_t i = std::min(limit, at->calculations.size()); i-- > 0;)
      if (at->calculations[i].outputs[0] == field)
        return calculation_column(store, model, *at, i, std::string(field), pos);
    at = model.parent_of(*at);
    if (at) limit = at->calculations.size();
  }
  return column(store, field);
}

const Column* Knowledge::calculation_column(const std::shared_ptr<const Store>& store, const DataModel& model,
                                            const Dataset& owner, std::size_t index, const std::string& field,
                                            const ast::Position& pos) const {
  DerivedCache& cache = derived_cache(store);
  const std::string key = dm_key(model, owner) + "#calc" + std::to_string(index) + "/" + field;
  if (auto it = cache.columns.find(key); it != cache.columns.end()) return it->second.get();
  const DatasetCalculation& calc = owner.calculations[index];
  const RowSet& rows = dataset_rows(store, model, owner, pos);
  std::vector<std::string> inputs = referenced_fields(calc.expr);
  std::sort(inputs.begin(), inputs.end());
  inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
  const bool per_row = std::find_if(inputs.begin(), inputs.end(), [](const std::string& f) {
                         return f == "_time" || f == "_raw";
                       }) != inputs.end();
  std::vector<const Column*> columns;
  for (const auto& f : inputs) columns.push_back(per_row && (f == "_time" || f == "_raw") ? nullptr
                                                                                         : value_before(store, model, owner, index, f, pos));
  std::size_t row_now = 0;
  EvalScope scope;
  scope.field = [&](std::string_view name) -> Value {
    if (name == "_time") return Value::of(static_cast<double>(store->times()[row_now]) / kMicrosPerSecond);
    if (name == "_raw") return Value::of(store->raw().get(row_now));
    for (std::size_t i = 0; i < inputs.size(); ++i)
      if (inputs[i] == name) return store_value(columns[i], row_now);
    return Value::null();
  };
  auto col = std::make_unique<Column>(field);
  auto code_of_value = [&](const Value& v) -> Code {
    if (v.is_null()) return kAbsent;
    std::vector<std::string> texts = v.is_multi() ? v.multi : std::vector<std::string>{v.to_string()};
    std::vector<std::string_view> views(texts.begin(), texts.end());
    return col->code_for(views);
  };
  std::unordered_map<std::string, Code> memo;
  std::string input_key;
  // One number per input combination when the codes pack into 64 bits: a table while the key
  // range is small, a hash map beyond.
  constexpr Code kUnset = ~0u;
  const CodeKey packed(columns);
  std::uint64_t range = 1;
  for (const Column* c : columns) range *= c ? c->dict().size() + 1 : 1;
  std::vector<Code> by_small_key(packed.packed() && range <= (std::uint64_t{1} << 20) ? range : 0, kUnset);
  std::unordered_map<std::uint64_t, Code> by_key;
  try {
    rows.for_each([&](std::size_t row) {
      row_now = row;
      if (per_row) { col->set_code(row, code_of_value(evaluate(calc.expr, scope))); return; }
      if (packed.packed()) {
        const std::uint64_t key = packed.key(row);
        if (key < by_small_key.size()) {  // the common case: a few thousand combinations at most
          Code& slot = by_small_key[key];
          if (slot == kUnset) slot = code_of_value(evaluate(calc.expr, scope));
          col->set_code(row, slot);
          return;
        }
        auto [it, fresh] = by_key.try_emplace(key, kAbsent);
        if (fresh) it->second = code_of_value(evaluate(calc.expr, scope));
        col->set_code(row, it->second);
        return;
      }
      input_key.clear();
      for (const Column* c : columns) {
        Code code = c ? c->code(row) : kAbsent;
        input_key.append(reinterpret_cast<const char*>(&code), sizeof code);
      }
      auto [it, fresh] = memo.try_emplace(input_key, kAbsent);
      if (fresh) it->second = code_of_value(evaluate(calc.expr, scope));
      col->set_code(row, it->second);
    });
  } catch (const EvalError& e) {
    throw QueryError{owner.origin + ": calculation of " + field + " (`" + calc.expression + "`): " + e.message, pos};
  }
  const Column* out = col.get();
  cache.columns.emplace(key, finished(std::move(col), store->rows()));
  return out;
}

const Column* Knowledge::dataset_column(const std::shared_ptr<const Store>& store, const DataModel& model,
                                        const Dataset& d, std::string_view field, bool only_rows,
                                        const ast::Position& pos) const {
  std::lock_guard lock(derived_cache(store).mutex);
  const Column* value = value_before(store, model, d, d.calculations.size(), field, pos);
  if (!only_rows || !value) return value;
  DerivedCache& cache = derived_cache(store);
  const std::string key = dm_key(model, d) + "#only/" + std::string(field);
  if (auto it = cache.columns.find(key); it != cache.columns.end()) return it->second.get();
  const RowSet& rows = dataset_rows(store, model, d, pos);
  auto col = std::make_unique<Column>(std::string(field));
  Recoder recode(*value, *col);
  rows.for_each([&](std::size_t row) { col->set_code(row, recode(value->code(row))); });
  const Column* out = col.get();
  cache.columns.emplace(key, finished(std::move(col), store->rows()));
  return out;
}

const Column* Knowledge::nodename_column(const std::shared_ptr<const Store>& store, const DataModel& model,
                                         const ast::Position& pos) const {
  DerivedCache& cache = derived_cache(store);
  std::lock_guard lock(cache.mutex);
  const std::string key = "dm:" + model.name + "#nodename";
  if (auto it = cache.columns.find(key); it != cache.columns.end()) return it->second.get();
  std::vector<const RowSet*> members;
  std::vector<std::string> paths;
  for (const auto& d : model.datasets) {
    if (!d.unusable.empty()) continue;
    members.push_back(&dataset_rows(store, model, d, pos));
    paths.push_back(d.path);
  }
  auto col = std::make_unique<Column>("nodename");
  fill_membership_column(members, paths, store->rows(), *col);
  const Column* out = col.get();
  cache.columns.emplace(key, finished(std::move(col), store->rows()));
  return out;
}

const Column* Knowledge::filled_column(const std::shared_ptr<const Store>& store, const Column* column,
                                       const std::string& value) const {
  DerivedCache& cache = derived_cache(store);
  std::lock_guard lock(cache.mutex);
  const std::string key = "fill:" + std::to_string(reinterpret_cast<std::uintptr_t>(column)) + "=" + value;
  if (auto it = cache.columns.find(key); it != cache.columns.end()) return it->second.get();
  auto col = std::make_unique<Column>(column ? column->name() : std::string("fillnull"));
  std::string_view v = value;
  const Code fill = col->code_for({&v, 1});
  if (column) {
    Recoder recode(*column, *col);
    auto codes = column->codes();
    for (std::size_t row = 0; row < store->rows(); ++row) {
      const Code c = row < codes.size() ? codes[row] : kAbsent;
      col->set_code(row, c == kAbsent ? fill : recode(c));
    }
  } else {
    for (std::size_t row = 0; row < store->rows(); ++row) col->set_code(row, fill);
  }
  const Column* out = col.get();
  cache.columns.emplace(key, finished(std::move(col), store->rows()));
  return out;
}

}  // namespace spelunk
