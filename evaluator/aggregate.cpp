#include "evaluator/aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <thread>
#include <unordered_map>

#include "evaluator/eval.hpp"
#include "evaluator/two_threads.hpp"

namespace spelunk {

// ------------------------------------------------------------------ compiling

namespace {

struct KindName {
  const char* name;
  AggKind kind;
};

constexpr KindName kKinds[] = {
    {"count", AggKind::Count},     {"dc", AggKind::Dc},         {"values", AggKind::Values},
    {"list", AggKind::List},       {"min", AggKind::Min},       {"max", AggKind::Max},
    {"avg", AggKind::Avg},         {"mean", AggKind::Avg},      {"sum", AggKind::Sum},
    {"earliest", AggKind::Earliest}, {"latest", AggKind::Latest}, {"first", AggKind::First},
    {"last", AggKind::Last},       {"median", AggKind::Median}, {"mode", AggKind::Mode},
    {"range", AggKind::Range},     {"stdev", AggKind::Stdev},   {"stdevp", AggKind::Stdevp},
    {"var", AggKind::Var},         {"varp", AggKind::Varp},     {"sumsq", AggKind::Sumsq},
    {"c", AggKind::Count},         {"distinct_count", AggKind::Dc},
    {"sparkline", AggKind::Sparkline},
};

// perc95, p95, exactperc95, upperperc95 -> 95 (all computed exactly here).
bool parse_percentile(const std::string& func, double& out) {
  for (const char* prefix : {"exactperc", "upperperc", "perc", "p"}) {
    std::string_view p(prefix);
    if (func.size() > p.size() && func.compare(0, p.size(), p) == 0)
      return parse_number(std::string_view(func).substr(p.size()), out) && out >= 0 && out <= 100;
  }
  return false;
}

}  // namespace

AggSpec compile_aggregation(const ast::Aggregation& agg) {
  AggSpec spec;
  spec.as = agg.as;
  if (agg.field) spec.field = *agg.field;
  bool known = false;
  for (const auto& k : kKinds)
    if (agg.func == k.name) { spec.kind = k.kind; known = true; }
  if (!known && parse_percentile(agg.func, spec.percentile)) { spec.kind = AggKind::Perc; known = true; }
  if (!known) throw QueryError{"stats function '" + agg.func + "' is not supported", agg.pos};
  if (agg.eval_arg) {
    // count(eval(cond)) counts rows where cond is true; any other function aggregates the
    // expression's value per row, as if it were a field (`sum(eval(x*2)) AS s`).
    if (spec.kind == AggKind::Count) spec.kind = AggKind::CountEval;
    spec.field.clear();
    spec.eval = &*agg.eval_arg;
    try {
      check_expression(*agg.eval_arg);
    } catch (const EvalError& e) {
      throw QueryError{e.message, e.pos};
    }
    return spec;
  }
  if (spec.kind == AggKind::Count) {
    if (!spec.field.empty()) spec.kind = AggKind::CountField;
    return spec;
  }
  if (spec.kind == AggKind::Sparkline) {
    if (!spec.field.empty() && spec.field != "count")
      throw QueryError{"sparkline(" + spec.field + "): only `sparkline` and `sparkline(count)` are supported", agg.pos};
    spec.field.clear();
    return spec;
  }
  if (spec.field.empty()) throw QueryError{agg.func + "() needs a field", agg.pos};
  return spec;
}

std::vector<AggSpec> compile_aggregations(const std::vector<ast::Aggregation>& aggs) {
  std::vector<AggSpec> out;
  out.reserve(aggs.size());
  for (const auto& a : aggs) out.push_back(compile_aggregation(a));
  return out;
}

// ------------------------------------------------------------------ ordering

int compare_auto(std::string_view a, std::string_view b) {
  double x = 0, y = 0;
  bool xa = parse_number(a, x), yb = parse_number(b, y);
  if (xa && yb) return x < y ? -1 : (x > y ? 1 : 0);
  if (xa != yb) return xa ? -1 : 1;
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int compare_auto(const Value& a, const Value& b) {
  if (a.type == Value::Type::Number && b.type == Value::Type::Number)
    return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
  return compare_auto(a.to_string(), b.to_string());
}

// ------------------------------------------------------------------ AggState

void AggState::add_number(double d) {
  if (nums_ == 0) {
    min_num_ = max_num_ = d;
  } else {
    min_num_ = std::min(min_num_, d);
    max_num_ = std::max(max_num_, d);
  }
  ++nums_;
  sum_ += d;
  double delta = d - mean_;  // Welford: stable variance
  mean_ += delta / static_cast<double>(nums_);
  m2_ += delta * (d - mean_);
}

void AggState::add(std::string_view text, double time_s) {
  double d = 0;
  switch (kind_) {
    case AggKind::Count:
    case AggKind::CountEval:
    case AggKind::Sparkline: return;  // fed by add_row / add_spark
    case AggKind::CountField: ++rows_; return;
    case AggKind::Dc:
    case AggKind::Values: distinct_.emplace(text); return;
    case AggKind::List:
      if (items_.size() < kListMaxSize) items_.emplace_back(text);
      return;
    case AggKind::Mode: items_.emplace_back(text); return;
    case AggKind::Min:
    case AggKind::Max:
      if (parse_number(text, d)) { add_number(d); return; }
      if (!has_str_ || text < min_str_) min_str_ = text;
      if (!has_str_ || text > max_str_) max_str_ = text;
      has_str_ = true;
      return;
    case AggKind::Avg: case AggKind::Sum: case AggKind::Range: case AggKind::Stdev:
    case AggKind::Stdevp: case AggKind::Var: case AggKind::Varp: case AggKind::Sumsq:
      if (parse_number(text, d)) {
        add_number(d);
        if (kind_ == AggKind::Sumsq) sum_ += d * d - d;  // sum_ holds the sum of squares
      }
      return;
    case AggKind::Median:
    case AggKind::Perc:
      if (parse_number(text, d)) numbers_.push_back(d);
      return;
    case AggKind::First:
      if (!picked_) { pick_ = text; picked_ = true; }
      return;
    case AggKind::Last: pick_ = text; picked_ = true; return;
    case AggKind::Earliest:
      if (!picked_ || time_s < pick_time_) { pick_ = text; pick_time_ = time_s; picked_ = true; }
      return;
    case AggKind::Latest:
      if (!picked_ || time_s > pick_time_) { pick_ = text; pick_time_ = time_s; picked_ = true; }
      return;
  }
}

void AggState::add(const Value& v, double time_s) {
  switch (v.type) {
    case Value::Type::Null: return;
    case Value::Type::Multi:
      for (const auto& s : v.multi) add(std::string_view(s), time_s);
      return;
    default: add(std::string_view(v.to_string()), time_s);
  }
}

void AggState::add_code(Code code, const Column& column, double time_s) {
  if ((kind_ == AggKind::Dc || kind_ == AggKind::Values) &&
      (code_column_ == nullptr || code_column_ == &column)) {
    code_column_ = &column;
    if (bits_.empty()) {
      codes_.insert(code);
      return;
    }
    std::uint64_t& word = bits_[code >> 6];
    const std::uint64_t bit = std::uint64_t{1} << (code & 63);
    bit_count_ += (word & bit) == 0;
    word |= bit;
    return;
  }
  add(column.dict().value(code), time_s);
}

void AggState::use_bitset(std::size_t codes) { bits_.assign((codes + 63) / 64, 0); }

void AggState::merge(const AggState& other) {
  rows_ += other.rows_;
  if (!code_column_) code_column_ = other.code_column_;
  distinct_.insert(other.distinct_.begin(), other.distinct_.end());
  codes_.insert(other.codes_.begin(), other.codes_.end());
  if (bits_.size() < other.bits_.size()) bits_.resize(other.bits_.size(), 0);
  bit_count_ = 0;
  for (std::size_t w = 0; w < bits_.size(); ++w) {
    if (w < other.bits_.size()) bits_[w] |= other.bits_[w];
    bit_count_ += static_cast<std::size_t>(__builtin_popcountll(bits_[w]));
  }
}

std::vector<Code> AggState::distinct_codes() const {
  std::vector<Code> out(codes_.begin(), codes_.end());
  for (std::size_t w = 0; w < bits_.size(); ++w)
    for (std::uint64_t word = bits_[w]; word != 0; word &= word - 1)
      out.push_back(static_cast<Code>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(word))));
  return out;
}

