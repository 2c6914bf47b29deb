// Regex functions (evaluator/regex.hpp: RE2 when it can, PCRE2 with limits otherwise):
// match(s, re), replace(s, re, repl).
#include "evaluator/functions/helpers.hpp"
#include "evaluator/regex.hpp"

namespace spelunk::functions {

namespace {

std::shared_ptr<const Regex> regex_arg(const CallArgs& a, std::size_t i) {
  auto pattern = string_arg(a, i);
  if (!pattern) return nullptr;
  try {
    return compile_regex(*pattern);
  } catch (const RegexError& e) {
    a.fail(e.message);
  }
}

Value fn_match(const CallArgs& a) {
  Value v = a.value(0);
  auto re = regex_arg(a, 1);
  if (v.is_null() || !re) return Value::null();
  try {
    for (const auto& s : v.values())
      if (re->search(s)) return Value::boolean(true);
  } catch (const RegexError& e) {
    a.fail(e.message);
  }
  return Value::boolean(false);
}

// Splunk's replacement text: \N is group N; any other backslash is literal.
Value fn_replace(const CallArgs& a) {
  Value v = a.value(0);
  auto re = regex_arg(a, 1);
  auto repl = string_arg(a, 2);
  if (v.is_null() || !re || !repl) return Value::null();
  try {
    const Regex::Replacement with = re->eval_replacement(*repl);
    return map_values(v, [&](const std::string& s) { return re->replace(s, with); });
  } catch (const RegexError& e) {
    a.fail(e.message);
  }
}

}  // namespace

void register_regex(FunctionTable& t) {
  add(t, "match", 2, 2, fn_match, true);
  add(t, "replace", 3, 3, fn_replace);
}

}  // namespace spelunk::functions
