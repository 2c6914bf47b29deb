#include "evaluator/commands/chart_series.hpp"

#include <algorithm>
#include <map>

#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

SeriesOptions read_series_options(const ast::Command& cmd, const ast::Options& o) {
  SeriesOptions c;
  if (const std::string* limit = o.get("limit")) {
    std::string text = *limit;
    for (char& ch : text) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    if (text.starts_with("top")) text = text.substr(3);
    else if (text.starts_with("bottom")) text = text.substr(6), c.bottom = true;
    ast::Options one;
    one.add("limit", text, o.position_of("limit", cmd.pos));
    c.limit = option_size(cmd, one, "limit", 10);
  }
  c.useother = option_bool(cmd, o, "useother", true);
  c.usenull = option_bool(cmd, o, "usenull", true);
  if (auto* v = o.get("otherstr")) c.otherstr = *v;
  if (auto* v = o.get("nullstr")) c.nullstr = *v;
  return c;
}

std::vector<Value> series_values(const Result& in, const std::string& field, const SeriesOptions& opt) {
  const int col = in.find(field);
  std::vector<Value> series(in.size());
  for (std::size_t r = 0; r < in.size(); ++r) {
    series[r] = col < 0 ? Value::null() : in.get(static_cast<std::size_t>(col), r);
    if (series[r].is_null() && opt.usenull) series[r] = Value::of(opt.nullstr);
  }
  return series;
}

std::set<std::string> top_series(const Groups& g, const std::vector<AggSpec>& specs, std::size_t series_key,
                                 const SeriesOptions& opt) {
  std::map<std::string, double> score;
  for (std::size_t i = 0; i < g.keys.size(); ++i) {
    double d = 0;
    Value v = g.states[i][0].result(specs[0]);
    score[g.keys[i][series_key].to_string()] += v.as_number(d) ? d : 0;
  }
  std::vector<std::pair<std::string, double>> ranked(score.begin(), score.end());
  std::stable_sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
    return opt.bottom ? a.second < b.second : a.second > b.second;
  });
  // The NULL series (rows lacking the field, usenull=t) is always shown; it does not take one of
  // the `limit` places.
  std::set<std::string> keep;
  if (opt.usenull) keep.insert(opt.nullstr);
  std::size_t kept = 0;
  for (const auto& [name, total] : ranked) {
    if (opt.usenull && name == opt.nullstr) continue;
    if (opt.limit != 0 && kept == opt.limit) break;
    keep.insert(name);
    ++kept;
  }
  return keep;
}

bool fold_other(std::vector<Value>& series, const std::set<std::string>& keep, const SeriesOptions& opt) {
  bool changed = false;
  for (auto& v : series) {
    if (v.is_null()) continue;
    std::vector<std::string> parts = v.values();
    std::vector<std::string> kept;
    for (auto& p : parts) {
      if (keep.count(p)) kept.push_back(std::move(p));
      else if (opt.useother) kept.push_back(opt.otherstr);
    }
    if (kept != v.values()) {
      changed = true;
      v = Value::list(std::move(kept));
    }
  }
  return changed;
}

void order_series(std::vector<std::string>& names, const SeriesOptions& opt) {
  std::stable_sort(names.begin(), names.end(), [&](const auto& a, const auto& b) {
    auto rank = [&](const std::string& s) { return s == opt.otherstr ? 2 : (s == opt.nullstr ? 1 : 0); };
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return compare_auto(a, b) < 0;
  });
}

bool fills_with_zero(AggKind k) {
  return k == AggKind::Count || k == AggKind::CountField || k == AggKind::CountEval || k == AggKind::Dc;
}

}  // namespace spelunk::commands