namespace {

Value number_or_null(bool has, double d) { return has ? Value::of(d) : Value::null(); }

// Splunk: "if you have an even number of events, the median is approximated to the higher of
// the two values" (stats functions doc).
double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Linear interpolation between closest ranks (exactperc).
double percentile_of(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  double rank = p / 100.0 * static_cast<double>(v.size() - 1);
  auto lo = static_cast<std::size_t>(std::floor(rank));
  std::size_t hi = std::min(lo + 1, v.size() - 1);
  double frac = rank - static_cast<double>(lo);
  return v[lo] + (v[hi] - v[lo]) * frac;
}

// Most frequent value; ties go to the value seen first.
std::string mode_of(const std::vector<std::string>& items) {
  std::unordered_map<std::string_view, std::size_t> counts;
  std::string_view best;
  std::size_t best_count = 0;
  for (const auto& s : items) {
    std::size_t c = ++counts[s];
    if (c > best_count) { best = s; best_count = c; }
  }
  return std::string(best);
}

}  // namespace

Value AggState::result(const AggSpec& spec) const {
  const auto n = static_cast<double>(nums_);
  switch (kind_) {
    case AggKind::Count:
    case AggKind::CountEval:
    case AggKind::CountField: return Value::of(static_cast<double>(rows_));
    case AggKind::Sparkline: {
      std::vector<std::string> out{"##__SPARKLINE__##"};
      for (std::size_t b = 0; b < spec.spark_buckets; ++b)
        out.push_back(format_number(b < numbers_.size() ? numbers_[b] : 0));
      return Value::list(std::move(out));
    }
    case AggKind::Dc:
    case AggKind::Values: {
      // Codes of one dictionary are distinct values: dc needs no strings.
      if (kind_ == AggKind::Dc && distinct_.empty())
        return Value::of(static_cast<double>(codes_.size() + bit_count_));
      std::vector<std::string> all(distinct_.begin(), distinct_.end());
      if (code_column_) {
        std::vector<Code> codes = distinct_codes();
        const Dictionary& dict = code_column_->dict();
        std::sort(codes.begin(), codes.end(), [&](Code a, Code b) { return dict.value(a) < dict.value(b); });
        all.reserve(all.size() + codes.size());
        for (Code c : codes) all.emplace_back(dict.value(c));
      }
      std::sort(all.begin(), all.end());
      all.erase(std::unique(all.begin(), all.end()), all.end());
      if (kind_ == AggKind::Dc) return Value::of(static_cast<double>(all.size()));
      return Value::list(std::move(all));
    }
    case AggKind::List: return Value::list(items_);
    case AggKind::Mode: return items_.empty() ? Value::null() : Value::of(mode_of(items_));
    // Numbers sort before strings (as in `sort`): min prefers numbers, max prefers strings.
    case AggKind::Min:
      if (nums_) return Value::of(min_num_);
      return has_str_ ? Value::of(min_str_) : Value::null();
    case AggKind::Max:
      if (has_str_) return Value::of(max_str_);
      return number_or_null(nums_ > 0, max_num_);
    case AggKind::Avg: return number_or_null(nums_ > 0, mean_);
    case AggKind::Sum:
    case AggKind::Sumsq: return number_or_null(nums_ > 0, sum_);
    case AggKind::Range: return number_or_null(nums_ > 0, max_num_ - min_num_);
    case AggKind::Var: return number_or_null(nums_ > 0, nums_ > 1 ? m2_ / (n - 1) : 0);
    case AggKind::Varp: return number_or_null(nums_ > 0, m2_ / n);
    case AggKind::Stdev: return number_or_null(nums_ > 0, nums_ > 1 ? std::sqrt(m2_ / (n - 1)) : 0);
    case AggKind::Stdevp: return number_or_null(nums_ > 0, std::sqrt(m2_ / n));
    case AggKind::Median: return numbers_.empty() ? Value::null() : Value::of(median_of(numbers_));
    case AggKind::Perc:
      return numbers_.empty() ? Value::null() : Value::of(percentile_of(numbers_, spec.percentile));
    case AggKind::First: case AggKind::Last: case AggKind::Earliest: case AggKind::Latest:
      return picked_ ? Value::of(pick_) : Value::null();
  }
  return Value::null();
}

