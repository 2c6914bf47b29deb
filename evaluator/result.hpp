// The one result type every pipeline command consumes and produces.
//
// A Result is columnar. Right after the search filter it is a *view* of store events: the store
// rows of the matching events (newest first) and columns that read straight from the store, so
// nothing is copied. Commands that only choose or reorder rows (head, sort, where, dedup) keep
// the view; commands that compute values (eval, stats) add or produce materialized columns.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "evaluator/value.hpp"
#include "storage/store.hpp"

namespace spelunk {

struct ResultColumn {
  enum class Source : unsigned char {
    StoreField,    // values from store_column at the row's event
    StoreTime,     // _time of the row's event
    StoreRaw,      // _raw of the row's event
    Materialized,  // values[row]
  };
  std::string name;
  Source source = Source::Materialized;
  const Column* store_column = nullptr;  // StoreField
  std::vector<Value> values;             // Materialized: one per row
};

class Result {
 public:
  Result() = default;
  // A view of the given store rows (in the order given) with every store field as a column,
  // plus _time and _raw.
  static Result events(std::shared_ptr<const Store> store, std::vector<std::uint32_t> rows);

  std::size_t size() const { return rows_; }
  const std::vector<ResultColumn>& columns() const { return columns_; }
  // Index of a column by exact name, or -1.
  int find(std::string_view name) const;
  Value get(std::size_t col, std::size_t row) const;
  Value get(std::string_view name, std::size_t row) const;  // null when no such column
  bool is_event_view() const { return store_ != nullptr; }
  const Store* store() const { return store_.get(); }
  std::shared_ptr<const Store> store_ptr() const { return store_; }
  // Store row of each result row (event views only).
  const std::vector<std::uint32_t>& event_rows() const { return event_rows_; }

  // --- building and changing ---
  static Result table(std::vector<std::string> names);           // empty, materialized
  void add_row(std::vector<Value> row);                           // one value per column
  // Sets (or creates, at the end) a materialized column; values.size() must equal size().
  void set_column(std::string name, std::vector<Value> values);
  void remove_column(std::string_view name);
  // Event views: reads `name` from `column` (a calculated field's column, over the same store
  // rows), replacing a column of that name or adding one at the end.
  void set_store_column(std::string name, const Column* column);
  // Event views: like set_store_column, for a column the Result keeps alive itself (a column
  // computed over store rows by a command, e.g. spath output: 4 bytes a row, not a Value).
  void set_owned_column(std::string name, std::shared_ptr<const Column> column);
  void rename_column(std::string_view from, std::string to);      // replaces an existing `to`
  void reorder_columns(const std::vector<std::string>& names);    // keeps only these, this order
  // Keeps the rows listed, in that order (a row may repeat).
  void select_rows(const std::vector<std::size_t>& rows);
  void append(const Result& other);  // rows of other after ours; columns united by name

 private:
  std::shared_ptr<const Store> store_;
  std::vector<std::uint32_t> event_rows_;
  std::vector<ResultColumn> columns_;
  std::vector<std::shared_ptr<const Column>> owned_;  // columns set by set_owned_column
  std::size_t rows_ = 0;
};

}  // namespace spelunk
