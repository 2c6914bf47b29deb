// Multi-value functions (Search Reference, Multivalue eval functions): split, mvcount, mvindex,
// mvfind, mvjoin, mvappend, mvfilter, mvmap, mvdedup, mvsort, mvreverse, mvzip, mvrange,
// commands. (mv_to_json_array lives with the JSON functions.)
#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "evaluator/functions/helpers.hpp"
#include "evaluator/functions/operators.hpp"
#include "evaluator/regex.hpp"
#include "evaluator/time/relative_time.hpp"
#include "parser/parser.hpp"

namespace spelunk::functions {

namespace {

constexpr std::size_t kMaxGeneratedValues = 1'000'000;  // mvrange/split guard against hostile sizes

Value fn_split(const CallArgs& a) {
  auto s = string_arg(a, 0);
  auto delim = string_arg(a, 1);
  if (!s || !delim) return Value::null();
  std::vector<std::string> parts;
  if (delim->empty()) {
    for (char c : *s) parts.emplace_back(1, c);
    return Value::list(std::move(parts));
  }
  std::size_t start = 0;
  while (true) {
    std::size_t at = s->find(*delim, start);
    parts.push_back(s->substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + delim->size();
  }
  return Value::list(std::move(parts));
}

Value fn_mvcount(const CallArgs& a) {
  Value v = a.value(0);
  if (v.is_null()) return Value::null();
  return Value::of(static_cast<double>(v.is_multi() ? v.multi.size() : 1));
}

// Resolves a possibly negative index against n values; nullopt when out of range.
std::optional<std::size_t> resolve_index(double i, std::size_t n) {
  auto k = static_cast<long long>(std::trunc(i));
  if (k < 0) k += static_cast<long long>(n);
  if (k < 0 || k >= static_cast<long long>(n)) return std::nullopt;
  return static_cast<std::size_t>(k);
}

Value fn_mvindex(const CallArgs& a) {
  std::vector<std::string> values = a.value(0).values();
  auto start = number_arg(a, 1);
  if (values.empty() || !start) return Value::null();
  auto first = resolve_index(*start, values.size());
  if (!first) return Value::null();
  if (a.size() < 3) return Value::of(values[*first]);
  auto end = number_arg(a, 2);
  if (!end) return Value::null();
  auto last = resolve_index(*end, values.size());
  if (!last) {
    // An end past the last value is clamped (Splunk); a negative one before the start is not.
    if (*end < 0) return Value::null();
    last = values.size() - 1;
  }
  if (*last < *first) return Value::null();
  return Value::list(std::vector<std::string>(values.begin() + static_cast<std::ptrdiff_t>(*first),
                                              values.begin() + static_cast<std::ptrdiff_t>(*last) + 1));
}

Value fn_mvfind(const CallArgs& a) {
  std::vector<std::string> values = a.value(0).values();
  auto pattern = string_arg(a, 1);
  if (!pattern) return Value::null();
  try {
    auto re = compile_regex(*pattern);
    for (std::size_t i = 0; i < values.size(); ++i)
      if (re->search(values[i])) return Value::of(static_cast<double>(i));
  } catch (const RegexError& e) {
    a.fail(e.message);
  }
  return Value::null();
}

Value fn_mvjoin(const CallArgs& a) {
  std::vector<std::string> values = a.value(0).values();
  auto delim = string_arg(a, 1);
  if (values.empty() || !delim) return Value::null();
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += *delim;
    out += values[i];
  }
  return Value::of(out);
}

Value fn_mvappend(const CallArgs& a) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (auto& v : a.value(i).values()) out.push_back(std::move(v));
  return Value::list(std::move(out));
}

// A scope where `field` reads one value of a multi-value and everything else reads through.
EvalScope bind_field(const EvalScope& outer, const std::string& field, const std::string* value) {
  EvalScope scope = outer;
  scope.field = [&outer, &field, value](std::string_view name) {
    if (name == field) return Value::of(*value);
    return outer.field ? outer.field(name) : Value::null();
  };
  return scope;
}

// The one field an mvfilter expression iterates over.
std::string filtered_field(const CallArgs& a, const ast::Expr& expr) {
  std::vector<std::string> fields = referenced_fields(expr);
  if (fields.size() != 1) a.fail("the expression must reference exactly one field");
  return fields[0];
}

Value fn_mvfilter(const CallArgs& a) {
  const ast::Expr& expr = a.expr(0);
  std::string field = filtered_field(a, expr);
  Value mv = a.scope().field ? a.scope().field(field) : Value::null();
  std::vector<std::string> kept;
  for (const auto& v : mv.values()) {
    EvalScope scope = bind_field(a.scope(), field, &v);
    if (truth(evaluate(expr, scope)).value_or(false)) kept.push_back(v);
  }
  return Value::list(std::move(kept));
}

// mvmap(X, expr): expr evaluated once per value of X, with X's field bound to that value. X may
// be an expression over one field (mvmap(mvindex(results, 1, 2), results*threshold) binds
// `results` to each of the values mvindex returns).
Value fn_mvmap(const CallArgs& a) {
  std::string field;
  if (a.expr(0).kind == ast::Expr::Kind::Field) {
    field = a.expr(0).text;
  } else {
    std::vector<std::string> fields = referenced_fields(a.expr(0));
    if (fields.empty()) a.fail("the first argument must be a field, or an expression over one field");
    field = fields[0];
  }
  std::vector<std::string> out;
  for (const auto& v : a.value(0).values()) {
    EvalScope scope = bind_field(a.scope(), field, &v);
    Value r = evaluate(a.expr(1), scope);
    for (auto& s : r.values()) out.push_back(std::move(s));
  }
  return Value::list(std::move(out));
}

Value fn_mvdedup(const CallArgs& a) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (auto& v : a.value(0).values())
    if (seen.insert(v).second) out.push_back(std::move(v));
  return Value::list(std::move(out));
}