// ------------------------------------------------------------------ grouping

std::vector<double> row_times(const Result& in) {
  std::vector<double> out(in.size(), 0.0);
  int col = in.find("_time");
  if (col < 0) return out;
  const ResultColumn& c = in.columns()[static_cast<std::size_t>(col)];
  if (c.source == ResultColumn::Source::StoreTime) {
    auto times = in.store()->times();
    const auto& rows = in.event_rows();
    for (std::size_t r = 0; r < out.size(); ++r)
      out[r] = static_cast<double>(times[rows[r]]) / kMicrosPerSecond;
    return out;
  }
  for (std::size_t r = 0; r < out.size(); ++r) {
    double d = 0;
    if (in.get(static_cast<std::size_t>(col), r).as_number(d)) out[r] = d;
  }
  return out;
}

namespace {

bool needs_time(const std::vector<AggSpec>& specs) {
  for (const auto& s : specs)
    if (s.kind == AggKind::Earliest || s.kind == AggKind::Latest || s.kind == AggKind::Sparkline) return true;
  return false;
}

// Reads one field of a Result row by row; store columns are read as codes.
struct FieldReader {
  const Result* in = nullptr;
  int col = -1;
  const Column* store_column = nullptr;  // set when the column reads straight from the store

  FieldReader(const Result& r, std::string_view name) : in(&r), col(r.find(name)) {
    if (col >= 0) {
      const auto& c = r.columns()[static_cast<std::size_t>(col)];
      if (c.source == ResultColumn::Source::StoreField) {
        store_column = c.store_column;
        dense_codes = store_column->codes();  // a sparse column's binary search per row costs more
      }
    }
  }
  bool missing() const { return col < 0; }
  std::span<const Code> codes(std::size_t row) const {
    const std::uint32_t event = in->event_rows()[row];
    if (event >= dense_codes.size() || dense_codes[event] == kAbsent) return {};
    if (Column::is_multi(dense_codes[event])) return store_column->list(dense_codes[event]);
    return dense_codes.subspan(event, 1);
  }
  std::span<const Code> dense_codes;  // one code per store row
  Value value(std::size_t row) const { return in->get(static_cast<std::size_t>(col), row); }
};

// Keeps a Number by-value as a number (e.g. _time after bin), anything else as text.
std::vector<Value> split_values(const Value& v) {
  std::vector<Value> out;
  if (v.type == Value::Type::Number || v.type == Value::Type::String) out.push_back(v);
  else if (v.type == Value::Type::Multi)
    for (const auto& s : v.multi) out.push_back(Value::of(s));
  else if (v.type == Value::Type::Bool) out.push_back(Value::of(v.to_string()));
  return out;
}

void append_key_part(std::string& key, std::string_view part) {
  auto len = static_cast<std::uint32_t>(part.size());
  key.append(reinterpret_cast<const char*>(&len), sizeof len);
  key.append(part);
}

class Grouper {
 public:
  Grouper(const Result& in, const std::vector<std::string>& by) {
    for (const auto& f : by) readers_.emplace_back(in, f);
    all_store_ = in.is_event_view();
    for (const auto& r : readers_) {
      if (r.missing()) missing_ = true;
      if (!r.store_column) all_store_ = false;
    }
    if (all_store_ && readers_.size() == 1)
      single_code_.assign(readers_[0].store_column->dict().size() + 1, -1);
    if (all_store_ && readers_.size() >= 2) plan_code_tuples();
  }

