#include "evaluator/result.hpp"
#include "evaluator/store_value.hpp"

#include <stdexcept>

namespace spelunk {

Value store_value(const Column& column, std::uint32_t row) {
  auto codes = column.values(row);
  if (codes.empty()) return Value::null();
  if (codes.size() == 1) return Value::of(column.dict().value(codes[0]));
  std::vector<std::string> values;
  values.reserve(codes.size());
  for (Code c : codes) values.emplace_back(column.dict().value(c));
  return Value::list(std::move(values));
}

Result Result::events(std::shared_ptr<const Store> store, std::vector<std::uint32_t> rows) {
  Result r;
  r.rows_ = rows.size();
  r.event_rows_ = std::move(rows);
  ResultColumn time;
  time.name = "_time";
  time.source = ResultColumn::Source::StoreTime;
  r.columns_.push_back(std::move(time));
  ResultColumn raw;
  raw.name = "_raw";
  raw.source = ResultColumn::Source::StoreRaw;
  r.columns_.push_back(std::move(raw));
  for (const auto& c : store->columns()) {
    ResultColumn col;
    col.name = c->name();
    col.source = ResultColumn::Source::StoreField;
    col.store_column = c.get();
    r.columns_.push_back(std::move(col));
  }
  r.store_ = std::move(store);
  return r;
}

int Result::find(std::string_view name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i].name == name) return static_cast<int>(i);
  return -1;
}

Value Result::get(std::size_t col, std::size_t row) const {
  const ResultColumn& c = columns_[col];
  switch (c.source) {
    case ResultColumn::Source::Materialized: return c.values[row];
    case ResultColumn::Source::StoreField: return store_value(*c.store_column, event_rows_[row]);
    case ResultColumn::Source::StoreTime:
      return Value::of(static_cast<double>(store_->times()[event_rows_[row]]) / kMicrosPerSecond);
    case ResultColumn::Source::StoreRaw: return Value::of(store_->raw().get(event_rows_[row]));
  }
  return Value::null();
}

Value Result::get(std::string_view name, std::size_t row) const {
  int c = find(name);
  return c < 0 ? Value::null() : get(static_cast<std::size_t>(c), row);
}

Result Result::table(std::vector<std::string> names) {
  Result r;
  for (auto& n : names) {
    ResultColumn c;
    c.name = std::move(n);
    r.columns_.push_back(std::move(c));
  }
  return r;
}

void Result::add_row(std::vector<Value> row) {
  if (row.size() != columns_.size()) throw std::logic_error("add_row: wrong number of values");
  if (store_) throw std::logic_error("add_row on an event view");
  for (std::size_t i = 0; i < row.size(); ++i) columns_[i].values.push_back(std::move(row[i]));
  ++rows_;
}

void Result::set_column(std::string name, std::vector<Value> values) {
  if (values.size() != rows_) throw std::logic_error("set_column: wrong number of values");
  int i = find(name);
  if (i < 0) {
    ResultColumn c;
    c.name = std::move(name);
    c.values = std::move(values);
    columns_.push_back(std::move(c));
    return;
  }
  ResultColumn& c = columns_[static_cast<std::size_t>(i)];
  c.source = ResultColumn::Source::Materialized;
  c.store_column = nullptr;
  c.values = std::move(values);
}

void Result::set_store_column(std::string name, const Column* column) {
  if (!store_) throw std::logic_error("set_store_column on a materialized result");
  if (!column) { remove_column(name); return; }
  int i = find(name);
  if (i < 0) {
    columns_.emplace_back();
    i = static_cast<int>(columns_.size() - 1);
  }
  ResultColumn& c = columns_[static_cast<std::size_t>(i)];
  c.name = std::move(name);
  c.source = ResultColumn::Source::StoreField;
  c.store_column = column;
  c.values.clear();
}

void Result::set_owned_column(std::string name, std::shared_ptr<const Column> column) {
  set_store_column(std::move(name), column.get());
  if (column) owned_.push_back(std::move(column));
}

void Result::remove_column(std::string_view name) {
  int i = find(name);
  if (i >= 0) columns_.erase(columns_.begin() + i);
}

void Result::rename_column(std::string_view from, std::string to) {
  if (from == to) return;
  int i = find(from);
  if (i < 0) return;
  remove_column(to);
  i = find(from);
  columns_[static_cast<std::size_t>(i)].name = std::move(to);
}

void Result::reorder_columns(const std::vector<std::string>& names) {
  std::vector<ResultColumn> out;
  out.reserve(names.size());
  for (const auto& n : names) {
    int i = find(n);
    if (i >= 0) out.push_back(std::move(columns_[static_cast<std::size_t>(i)]));
    // Moved-from columns keep their name until the swap below; mark them taken.
    if (i >= 0) columns_[static_cast<std::size_t>(i)].name.clear();
  }
  columns_ = std::move(out);
}

void Result::select_rows(const std::vector<std::size_t>& rows) {
  for (auto& c : columns_) {
    if (c.source != ResultColumn::Source::Materialized) continue;
    std::vector<Value> picked;
    picked.reserve(rows.size());
    for (std::size_t r : rows) picked.push_back(c.values[r]);
    c.values = std::move(picked);
  }
  if (store_) {
    std::vector<std::uint32_t> picked;
    picked.reserve(rows.size());
    for (std::size_t r : rows) picked.push_back(event_rows_[r]);
    event_rows_ = std::move(picked);
  }
  rows_ = rows.size();
}

namespace {
// Turns every column into a materialized one (needed before mixing rows of two results).
void materialize(Result& r, std::vector<ResultColumn>& cols, std::size_t rows) {
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (cols[i].source == ResultColumn::Source::Materialized) continue;
    std::vector<Value> values;
    values.reserve(rows);
    for (std::size_t row = 0; row < rows; ++row) values.push_back(r.get(i, row));
    cols[i].values = std::move(values);
  }
  for (auto& c : cols) {
    c.source = ResultColumn::Source::Materialized;
    c.store_column = nullptr;
  }
}
}  // namespace

void Result::append(const Result& other) {
  Result copy = other;
  materialize(*this, columns_, rows_);
  materialize(copy, copy.columns_, copy.rows_);
  store_.reset();
  event_rows_.clear();
  for (auto& oc : copy.columns_) {
    if (find(oc.name) < 0) {
      ResultColumn c;
      c.name = oc.name;
      c.values.assign(rows_, Value::null());
      columns_.push_back(std::move(c));
    }
  }
  for (auto& c : columns_) {
    int oi = copy.find(c.name);
    for (std::size_t r = 0; r < copy.rows_; ++r)
      c.values.push_back(oi < 0 ? Value::null() : copy.columns_[static_cast<std::size_t>(oi)].values[r]);
  }
  rows_ += copy.rows_;
}

}  // namespace spelunk
