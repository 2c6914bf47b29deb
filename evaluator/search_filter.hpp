// The search expression (leading search, `| search`) as a filter.
//
// Over a Store: each `field op value` is decided once per distinct dictionary value, then applied
// to the column's codes (any value of a multi-value, R4.3); AND / OR / NOT are bit operations on
// RowSets (R2.4 precedence is the parser's; R4.1 `!=` needs the field, NOT does not). Bare terms
// and phrases scan `_raw` (raw_terms.hpp), only over rows still possible, on two threads.
// Over materialized rows (after stats): the same predicates, row by row.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "evaluator/glob.hpp"
#include "evaluator/result.hpp"
#include "evaluator/row_set.hpp"
#include "parser/ast.hpp"
#include "storage/store.hpp"

namespace spelunk {

// The column to read for a field name (a store field or a calculated field), or nullptr when no
// event has the field.
using ColumnLookup = std::function<const Column*(std::string_view field)>;

struct SearchContext {
  std::int64_t now_us = 0;  // for earliest= / latest=
  std::string tz = "UTC";
  unsigned threads = 2;     // the raw-text scan splits rows across this many threads
  // Set from another thread (Ctrl-C in the REPL) to stop a long scan: checked between blocks of
  // rows, then QueryError "search cancelled" is raised. Null: cannot be cancelled.
  const std::atomic<bool>* cancel = nullptr;
  // Runs a subsearch's pipeline (`[search ...]`); without it subsearches raise QueryError.
  std::function<Result(const ast::Pipeline&)> run_subsearch;
};

// Splunk's `format` of a subsearch result: (f1="v1" AND f2="v2") OR (...), one group per row,
// over the fields not starting with `_`; a row without such fields adds nothing. No rows: an
// expression that matches nothing.
ast::SearchExpr subsearch_filter(const Result& rows, const ast::Position& pos);

// Rows of `store` the expression selects. Throws QueryError (evaluator/command.hpp) for what
// cannot run (bad time modifier, subsearch not supported yet).
RowSet filter_store(const ast::SearchExpr& expr, const Store& store, const ColumnLookup& columns,
                    const SearchContext& context);
// The same over `candidates` only (a dataset's events, for tstats and data model constraints).
RowSet filter_store(const ast::SearchExpr& expr, const Store& store, const ColumnLookup& columns,
                    const SearchContext& context, const RowSet& candidates);

// Does row `row` of a (materialized) Result satisfy the expression? Terms read its `_raw`
// column when it has one, else they do not match (R8.1).
bool match_result_row(const ast::SearchExpr& expr, const Result& result, std::size_t row,
                      const SearchContext& context);

// One field comparison value, as `search` understands it (glob, CIDR, numeric <, >): shared by
// the column filter and the row filter.
class ValueTest {
 public:
  ValueTest(ast::CompareOp op, const ast::SearchValue& value);
  // The test for one value of the field (for Ne: "this value differs").
  bool test(std::string_view value) const;
  ast::CompareOp op() const { return op_; }

 private:
  bool test_order(std::string_view value) const;
  bool test_cidr(std::string_view value) const;

  ast::CompareOp op_;
  GlobPattern glob_;
  std::string literal_;
  double number_ = 0;
  bool numeric_ = false;
  // CIDR block: family 4 or 6, address bytes and prefix length.
  int cidr_family_ = 0;
  unsigned char cidr_addr_[16] = {};
  int cidr_bits_ = 0;
};

}  // namespace spelunk