  // At most this many groups can appear (0: unknown).
  std::size_t group_bound() const {
    if (missing_) return 0;
    if (readers_.empty()) return 1;
    return single_code_.empty() ? 0 : single_code_.size();
  }

  // Fills `out` with the groups of `row` (creating them as needed).
  void groups_of(std::size_t row, std::vector<std::uint32_t>& out, Groups& g) {
    out.clear();
    if (missing_) return;
    if (readers_.empty()) {
      if (g.keys.empty()) new_group(g, {});
      out.push_back(0);
      return;
    }
    if (all_store_ && readers_.size() == 1) return single_store(row, out, g);
    if (!radix_.empty()) return code_tuple(row, out, g);
    generic(row, out, g);
  }

 private:
  std::uint32_t new_group(Groups& g, std::vector<Value> key) {
    g.keys.push_back(std::move(key));
    g.states.emplace_back();
    return static_cast<std::uint32_t>(g.keys.size() - 1);
  }

  // One store by-field: the dictionary code is the group key.
  void single_store(std::size_t row, std::vector<std::uint32_t>& out, Groups& g) {
    const Column& col = *readers_[0].store_column;
    for (Code c : readers_[0].codes(row)) {
      std::int32_t& gid = single_code_[c];
      if (gid < 0) gid = static_cast<std::int32_t>(new_group(g, {Value::of(col.dict().value(c))}));
      auto id = static_cast<std::uint32_t>(gid);
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
  }

  // Several store by-fields without multi-values: the tuple of their dictionary codes, as one
  // mixed-radix number, is the group key (a table look-up when the product of the dictionary
  // sizes is small, a hash look-up otherwise): no text per row.
  void plan_code_tuples() {
    std::uint64_t product = 1;
    for (const auto& r : readers_) {
      if (r.store_column->has_multi()) return;
      const std::uint64_t size = r.store_column->dict().size() + 1;
      if (product > (std::uint64_t{1} << 62) / size) return;
      product *= size;
    }
    for (const auto& r : readers_) radix_.push_back(r.store_column->dict().size() + 1);
    if (product <= kDirectTuples) tuple_table_.assign(product, -1);
  }

  void code_tuple(std::size_t row, std::vector<std::uint32_t>& out, Groups& g) {
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < readers_.size(); ++i) {
      const auto codes = readers_[i].codes(row);
      if (codes.empty()) return;  // R8.7c: a missing by-field drops the row
      key = key * radix_[i] + codes[0];
    }
    std::int32_t* slot = nullptr;
    if (!tuple_table_.empty()) {
      slot = &tuple_table_[key];
    } else {
      slot = &tuple_index_.try_emplace(key, -1).first->second;
    }
    if (*slot < 0) {
      std::vector<Value> values;
      for (const auto& r : readers_) values.push_back(Value::of(r.store_column->dict().value(r.codes(row)[0])));
      *slot = static_cast<std::int32_t>(new_group(g, std::move(values)));
    }
    out.push_back(static_cast<std::uint32_t>(*slot));
  }

  static constexpr std::uint64_t kDirectTuples = std::uint64_t{1} << 22;
  std::vector<std::uint64_t> radix_;          // per by-field: dictionary size + 1
  std::vector<std::int32_t> tuple_table_;     // key -> group (-1: none yet), when small
  std::unordered_map<std::uint64_t, std::int32_t> tuple_index_;

