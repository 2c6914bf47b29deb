// Multi-value functions: split, mvcount, mvindex, mvfind, mvjoin, mvappend, mvfilter, mvmap,
// mvdedup, mvsort, mvzip, mvrange.
#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "evaluator/functions/helpers.hpp"
#include "evaluator/functions/operators.hpp"
#include "evaluator/regex.hpp"

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

// mvmap(X, expr): expr evaluated once per value of field X (X bound to that value).
Value fn_mvmap(const CallArgs& a) {
  if (a.expr(0).kind != ast::Expr::Kind::Field) a.fail("the first argument must be a field");
  const std::string& field = a.expr(0).text;
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

Value fn_mvrange(const CallArgs& a) {
  auto start = number_arg(a, 0), end = number_arg(a, 1);
  double step = 1;
  if (a.size() > 2) {
    auto s = number_arg(a, 2);
    if (!s) return Value::null();
    step = *s;
  }
  if (!start || !end || step == 0 || !std::isfinite(step)) return Value::null();
  std::vector<std::string> out;
  for (double v = *start; step > 0 ? v < *end : v > *end; v += step) {
    if (out.size() >= kMaxGeneratedValues) a.fail("too many values");
    out.push_back(format_number(v));
  }
  return Value::list(std::move(out));
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
  add(t, "mvzip", 2, 3, fn_mvzip);
  add(t, "mvrange", 2, 3, fn_mvrange);
}

}  // namespace spelunk::functions