Value fn_mvreverse(const CallArgs& a) {
  std::vector<std::string> values = a.value(0).values();
  std::reverse(values.begin(), values.end());
  return Value::list(std::move(values));
}

Value fn_mvsort(const CallArgs& a) {
  std::vector<std::string> values = a.value(0).values();
  std::sort(values.begin(), values.end());  // lexicographic, as Splunk documents
  return Value::list(std::move(values));
}

Value fn_mvzip(const CallArgs& a) {
  std::vector<std::string> x = a.value(0).values(), y = a.value(1).values();
  std::string delim = ",";
  if (a.size() > 2) {
    auto d = string_arg(a, 2);
    if (!d) return Value::null();
    delim = *d;
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < std::min(x.size(), y.size()); ++i) out.push_back(x[i] + delim + y[i]);
  return Value::list(std::move(out));
}

// mvrange(start, end, "7d"): a time span as the step makes start and end UNIX times, stepped in
// the user's time zone (a day across a daylight-saving change is 23 or 25 hours, as the page's
// example shows between 1520277931 and 1520879131).
Value mvrange_times(const CallArgs& a, double start, double end, const std::string& span) {
  const std::string step = "+" + span;
  if (!apply_time_modifier(step, 0, a.scope().tz)) a.fail("the step `" + span + "` is neither a number nor a time span");
  std::vector<std::string> out;
  auto t = static_cast<std::int64_t>(std::llround(start * 1e6));
  const auto stop = static_cast<std::int64_t>(std::llround(end * 1e6));
  while (t < stop) {
    if (out.size() >= kMaxGeneratedValues) a.fail("too many values");
    out.push_back(format_number(static_cast<double>(t) / 1e6));
    auto next = apply_time_modifier(step, t, a.scope().tz);
    if (!next || *next <= t) break;
    t = *next;
  }
  return Value::list(std::move(out));
}

Value fn_mvrange(const CallArgs& a) {
  auto start = number_arg(a, 0), end = number_arg(a, 1);
  double step = 1;
  if (a.size() > 2) {
    Value s = a.value(2);
    if (s.type == Value::Type::String && !s.as_number(step)) {
      if (!start || !end || std::fabs(*start) > 1e12 || std::fabs(*end) > 1e12) return Value::null();
      return mvrange_times(a, *start, *end, s.str);
    }
    if (!s.as_number(step)) return Value::null();
  }
  if (!start || !end || step == 0 || !std::isfinite(step)) return Value::null();
  std::vector<std::string> out;
  for (double v = *start; step > 0 ? v < *end : v > *end; v += step) {
    if (out.size() >= kMaxGeneratedValues) a.fail("too many values");
    out.push_back(format_number(v));
  }
  return Value::list(std::move(out));
}

// commands("search foo | stats count | sort count"): the command names of a search, in order.
Value fn_commands(const CallArgs& a) {
  auto text = string_arg(a, 0);
  if (!text) return Value::null();
  ParseResult parsed = parse_query(*text);
  if (!parsed.pipeline) return Value::null();
  std::vector<std::string> names;
  for (const auto& cmd : parsed.pipeline->commands) names.push_back(cmd.name);
  return Value::list(std::move(names));
}

}  // namespace

void register_multivalue(FunctionTable& t) {
  add(t, "split", 2, 2, fn_split);
  add(t, "mvcount", 1, 1, fn_mvcount);
  add(t, "mvindex", 2, 3, fn_mvindex);
  add(t, "mvfind", 2, 2, fn_mvfind);
  add(t, "mvjoin", 2, 2, fn_mvjoin);
  add(t, "mvappend", 1, kAnyArity, fn_mvappend);
  add(t, "mvfilter", 1, 1, fn_mvfilter);
  add(t, "mvmap", 2, 2, fn_mvmap);
  add(t, "mvdedup", 1, 1, fn_mvdedup);
  add(t, "mvsort", 1, 1, fn_mvsort);
  add(t, "mvreverse", 1, 1, fn_mvreverse);
  add(t, "commands", 1, 1, fn_commands);
  add(t, "mvzip", 2, 3, fn_mvzip);
  add(t, "mvrange", 2, 3, fn_mvrange);
}

}  // namespace spelunk::functions