  // Any by-fields: the cartesian product of their values, keyed by their text.
  void generic(std::size_t row, std::vector<std::uint32_t>& out, Groups& g) {
    std::vector<std::vector<Value>> parts;
    parts.reserve(readers_.size());
    for (const auto& r : readers_) {
      parts.push_back(split_values(r.value(row)));
      if (parts.back().empty()) return;  // R8.7c: a missing by-field drops the row
    }
    std::vector<std::size_t> pick(parts.size(), 0);
    while (true) {
      std::string key;
      for (std::size_t i = 0; i < parts.size(); ++i) append_key_part(key, parts[i][pick[i]].to_string());
      auto it = index_.find(key);
      std::uint32_t id;
      if (it == index_.end()) {
        std::vector<Value> values;
        for (std::size_t i = 0; i < parts.size(); ++i) values.push_back(parts[i][pick[i]]);
        id = new_group(g, std::move(values));
        index_.emplace(std::move(key), id);
      } else {
        id = it->second;
      }
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
      std::size_t i = 0;
      for (; i < pick.size(); ++i) {
        if (++pick[i] < parts[i].size()) break;
        pick[i] = 0;
      }
      if (i == pick.size()) break;
    }
  }

  std::vector<FieldReader> readers_;
  bool all_store_ = false;
  bool missing_ = false;
  std::vector<std::int32_t> single_code_;
  std::unordered_map<std::string, std::uint32_t> index_;
};

// count(eval(expr)) counts rows where expr is true; a per-row failure counts as false.
bool eval_true(const ast::Expr& expr, const EvalScope& scope) { return evaluate_condition(expr, scope); }

// func(eval(expr)): the value of expr for the row; errors that abort the search surface as
// QueryError (per-row failures are already null values).
Value eval_value(const ast::Expr& expr, const EvalScope& scope) {
  try {
    return evaluate(expr, scope);
  } catch (const EvalError& e) {
    throw QueryError{e.message, e.pos};
  }
}

EvalScope row_scope(const Result& in, const std::size_t& row, const ExecContext& ctx) {
  EvalScope scope;
  scope.field = [&in, &row](std::string_view name) { return in.get(name, row); };
  scope.now_us = ctx.now_us;
  scope.tz = ctx.tz;
  return scope;
}

// Per spec: the bitset size to use for dc/values of a store column (0 = hash set). Bitsets
// when every group's bitset fits and all of them together stay under a memory budget.
std::vector<std::size_t> bitset_plan(const Result& in, const std::vector<AggSpec>& specs, std::size_t groups) {
  constexpr std::size_t kBudgetBytes = std::size_t{64} << 20;
  std::vector<std::size_t> out(specs.size(), 0);
  if (groups == 0) return out;
  for (std::size_t s = 0; s < specs.size(); ++s) {
    if (specs[s].kind != AggKind::Dc && specs[s].kind != AggKind::Values) continue;
    if (specs[s].eval) continue;
    FieldReader f(in, specs[s].field);
    if (!f.store_column) continue;
    std::size_t codes = f.store_column->dict().size() + 1;
    if (codes / 8 * groups <= kBudgetBytes) out[s] = codes;
  }
  return out;
}

}  // namespace

void AggState::add_spark(double time_s, const AggSpec& spec) {
  if (spec.spark_buckets == 0) return;
  const double at = std::floor((time_s - spec.spark_first) / spec.spark_span);
  if (at < 0 || at >= static_cast<double>(spec.spark_buckets)) return;
  if (numbers_.size() < spec.spark_buckets) numbers_.resize(spec.spark_buckets, 0);
  numbers_[static_cast<std::size_t>(at)] += 1;
}

// Sparklines span the time range of all the rows (so the groups' lines line up), in buckets
// aligned to the epoch. The span is the smallest of Splunk's usual chart spans that keeps the
// line within 20 buckets; Splunk derives it from the search's time range, which a search over
// recorded files does not have, so the figures can differ from Splunk's while the shape is the same.
void plan_sparklines(std::vector<AggSpec>& specs, const Result& in) {
  bool any = false;
  for (const auto& s : specs) any |= s.kind == AggKind::Sparkline;
  if (!any) return;
  const std::vector<double> times = row_times(in);
  double lo = 0, hi = 0;
  bool seen = false;
  for (double t : times) {
    if (std::isnan(t)) continue;
    lo = seen ? std::min(lo, t) : t;
    hi = seen ? std::max(hi, t) : t;
    seen = true;
  }
  constexpr double kSpans[] = {1, 5, 10, 30, 60, 300, 600, 1800, 3600, 86400, 604800, 2592000, 31536000};
  constexpr double kMaxBuckets = 20;
  double span = kSpans[std::size(kSpans) - 1];
  for (double s : kSpans)
    if (std::floor(hi / s) - std::floor(lo / s) + 1 <= kMaxBuckets) { span = s; break; }
  for (auto& s : specs) {
    if (s.kind != AggKind::Sparkline) continue;
    s.spark_span = span;
    s.spark_first = std::floor(lo / span) * span;
    s.spark_buckets = seen ? static_cast<std::size_t>(std::floor(hi / span) - std::floor(lo / span) + 1) : 0;
  }
}

std::vector<AggState> make_states(const std::vector<AggSpec>& specs) {
  std::vector<AggState> states;
  states.reserve(specs.size());
  for (const auto& s : specs) states.emplace_back(s.kind);
  return states;
}

std::vector<Value> results_of(const std::vector<AggState>& states, const std::vector<AggSpec>& specs) {
  std::vector<Value> out;
  out.reserve(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) out.push_back(states[i].result(specs[i]));
  return out;
}

