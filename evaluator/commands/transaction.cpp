// `transaction [fields] [maxspan=-1] [maxpause=-1] [maxevents=1000] [mvlist=f]` (R8.23): groups
// rows sharing the values of the fields into one row each: `_time` of the earliest member, the
// members' `_raw` joined by newlines (oldest first), every other field as the union of the
// members' values (sorted distinct, or all in order with mvlist=t), plus `duration` (last - first
// `_time`, seconds) and `eventcount`. A transaction closes when the next member would exceed
// maxspan (from its first event) or maxpause (from its last), or maxevents. Output newest first.
//
// startswith= / endswith= take a search expression (`"login"`, `(EventCode=4698)`) or
// `eval(<condition>)`. Events are read oldest first: a start event opens a new transaction (the
// open one closes, unfinished); with startswith, an event arriving while no transaction is open
// is an orphan; an end event completes its transaction. With endswith, a transaction that never
// saw its end event (or was cut by maxspan/maxpause/maxevents first) is evicted: dropped, or kept
// with keepevicted=t (which adds closed_txn=0/1 to every transaction). keeporphans=t passes
// orphans (and events lacking a transaction field) through unchanged, marked _txn_orphan=1.
// Not done: members lacking a field joining a transaction (they are orphans here).
#include <algorithm>
#include <numeric>
#include <optional>
#include <unordered_map>

#include "evaluator/aggregate.hpp"
#include "evaluator/commands/commands.hpp"
#include "evaluator/commands/row_scope.hpp"
#include "evaluator/eval.hpp"
#include "parser/parser.hpp"

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
  bool complete = false;
};

// keeporphans=t: the events that joined no transaction, unchanged, with _txn_orphan=1, merged
// into the output newest first.
void append_orphans(Result& out, const Result& input, const std::vector<std::size_t>& orphans,
                    const std::vector<double>& times) {
  std::vector<std::string> names;
  for (const auto& c : input.columns()) names.push_back(c.name);
  names.emplace_back("_txn_orphan");
  Result rows = Result::table(names);
  for (std::size_t r : orphans) {
    std::vector<Value> row;
    for (std::size_t c = 0; c < input.columns().size(); ++c) row.push_back(input.get(c, r));
    row.push_back(Value::of(1.0));
    rows.add_row(std::move(row));
  }
  const std::size_t txn_count = out.size();
  std::vector<double> starts;
  for (std::size_t i = 0; i < txn_count; ++i) starts.push_back(out.get("_time", i).number);
  for (std::size_t r : orphans) starts.push_back(times[r]);
  out.append(rows);
  std::vector<std::size_t> order(out.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return starts[a] > starts[b]; });
  out.select_rows(order);
}

// startswith= / endswith=: an eval condition or a search expression, tested on one row.
class Boundary {
 public:
  Boundary(const ast::Command& cmd, const ast::Options& options, const char* key) {
    const std::string* text = options.get(key);
    if (!text) return;
    present_ = true;
    std::string_view t = *text;
    if (t.size() > 5 && (t.substr(0, 5) == "eval(" || t.substr(0, 5) == "EVAL(") && t.back() == ')') {
      ast::Expr expr;
      ParseResult parsed = parse_eval_expression(t.substr(5, t.size() - 6), expr);
      if (parsed.error)
        throw QueryError{"transaction " + std::string(key) + "=: " + parsed.error->message, cmd.pos};
      try {
        check_expression(expr);
      } catch (const EvalError& e) {
        throw QueryError{"transaction " + std::string(key) + "=: " + e.message, cmd.pos};
      }
      eval_ = std::move(expr);
    } else {
      search_ = *text;
    }
  }
  bool present() const { return present_; }
  bool matches(RowScope& scope, std::size_t row) const {
    if (!present_) return false;
    const EvalScope& s = scope.at(row);
    try {
      return eval_ ? evaluate_condition(*eval_, s) : s.searchmatch(search_);
    } catch (const EvalError& e) {
      throw QueryError{"transaction: " + e.message, e.pos};
    }
  }

 private:
  bool present_ = false;
  std::optional<ast::Expr> eval_;
  std::string search_;
};

}  // namespace

