// Regex functions (RE2 via evaluator/regex.hpp): match(s, re), replace(s, re, repl).
#include <cctype>

#include <re2/re2.h>

#include "evaluator/functions/helpers.hpp"
#include "evaluator/regex.hpp"

namespace spelunk::functions {

namespace {

std::shared_ptr<const re2::RE2> regex_arg(const CallArgs& a, std::size_t i) {
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
  for (const auto& s : v.values())
    if (re2::RE2::PartialMatch(s, *re)) return Value::boolean(true);
  return Value::boolean(false);
}

// Splunk's replacement text: \N is group N; any other backslash is literal. RE2 wants '\\'
// for a literal backslash.
std::string to_re2_rewrite(std::string_view repl, int groups, const CallArgs& a) {
  std::string out;
  for (std::size_t i = 0; i < repl.size(); ++i) {
    char c = repl[i];
    if (c == '\\' && i + 1 < repl.size() && std::isdigit(static_cast<unsigned char>(repl[i + 1]))) {
      int group = repl[i + 1] - '0';
      if (group > groups) a.fail("replacement refers to group \\" + std::to_string(group) + " which the regex lacks");
      out += repl.substr(i, 2);
      ++i;
    } else if (c == '\\') {
      out += "\\\\";
    } else {
      out += c;
    }
  }
  return out;
}

Value fn_replace(const CallArgs& a) {
  Value v = a.value(0);
  auto re = regex_arg(a, 1);
  auto repl = string_arg(a, 2);
  if (v.is_null() || !re || !repl) return Value::null();
  std::string rewrite = to_re2_rewrite(*repl, re->NumberOfCapturingGroups(), a);
  return map_values(v, [&](std::string s) {
    re2::RE2::GlobalReplace(&s, *re, rewrite);
    return s;
  });
}

}  // namespace

void register_regex(FunctionTable& t) {
  add(t, "match", 2, 2, fn_match, true);
  add(t, "replace", 3, 3, fn_replace);
}

}  // namespace spelunk::functions