struct RowFeeder::Impl {
  const Result& in;
  const std::vector<AggSpec>& specs;
  std::vector<FieldReader> fields;
  std::vector<double> times;
  std::size_t row = 0;
  EvalScope scope;

  Impl(const Result& r, const std::vector<AggSpec>& s, const ExecContext& ctx)
      : in(r), specs(s), scope(row_scope(r, row, ctx)) {
    fields.reserve(specs.size());
    for (const auto& spec : specs)
      fields.emplace_back(in, spec.field.empty() ? std::string_view("\x01") : std::string_view(spec.field));
    if (needs_time(specs)) times = row_times(in);
  }

  template <class Each>
  void feed(std::size_t r, Each&& each_target) {
    row = r;
    double t = times.empty() ? 0.0 : times[r];
    for (std::size_t s = 0; s < specs.size(); ++s) {
      const AggSpec& spec = specs[s];
      if (spec.kind == AggKind::Count) {
        each_target([&](std::vector<AggState>& st) { st[s].add_row(); });
        continue;
      }
      if (spec.kind == AggKind::CountEval) {
        if (eval_true(*spec.eval, scope)) each_target([&](std::vector<AggState>& st) { st[s].add_row(); });
        continue;
      }
      if (spec.kind == AggKind::Sparkline) {
        each_target([&](std::vector<AggState>& st) { st[s].add_spark(t, spec); });
        continue;
      }
      if (spec.eval) {  // func(eval(expr)): the expression's value; a null or a Boolean adds nothing
        Value v = eval_value(*spec.eval, scope);
        if (v.is_null() || v.type == Value::Type::Bool) continue;
        each_target([&](std::vector<AggState>& st) { st[s].add(v, t); });
        continue;
      }
      const FieldReader& f = fields[s];
      if (f.missing()) continue;
      if (f.store_column) {
        for (Code c : f.codes(r))
          each_target([&](std::vector<AggState>& st) { st[s].add_code(c, *f.store_column, t); });
        continue;
      }
      Value v = f.value(r);
      each_target([&](std::vector<AggState>& st) { st[s].add(v, t); });
    }
  }
};

RowFeeder::RowFeeder(const Result& in, const std::vector<AggSpec>& specs, const ExecContext& ctx)
    : impl_(std::make_unique<Impl>(in, specs, ctx)) {}
RowFeeder::~RowFeeder() = default;

void RowFeeder::feed(std::size_t row, const std::vector<std::vector<AggState>*>& targets) {
  impl_->feed(row, [&](auto&& fn) { for (auto* t : targets) fn(*t); });
}

void RowFeeder::feed(std::size_t row, std::vector<AggState>& target) {
  impl_->feed(row, [&](auto&& fn) { fn(target); });
}