Result run_transaction(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& tx = body_of<ast::TransactionCommand>(cmd);
  check_options(cmd, tx.options, {"maxspan", "maxpause", "maxevents", "mvlist", "keeporphans", "keepevicted",
                                  "startswith", "endswith", "connected"});
  // connected= decides whether an event having none of the transaction's fields instantiated yet
  // joins it; with one field an event either has it or not, so the choice cannot arise.
  if (tx.options.get("connected")) {
    option_bool(cmd, tx.options, "connected", true);
    if (tx.fields.size() > 1)
      throw QueryError{"transaction: connected= with several fields is not supported",
                       tx.options.position_of("connected", cmd.pos)};
  }
  const double maxspan = span_option(cmd, tx.options, "maxspan");
  const double maxpause = span_option(cmd, tx.options, "maxpause");
  const std::size_t maxevents = option_size(cmd, tx.options, "maxevents", 1000);
  const bool mvlist = option_bool(cmd, tx.options, "mvlist", false);
  const bool keeporphans = option_bool(cmd, tx.options, "keeporphans", false);
  const bool keepevicted = option_bool(cmd, tx.options, "keepevicted", false);
  const Boundary starts(cmd, tx.options, "startswith");
  const Boundary ends(cmd, tx.options, "endswith");
  RowScope scope(input, ctx);

  std::vector<double> times = row_times(input);
  std::vector<std::size_t> order(input.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return times[a] < times[b]; });

  std::vector<int> key_cols;
  for (const auto& f : tx.fields) key_cols.push_back(input.find(f));
  std::vector<Txn> txns;
  std::vector<std::size_t> orphans;
  std::unordered_map<std::string, std::size_t> open;
  auto close = [&](std::unordered_map<std::string, std::size_t>::iterator it, bool complete) {
    txns[it->second].complete = complete;
    open.erase(it);
  };
  for (std::size_t row : order) {
    std::string key;
    bool complete = true;
    for (int c : key_cols) {
      Value v = c < 0 ? Value::null() : input.get(static_cast<std::size_t>(c), row);
      if (v.is_null()) { complete = false; break; }
      std::string text = v.to_string();
      key += std::to_string(text.size()) + ':' + text;
    }
    if (!complete) {
      orphans.push_back(row);
      continue;
    }
    const double t = times[row];
    const bool is_start = starts.matches(scope, row);
    const bool is_end = ends.matches(scope, row);
    auto it = open.find(key);
    if (it != open.end()) {
      const Txn& cur = txns[it->second];
      bool cut = (maxspan >= 0 && t - cur.first > maxspan) || (maxpause >= 0 && t - cur.last > maxpause) ||
                 (maxevents > 0 && cur.rows.size() >= maxevents);
      if (cut || is_start) {
        close(it, !ends.present());
        it = open.end();
      }
    }
    if (it != open.end()) {
      Txn& cur = txns[it->second];
      cur.rows.push_back(row);
      cur.last = t;
    } else if (starts.present() && !is_start) {
      orphans.push_back(row);
      continue;
    } else {
      txns.push_back(Txn{{row}, t, t, false});
      it = open.emplace(key, txns.size() - 1).first;
    }
    if (is_end) close(it, true);
  }
  for (const auto& [key, index] : open) txns[index].complete = !ends.present();
  std::erase_if(txns, [&](const Txn& t) { return !t.complete && !keepevicted; });
  std::stable_sort(txns.begin(), txns.end(), [](const Txn& a, const Txn& b) { return a.first > b.first; });

  std::vector<std::string> fields;
  for (const auto& c : input.columns())
    if (c.name != "_time" && c.name != "_raw") fields.push_back(c.name);
  std::vector<std::string> names = {"_time", "_raw"};
  names.insert(names.end(), fields.begin(), fields.end());
  names.emplace_back("duration");
  names.emplace_back("eventcount");
  if (keepevicted) names.emplace_back("closed_txn");
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
    if (keepevicted) row.push_back(Value::of(t.complete ? 1.0 : 0.0));
    out.add_row(std::move(row));
  }
  if (keeporphans && !orphans.empty()) append_orphans(out, input, orphans, times);
  return out;
}

}  // namespace spelunk::commands
