// `transaction [fields] [maxspan=-1] [maxpause=-1] [maxevents=1000] [mvlist=f]` (R8.23): groups
// rows sharing the values of the fields into one row each: `_time` of the earliest member, the
// members' `_raw` joined by newlines (oldest first), every other field as the union of the
// members' values (sorted distinct, or all in order with mvlist=t), plus `duration` (last - first
// `_time`, seconds) and `eventcount`. A transaction closes when the next member would exceed
// maxspan (from its first event) or maxpause (from its last), or maxevents. Output newest first.
// Not done: startswith/endswith/keeporphans, and members lacking a field joining a transaction
// (such rows are left out).
#include <algorithm>
#include <numeric>
#include <unordered_map>

#include "evaluator/aggregate.hpp"
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {

// Seconds from a span option ("2m", "600s", "30"); negative = no limit.
double span_option(const ast::Command& cmd, const ast::Options& o, const std::string& key) {
  const std::string* v = o.get(key);
  if (!v || v->empty() || (*v)[0] == '-') return -1;
  Span s = parse_span(cmd, *v);
  if (s.months) throw QueryError{"transaction: " + key + " in months is not supported", cmd.pos};
  return s.size;
}

struct Txn {
  std::vector<std::size_t> rows;  // oldest first
  double first = 0, last = 0;
};

}  // namespace

Result run_transaction(const ast::Command& cmd, Result input, ExecContext&) {
  const auto& tx = body_of<ast::TransactionCommand>(cmd);
  for (const char* unsupported : {"startswith", "endswith", "keeporphans", "keepevicted"})
    if (tx.options.get(unsupported))
      throw QueryError{std::string("transaction: ") + unsupported + "= is not supported yet", cmd.pos};
  const double maxspan = span_option(cmd, tx.options, "maxspan");
  const double maxpause = span_option(cmd, tx.options, "maxpause");
  const std::size_t maxevents = option_size(cmd, tx.options, "maxevents", 1000);
  const bool mvlist = option_bool(cmd, tx.options, "mvlist", false);

  std::vector<double> times = row_times(input);
  std::vector<std::size_t> order(input.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return times[a] < times[b]; });

  std::vector<int> key_cols;
  for (const auto& f : tx.fields) key_cols.push_back(input.find(f));
  std::vector<Txn> txns;
  std::unordered_map<std::string, std::size_t> open;
  for (std::size_t row : order) {
    std::string key;
    bool complete = true;
    for (int c : key_cols) {
      Value v = c < 0 ? Value::null() : input.get(static_cast<std::size_t>(c), row);
      if (v.is_null()) { complete = false; break; }
      std::string text = v.to_string();
      key += std::to_string(text.size()) + ':' + text;
    }
    if (!complete) continue;
    double t = times[row];
    auto it = open.find(key);
    if (it != open.end()) {
      Txn& cur = txns[it->second];
      bool closes = (maxspan >= 0 && t - cur.first > maxspan) || (maxpause >= 0 && t - cur.last > maxpause) ||
                    (maxevents > 0 && cur.rows.size() >= maxevents);
      if (!closes) {
        cur.rows.push_back(row);
        cur.last = t;
        continue;
      }
    }
    txns.push_back(Txn{{row}, t, t});
    open[key] = txns.size() - 1;
  }
  std::stable_sort(txns.begin(), txns.end(), [](const Txn& a, const Txn& b) { return a.first > b.first; });

  std::vector<std::string> fields;
  for (const auto& c : input.columns())
    if (c.name != "_time" && c.name != "_raw") fields.push_back(c.name);
  std::vector<std::string> names = {"_time", "_raw"};
  names.insert(names.end(), fields.begin(), fields.end());
  names.emplace_back("duration");
  names.emplace_back("eventcount");
  Result out = Result::table(names);
  const int raw_col = input.find("_raw");
  for (const Txn& t : txns) {
    std::vector<Value> row;
    row.reserve(names.size());
    row.push_back(Value::of(t.first));
    std::string raw;
    for (std::size_t r : t.rows) {
      if (raw_col < 0) break;
      if (!raw.empty()) raw += '\n';
      raw += input.get(static_cast<std::size_t>(raw_col), r).to_string();
    }
    row.push_back(raw_col < 0 ? Value::null() : Value::of(std::move(raw)));
    for (const auto& f : fields) {
      int c = input.find(f);
      std::vector<std::string> values;
      for (std::size_t r : t.rows)
        for (auto& v : input.get(static_cast<std::size_t>(c), r).values()) values.push_back(std::move(v));
      if (!mvlist) {
        std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
      }
      row.push_back(Value::list(std::move(values)));
    }
    row.push_back(Value::of(t.last - t.first));
    row.push_back(Value::of(static_cast<double>(t.rows.size())));
    out.add_row(std::move(row));
  }
  return out;
}

}  // namespace spelunk::commands
