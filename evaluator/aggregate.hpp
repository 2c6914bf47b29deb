// Stats functions shared by stats, eventstats, streamstats, timechart and top (R8.7f).
//
// An AggSpec is one compiled `func(field) AS name`; an AggState accumulates the values one group
// sees and produces the function's result. Grouping rows by by-fields lives here too, with a fast
// path for event views: when every by-field is a store column, rows are grouped by dictionary code
// (no string hashing per event) and dc()/values() of store columns collect codes, not strings.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "evaluator/command.hpp"
#include "evaluator/result.hpp"
#include "parser/ast.hpp"

namespace spelunk {

enum class AggKind {
  Count,       // count: rows in the group
  CountField,  // count(X): values of X seen
  CountEval,   // count(eval(expr)): rows where expr is true
  Dc, Values, List, Min, Max, Avg, Sum, Earliest, Latest, First, Last,
  Median, Mode, Range, Stdev, Stdevp, Var, Varp, Perc, Sumsq,
  Sparkline,   // sparkline: the group's event count per time bucket
};

struct AggSpec {
  AggKind kind = AggKind::Count;
  std::string field;      // empty for count / count(eval)
  double percentile = 0;  // perc<N>
  const ast::Expr* eval = nullptr;  // count(eval(...)): points into the AST (outlives the run)
  std::string as;         // output column
  // allnum=t (stats, eventstats): a numeric function of a field gives nothing for a group where
  // some value of the field is not a number (Search Reference, eventstats: "computes numerical
  // statistics on each field only if all of the values of that field are numerical").
  bool allnum = false;
  // sparkline: the buckets every group shares (set by the command from its input's time range).
  double spark_first = 0;  // start of the first bucket, epoch seconds
  double spark_span = 1;   // seconds
  std::size_t spark_buckets = 0;
};

// Fills the sparkline specs' buckets from the time range of `in` (see sparkline_span).
void plan_sparklines(std::vector<AggSpec>& specs, const Result& in);

// Throws QueryError for an unknown function or a missing argument.
AggSpec compile_aggregation(const ast::Aggregation& agg);
std::vector<AggSpec> compile_aggregations(const std::vector<ast::Aggregation>& aggs, bool allnum = false);

// Maximum number of values list() keeps (limits.conf [stats] list_maxsize).
inline constexpr std::size_t kListMaxSize = 100;

// Everything one function needs for one group. Only the members its kind uses are touched.
class AggState {
 public:
  explicit AggState(AggKind kind) : kind_(kind) {}

  void add_row() { ++rows_; }                       // for count / count(eval) (caller decides)
  void add_rows(std::uint64_t n) { rows_ += n; }    // count, for n rows at once
  void add_spark(double time_s, const AggSpec& spec);  // sparkline: one event at time_s
  // One value of the field (multi-values: call once per value). time_s = the row's _time.
  void add(std::string_view text, double time_s);
  void add(const Value& v, double time_s);          // every value of v
  // A value given as a store dictionary code (dc/values keep codes; others read the text).
  void add_code(Code code, const Column& column, double time_s);

  // dc/values of a store column: keep codes in a bitset of `codes` bits instead of a hash set
  // (chosen by aggregate_rows when groups x dictionary size is small enough).
  void use_bitset(std::size_t codes);
  // Adds what `other` (same kind, fed other rows) saw. Counts, dc and values only: the functions
  // whose result does not depend on the order rows came in (mergeable()).
  void merge(const AggState& other);
  static bool mergeable(AggKind kind) {
    return kind == AggKind::Count || kind == AggKind::CountField || kind == AggKind::Dc || kind == AggKind::Values;
  }

  Value result(const AggSpec& spec) const;

 private:
  void add_number(double d);

  AggKind kind_;
  std::uint64_t rows_ = 0;   // count, count(X), count(eval)
  // numeric state (min/max/avg/sum/range/stdev/var)
  std::uint64_t nums_ = 0;
  double sum_ = 0, mean_ = 0, m2_ = 0, min_num_ = 0, max_num_ = 0;
  // string state (min/max over non-numbers, first/last/earliest/latest)
  bool has_str_ = false;
  std::string min_str_, max_str_;
  std::string pick_;         // first / last / earliest / latest
  double pick_time_ = 0;
  bool picked_ = false;
  bool non_numeric_ = false;  // a numeric function saw a value that is not a number
  std::vector<std::string> items_;     // list, mode
  std::vector<double> numbers_;        // median, perc, sparkline (counts per bucket)
  std::unordered_set<std::string> distinct_;  // dc, values (text values)
  std::unordered_set<Code> codes_;            // dc, values (store codes of code_column_)
  std::vector<std::uint64_t> bits_;           // dc, values: codes as a bitset (use_bitset)
  std::size_t bit_count_ = 0;                 // distinct codes in bits_
  std::vector<Code> distinct_codes() const;
  const Column* code_column_ = nullptr;
};

std::vector<AggState> make_states(const std::vector<AggSpec>& specs);
std::vector<Value> results_of(const std::vector<AggState>& states, const std::vector<AggSpec>& specs);

// Feeds the values of one row to the states of every spec (reads store columns as codes).
class RowFeeder {
 public:
  RowFeeder(const Result& in, const std::vector<AggSpec>& specs, const ExecContext& ctx);
  ~RowFeeder();
  RowFeeder(const RowFeeder&) = delete;
  RowFeeder& operator=(const RowFeeder&) = delete;
  // Each target is one group's states (one per spec, from make_states).
  void feed(std::size_t row, const std::vector<std::vector<AggState>*>& targets);
  void feed(std::size_t row, std::vector<AggState>& target);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Rows grouped by by-field values, with one AggState per (group, spec).
struct Groups {
  std::vector<std::vector<Value>> keys;      // per group: its by-values, in by order
  std::vector<std::vector<AggState>> states; // per group: one per spec
  // Per row (when requested): the groups it fell in (none when a by-field is missing).
  std::vector<std::vector<std::uint32_t>> row_groups;
};

// Groups `in` by `by` (rows missing a by-field are dropped, multi-valued by-fields put the row in
// each value's group) and feeds every spec. ctx is needed by count(eval(...)).
Groups aggregate_rows(const Result& in, const std::vector<std::string>& by,
                      const std::vector<AggSpec>& specs, const ExecContext& ctx,
                      bool want_row_groups = false);

// results_of for every group, on up to two threads (groups are independent).
std::vector<std::vector<Value>> group_results(const Groups& groups, const std::vector<AggSpec>& specs,
                                              unsigned threads);

// Group indices in output order: ascending by-values (R8.7e), compared with compare_auto.
std::vector<std::size_t> sorted_group_order(const Groups& groups);

// SPL's "auto" ordering of two values: both numeric -> numeric order; a number sorts before a
// string; strings by byte order. Returns <0, 0, >0.
int compare_auto(std::string_view a, std::string_view b);
int compare_auto(const Value& a, const Value& b);

// The _time of every row of `in` in seconds (0 when the row has none).
std::vector<double> row_times(const Result& in);

}  // namespace spelunk
