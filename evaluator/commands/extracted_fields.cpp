// Writing fields extracted from one input field (spath, xmlkv, fromjson). See commands.hpp.
#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {

// Where extracted values go: a column keyed by store row (event views whose input depends only
// on the store row), else one Value per result row. Fields keep the order they were found in.
class Outputs {
 public:
  Outputs(const Result& in, bool by_store_row) : in_(in), by_store_row_(by_store_row) {}

  void write(std::size_t row, const std::string& field, const std::vector<std::string>& values) {
    if (values.empty()) return;
    Sink& sink = sink_for(field);
    if (by_store_row_) {
      std::vector<std::string_view> views(values.begin(), values.end());
      sink.column->set_values(in_.event_rows()[row], views);
    } else {
      sink.values[row] = Value::list(values);
    }
  }

  void apply_to(Result& out) {
    for (auto& sink : sinks_) {
      if (by_store_row_) apply_column(out, sink);
      else out.set_column(sink.name, std::move(sink.values));
    }
  }

 private:
  struct Sink {
    std::string name;
    std::shared_ptr<Column> column;
    std::vector<Value> values;
  };

  Sink& sink_for(const std::string& field) {
    auto it = index_.find(field);
    if (it != index_.end()) return sinks_[it->second];
    Sink sink{field, nullptr, {}};
    if (by_store_row_) {
      sink.column = std::make_shared<Column>(field);
    } else {
      sink.values.resize(in_.size());
      int existing = in_.find(field);  // rows where nothing is found keep their value
      if (existing >= 0)
        for (std::size_t r = 0; r < in_.size(); ++r) sink.values[r] = in_.get(static_cast<std::size_t>(existing), r);
    }
    index_.emplace(field, sinks_.size());
    sinks_.push_back(std::move(sink));
    return sinks_.back();
  }

  void apply_column(Result& out, Sink& sink) {
    sink.column->resize(in_.store()->rows());
    sink.column->optimize_layout();
    int existing = out.find(sink.name);
    if (existing < 0) {
      out.set_owned_column(sink.name, std::move(sink.column));
      return;
    }
    // The field existed: rows where nothing was found keep their value.
    std::vector<Value> merged(out.size());
    for (std::size_t row = 0; row < out.size(); ++row) {
      auto codes = sink.column->values(out.event_rows()[row]);
      if (codes.empty()) {
        merged[row] = out.get(static_cast<std::size_t>(existing), row);
        continue;
      }
      std::vector<std::string> values;
      for (Code c : codes) values.emplace_back(sink.column->dict().value(c));
      merged[row] = Value::list(std::move(values));
    }
    out.set_column(sink.name, std::move(merged));
  }

  const Result& in_;
  bool by_store_row_;
  std::vector<Sink> sinks_;
  std::unordered_map<std::string, std::size_t> index_;
};

// Result rows in increasing store-row order (columns are built fastest that way).
std::vector<std::size_t> store_order(const Result& in) {
  std::vector<std::size_t> order(in.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto& rows = in.event_rows();
  if (std::is_sorted(rows.begin(), rows.end())) return order;
  if (std::is_sorted(rows.rbegin(), rows.rend())) {
    std::reverse(order.begin(), order.end());
    return order;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return rows[a] < rows[b]; });
  return order;
}

// _raw of the given result rows (sorted by store row), each block decompressed once: runs of
// rows closer than a block are read with one scan.
template <class Fn>
void scan_raw(const Result& in, const std::vector<std::size_t>& order, const ExecContext& ctx,
              const ast::Command& cmd, Fn&& fn) {
  const auto& rows = in.event_rows();
  const RawStore& raw = in.store()->raw();
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && rows[order[j + 1]] - rows[order[j]] < RawStore::kBlockEvents) ++j;
    if (ctx.cancelled()) throw QueryError{"search cancelled", cmd.pos};
    std::size_t k = i;
    raw.scan(rows[order[i]], rows[order[j]] + 1, [&](std::size_t store_row, std::string_view text) {
      for (; k <= j && rows[order[k]] == store_row; ++k) fn(order[k], text);
    });
    i = j + 1;
  }
}

}  // namespace

Result extract_fields(const ast::Command& cmd, Result input, ExecContext& ctx, const std::string& input_field,
                      const FieldExtractor& extract) {
  const int col = input.find(input_field);
  if (col < 0 || input.size() == 0) return input;
  const ResultColumn& source = input.columns()[static_cast<std::size_t>(col)];
  const bool by_store_row = input.is_event_view() && (source.source == ResultColumn::Source::StoreField ||
                                                      source.source == ResultColumn::Source::StoreRaw);
  Outputs outputs(input, by_store_row);
  auto write = [&](std::size_t row, const ExtractedFields& found) {
    for (const auto& [field, values] : found) outputs.write(row, field, values);
  };
  const std::vector<std::size_t> order = by_store_row ? store_order(input) : std::vector<std::size_t>{};

  if (by_store_row && source.source == ResultColumn::Source::StoreRaw) {
    scan_raw(input, order, ctx, cmd, [&](std::size_t row, std::string_view text) { write(row, extract(text)); });
  } else if (by_store_row) {
    // Dictionary-encoded input: one extraction per distinct value.
    const Column* coded = source.store_column;
    std::vector<std::int32_t> memo(coded->dict().size() + 1, -1);
    std::vector<ExtractedFields> cache;
    for (std::size_t i = 0; i < order.size(); ++i) {
      if ((i & 0xFFFF) == 0 && ctx.cancelled()) throw QueryError{"search cancelled", cmd.pos};
      const std::size_t row = order[i];
      Code code = coded->code(input.event_rows()[row]);
      if (code == kAbsent) continue;
      if (Column::is_multi(code)) code = coded->list(code).front();  // the first value is read
      if (memo[code] < 0) {
        memo[code] = static_cast<std::int32_t>(cache.size());
        cache.push_back(extract(coded->dict().value(code)));
      }
      write(row, cache[static_cast<std::size_t>(memo[code])]);
    }
  } else {
    for (std::size_t row = 0; row < input.size(); ++row) {
      if ((row & 0xFFFF) == 0 && ctx.cancelled()) throw QueryError{"search cancelled", cmd.pos};
      Value v = input.get(static_cast<std::size_t>(col), row);
      if (v.is_null()) continue;
      const std::string text = v.is_multi() ? v.multi.front() : v.to_string();
      write(row, extract(text));
    }
  }
  outputs.apply_to(input);
  return input;
}

}  // namespace spelunk::commands