namespace {

// The fast paths below group by one store column without multi-values: its dictionary code is
// the group key, read from one array of codes (one per store row).
struct CodeKey {
  const Column* column = nullptr;
  std::span<const Code> codes;
};

std::optional<CodeKey> code_key(const Result& in, const std::vector<std::string>& by) {
  if (by.size() != 1 || !in.is_event_view()) return std::nullopt;
  FieldReader reader(in, by[0]);
  if (!reader.store_column || reader.store_column->has_multi()) return std::nullopt;
  CodeKey key{reader.store_column, reader.store_column->codes()};
  if (key.codes.size() < in.store()->rows()) return std::nullopt;  // short dense column: general path
  return key;
}

// One group per code the rows carry, in order of first row as the general path creates them;
// group_of[code] is its index (-1: no row has it; code 0, the field absent, is never grouped).
struct CodeGroups {
  std::vector<std::int32_t> group_of;
  Groups groups;  // keys only
};

CodeGroups groups_by_first_row(const Result& in, const CodeKey& key) {
  CodeGroups out;
  out.group_of.assign(key.column->dict().size() + 1, -1);
  for (std::uint32_t event : in.event_rows()) {
    const Code c = key.codes[event];
    if (c == kAbsent || out.group_of[c] >= 0) continue;
    out.group_of[c] = static_cast<std::int32_t>(out.groups.keys.size());
    out.groups.keys.push_back({Value::of(key.column->dict().value(c))});
  }
  return out;
}

// `stats count by F`, the most common stats of all: one counter per group, no states per row.
std::optional<Groups> count_by_code(const Result& in, const std::vector<std::string>& by,
                                    const std::vector<AggSpec>& specs) {
  if (specs.empty()) return std::nullopt;
  for (const auto& s : specs)
    if (s.kind != AggKind::Count) return std::nullopt;
  const auto key = code_key(in, by);
  if (!key) return std::nullopt;
  CodeGroups cg = groups_by_first_row(in, *key);
  std::vector<std::uint64_t> counts(cg.groups.keys.size(), 0);
  for (std::uint32_t event : in.event_rows())
    if (const Code c = key->codes[event]; c != kAbsent) ++counts[static_cast<std::size_t>(cg.group_of[c])];
  for (std::uint64_t n : counts) {
    cg.groups.states.push_back(make_states(specs));
    for (auto& state : cg.groups.states.back()) state.add_rows(n);
  }
  return std::move(cg.groups);
}

// Order-independent functions (counts, dc, values) on two threads: each feeds half the rows into
// its own states, then the halves are merged.
std::optional<Groups> aggregate_by_code_in_parallel(const Result& in, const std::vector<std::string>& by,
                                                    const std::vector<AggSpec>& specs, const ExecContext& ctx) {
  constexpr std::size_t kMinRows = std::size_t{1} << 17;  // below this a thread costs more than it saves
  if (ctx.threads < 2 || in.size() < kMinRows || specs.empty()) return std::nullopt;
  for (const auto& s : specs)
    if (!AggState::mergeable(s.kind)) return std::nullopt;
  const auto key = code_key(in, by);
  if (!key) return std::nullopt;
  CodeGroups cg = groups_by_first_row(in, *key);
  Groups& g = cg.groups;
  const std::vector<std::size_t> bitset_sizes = bitset_plan(in, specs, g.keys.size());
  auto fresh_states = [&] {
    std::vector<std::vector<AggState>> states(g.keys.size());
    for (auto& st : states) {
      st = make_states(specs);
      for (std::size_t s = 0; s < specs.size(); ++s)
        if (bitset_sizes[s]) st[s].use_bitset(bitset_sizes[s]);
    }
    return states;
  };
  g.states = fresh_states();
  std::vector<std::vector<AggState>> second = fresh_states();
  const auto& rows = in.event_rows();
  auto feed = [&](std::vector<std::vector<AggState>>& states, std::size_t begin, std::size_t end) {
    RowFeeder feeder(in, specs, ctx);
    for (std::size_t row = begin; row < end; ++row) {
      if ((row - begin) % ExecContext::kCancelStride == 0 && ctx.cancelled()) return;  // seen after the join
      const Code c = key->codes[rows[row]];
      if (c != kAbsent) feeder.feed(row, states[static_cast<std::size_t>(cg.group_of[c])]);
    }
  };
  const std::size_t half = rows.size() / 2;
  run_in_two_threads([&] { feed(second, half, rows.size()); }, [&] { feed(g.states, 0, half); });
  ctx.check_cancel();
  for (std::size_t k = 0; k < g.states.size(); ++k)
    for (std::size_t s = 0; s < specs.size(); ++s) g.states[k][s].merge(second[k][s]);
  return std::move(g);
}

// `stats count by A B ...` over store columns without multi-values: the tuple of codes (one
// mixed-radix number) indexes a table of counters; no state per row.
std::optional<Groups> count_by_code_tuple(const Result& in, const std::vector<std::string>& by,
                                          const std::vector<AggSpec>& specs) {
  if (by.size() < 2 || specs.empty() || !in.is_event_view()) return std::nullopt;
  for (const auto& s : specs)
    if (s.kind != AggKind::Count) return std::nullopt;
  std::vector<const Column*> columns;
  std::vector<std::span<const Code>> codes;
  std::vector<std::uint64_t> radix;
  std::uint64_t product = 1;
  for (const auto& f : by) {
    FieldReader reader(in, f);
    if (!reader.store_column || reader.store_column->has_multi()) return std::nullopt;
    auto c = reader.store_column->codes();
    if (c.size() < in.store()->rows()) return std::nullopt;
    const std::uint64_t size = reader.store_column->dict().size() + 1;
    if (product > (std::uint64_t{1} << 22) / size) return std::nullopt;  // a direct table only
    product *= size;
    columns.push_back(reader.store_column);
    codes.push_back(c);
    radix.push_back(size);
  }
  std::vector<std::int32_t> group_of(product, -1);
  std::vector<std::uint64_t> counts;
  Groups g;
  for (std::uint32_t event : in.event_rows()) {
    std::uint64_t key = 0;
    bool missing = false;
    for (std::size_t i = 0; i < codes.size(); ++i) {
      const Code c = codes[i][event];
      missing |= c == kAbsent;
      key = key * radix[i] + c;
    }
    if (missing) continue;  // R8.7c
    std::int32_t& slot = group_of[key];
    if (slot < 0) {
      slot = static_cast<std::int32_t>(g.keys.size());
      std::vector<Value> values;
      for (std::size_t i = 0; i < codes.size(); ++i) values.push_back(Value::of(columns[i]->dict().value(codes[i][event])));
      g.keys.push_back(std::move(values));
      counts.push_back(0);
    }
    ++counts[static_cast<std::size_t>(slot)];
  }
  for (std::uint64_t n : counts) {
    g.states.push_back(make_states(specs));
    for (auto& state : g.states.back()) state.add_rows(n);
  }
  return g;
}

}  // namespace

