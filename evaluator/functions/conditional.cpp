// Conditions and nulls: if, case, coalesce, null, nullif, validate, true, false, in,
// searchmatch; and the informational functions (Search Reference, Informational functions):
// isnull, isnotnull, isnum, isint, isdouble, isstr, isbool, ismv, isarray, isobject, typeof.
#include <cmath>

#include "evaluator/functions/helpers.hpp"
#include "evaluator/functions/operators.hpp"
#include "evaluator/json_value.hpp"

namespace spelunk::functions {

namespace {

Value fn_if(const CallArgs& a) { return truth(a.value(0)).value_or(false) ? a.value(1) : a.value(2); }

Value fn_case(const CallArgs& a) {
  if (a.size() % 2 != 0) a.fail("takes pairs of condition, value");
  for (std::size_t i = 0; i + 1 < a.size(); i += 2)
    if (truth(a.value(i)).value_or(false)) return a.value(i + 1);
  return Value::null();
}

Value fn_coalesce(const CallArgs& a) {
  for (std::size_t i = 0; i < a.size(); ++i) {
    Value v = a.value(i);
    if (!v.is_null()) return v;
  }
  return Value::null();
}

Value fn_null(const CallArgs&) { return Value::null(); }

Value fn_nullif(const CallArgs& a) {
  Value x = a.value(0);
  Value same = compare("=", x, a.value(1));
  return truth(same).value_or(false) ? Value::null() : x;
}

// validate(c1, s1, c2, s2, ...): the string of the first FALSE condition, else null.
Value fn_validate(const CallArgs& a) {
  if (a.size() % 2 != 0) a.fail("takes pairs of condition, string");
  for (std::size_t i = 0; i + 1 < a.size(); i += 2)
    if (!truth(a.value(i)).value_or(false)) return a.value(i + 1);
  return Value::null();
}

Value fn_isnull(const CallArgs& a) { return Value::boolean(a.value(0).is_null()); }
Value fn_isnotnull(const CallArgs& a) { return Value::boolean(!a.value(0).is_null()); }
Value fn_isnum(const CallArgs& a) { return Value::boolean(numeric_argument(a, 0, a.value(0))); }

Value fn_isint(const CallArgs& a) {
  Value v = a.value(0);
  return Value::boolean(numeric_argument(a, 0, v) && !v.is_real());
}

// isdouble(3.546) is true, isdouble(1000000) false: a number written or computed with a fraction.
Value fn_isdouble(const CallArgs& a) {
  Value v = a.value(0);
  return Value::boolean(numeric_argument(a, 0, v) && v.is_real());
}

Value fn_ismv(const CallArgs& a) { return Value::boolean(a.value(0).is_multi()); }

// isarray("[1, 2, 3]") is true: text that is a JSON array (or object, for isobject).
template <bool kArray>
Value json_kind(const CallArgs& a) {
  Value v = a.value(0);
  if (v.type != Value::Type::String) return Value::boolean(false);
  auto parsed = json::parse(v.str);
  return Value::boolean(parsed && (kArray ? parsed->is_array() : parsed->is_object()));
}

// A NaN is a string too, whether text "NaN" or a computed NaN (Informational functions, isstr:
// "each isstr test identifies "NaN" as a string").
Value fn_isstr(const CallArgs& a) {
  Value v = a.value(0);
  if ((v.type == Value::Type::Number && std::isnan(v.number)) || (v.type == Value::Type::String && (v.str == "NaN" || v.str == "nan")))
    return Value::boolean(true);
  return Value::boolean((v.type == Value::Type::String || v.is_multi()) && !numeric_argument(a, 0, v));
}

Value fn_isbool(const CallArgs& a) { return Value::boolean(a.value(0).type == Value::Type::Bool); }

Value fn_typeof(const CallArgs& a) {
  Value v = a.value(0);
  if (numeric_argument(a, 0, v)) return Value::of("Number");
  switch (v.type) {
    case Value::Type::Null: return Value::of("Invalid");
    case Value::Type::Bool: return Value::of("Bool");  // typeof(1==2) (Informational functions)
    case Value::Type::Multi: return Value::of("Multivalue");
    default: return Value::of("String");
  }
}

Value fn_true(const CallArgs&) { return Value::boolean(true); }
Value fn_false(const CallArgs&) { return Value::boolean(false); }

Value fn_in(const CallArgs& a) {
  Value x = a.value(0);
  if (x.is_null()) return Value::boolean(false);
  for (std::size_t i = 1; i < a.size(); ++i)
    if (truth(compare("=", x, a.value(i))).value_or(false)) return Value::boolean(true);
  return Value::boolean(false);
}

Value fn_searchmatch(const CallArgs& a) {
  if (!a.scope().searchmatch) a.fail("is not available in this context");
  auto s = string_arg(a, 0);
  if (!s) return Value::null();
  return Value::boolean(a.scope().searchmatch(*s));
}

}  // namespace

void register_conditional(FunctionTable& t) {
  add(t, "if", 3, 3, fn_if);
  add(t, "case", 2, kAnyArity, fn_case);
  add(t, "coalesce", 1, kAnyArity, fn_coalesce);
  add(t, "ifnull", 1, kAnyArity, fn_coalesce);
  add(t, "null", 0, 0, fn_null);
  add(t, "nullif", 2, 2, fn_nullif);
  add(t, "validate", 2, kAnyArity, fn_validate);
  add(t, "isnull", 1, 1, fn_isnull, true);
  add(t, "isnotnull", 1, 1, fn_isnotnull, true);
  add(t, "isnum", 1, 1, fn_isnum, true);
  add(t, "isint", 1, 1, fn_isint, true);
  add(t, "isstr", 1, 1, fn_isstr, true);
  add(t, "isbool", 1, 1, fn_isbool, true);
  add(t, "isdouble", 1, 1, fn_isdouble, true);
  add(t, "ismv", 1, 1, fn_ismv, true);
  add(t, "isarray", 1, 1, json_kind<true>, true);
  add(t, "isobject", 1, 1, json_kind<false>, true);
  add(t, "typeof", 1, 1, fn_typeof);
  add(t, "true", 0, 0, fn_true, true);
  add(t, "false", 0, 0, fn_false, true);
  add(t, "in", 1, kAnyArity, fn_in, true);
  add(t, "searchmatch", 1, 1, fn_searchmatch, true);
}

}  // namespace spelunk::functions