Groups aggregate_rows(const Result& in, const std::vector<std::string>& by,
                      const std::vector<AggSpec>& specs, const ExecContext& ctx,
                      bool want_row_groups) {
  if (!want_row_groups)
    if (auto counted = count_by_code(in, by, specs)) return std::move(*counted);
  if (!want_row_groups)
    if (auto counted = count_by_code_tuple(in, by, specs)) return std::move(*counted);
  if (!want_row_groups)
    if (auto grouped = aggregate_by_code_in_parallel(in, by, specs, ctx)) return std::move(*grouped);
  Groups g;
  Grouper grouper(in, by);
  RowFeeder feeder(in, specs, ctx);
  const std::vector<std::size_t> bitset_sizes = bitset_plan(in, specs, grouper.group_bound());
  if (want_row_groups) g.row_groups.resize(in.size());
  std::vector<std::uint32_t> ids;
  std::vector<std::vector<AggState>*> targets;
  auto states_of = [&](std::uint32_t id) -> std::vector<AggState>& {
    auto& states = g.states[id];
    if (states.empty()) {
      states = make_states(specs);
      for (std::size_t s = 0; s < specs.size(); ++s)
        if (bitset_sizes[s]) states[s].use_bitset(bitset_sizes[s]);
    }
    return states;
  };
  for (std::size_t row = 0; row < in.size(); ++row) {
    ctx.check_cancel(row);
    grouper.groups_of(row, ids, g);
    if (ids.empty()) continue;
    if (ids.size() == 1 && !want_row_groups) {  // one group (the usual case): no target list
      feeder.feed(row, states_of(ids[0]));
      continue;
    }
    targets.clear();
    for (std::uint32_t id : ids) targets.push_back(&states_of(id));
    if (want_row_groups) g.row_groups[row] = ids;
    feeder.feed(row, targets);
  }
  if (by.empty() && g.keys.empty()) {  // R8.7b: no BY -> exactly one row, even on no input
    g.keys.emplace_back();
    g.states.push_back(make_states(specs));
  }
  return g;
}

std::vector<std::vector<Value>> group_results(const Groups& groups, const std::vector<AggSpec>& specs,
                                              unsigned threads) {
  std::vector<std::vector<Value>> out(groups.states.size());
  auto work = [&](std::size_t begin, std::size_t end) {
    for (std::size_t g = begin; g < end; ++g) out[g] = results_of(groups.states[g], specs);
  };
  // values()/dc() sort each group's distinct values: with many groups that is worth a second core.
  if (threads > 1 && groups.states.size() >= 64) {
    std::size_t half = groups.states.size() / 2;
    run_in_two_threads([&] { work(half, groups.states.size()); }, [&] { work(0, half); });
  } else {
    work(0, groups.states.size());
  }
  return out;
}

std::vector<std::size_t> sorted_group_order(const Groups& groups) {
  // compare_auto on every comparison would format and parse each value log(n) times. Instead each
  // by-field's distinct values are put in order once, and groups are sorted by those ranks.
  struct SortKey {
    bool numeric = false;
    double number = 0;
    std::string text;
  };
  auto compare = [](const SortKey& a, const SortKey& b) {
    if (a.numeric && b.numeric) return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
    if (a.numeric != b.numeric) return a.numeric ? -1 : 1;
    int c = a.text.compare(b.text);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  };
  const std::size_t n = groups.keys.size();
  const std::size_t width = n == 0 ? 0 : groups.keys[0].size();
  std::vector<std::uint32_t> rank(n * width, 0);
  for (std::size_t i = 0; i < width; ++i) {
    std::vector<SortKey> distinct;
    std::unordered_map<std::string, std::uint32_t> index;  // (numeric flag + text) -> distinct
    std::vector<std::uint32_t> of_group(n, 0);
    for (std::size_t g = 0; g < n; ++g) {
      if (i >= groups.keys[g].size()) continue;
      const Value& v = groups.keys[g][i];
      SortKey k;
      k.text = v.to_string();
      if (v.type == Value::Type::Number) {
        k.numeric = true;
        k.number = v.number;
      } else {
        k.numeric = parse_number(k.text, k.number);
      }
      std::string id = (v.type == Value::Type::Number ? "n" : "s") + k.text;
      auto [it, fresh] = index.try_emplace(std::move(id), static_cast<std::uint32_t>(distinct.size()));
      if (fresh) distinct.push_back(std::move(k));
      of_group[g] = it->second;
    }
    std::vector<std::uint32_t> order(distinct.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return compare(distinct[a], distinct[b]) < 0; });
    std::vector<std::uint32_t> rank_of(distinct.size());
    for (std::size_t r = 0; r < order.size(); ++r) {  // equal values share a rank
      const bool same = r > 0 && compare(distinct[order[r - 1]], distinct[order[r]]) == 0;
      rank_of[order[r]] = same ? rank_of[order[r - 1]] : static_cast<std::uint32_t>(r);
    }
    for (std::size_t g = 0; g < n; ++g) rank[g * width + i] = rank_of.empty() ? 0 : rank_of[of_group[g]];
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    for (std::size_t i = 0; i < width; ++i)
      if (rank[a * width + i] != rank[b * width + i]) return rank[a * width + i] < rank[b * width + i];
    return false;
  });
  return order;
}

}  // namespace spelunk
