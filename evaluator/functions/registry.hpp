// The eval function registry: name -> {min arity, max arity, implementation}. Each family of
// functions lives in its own file (conditional.cpp, string.cpp, ...) and registers itself
// through its register_<family>() function, called once from registry.cpp.
#pragma once

#include <cstddef>
#include <limits>
#include <map>
#include <string>
#include <string_view>

#include "evaluator/eval.hpp"

namespace spelunk::functions {

// The arguments of one call, evaluated on demand (if/case/coalesce are lazy, mvfilter
// re-evaluates its argument per value).
class CallArgs {
 public:
  CallArgs(const ast::Expr& call, const EvalScope& scope) : call_(call), scope_(scope) {}
  std::size_t size() const { return call_.args.size(); }
  Value value(std::size_t i) const { return evaluate(call_.args[i], scope_); }
  const ast::Expr& expr(std::size_t i) const { return call_.args[i]; }
  const EvalScope& scope() const { return scope_; }
  const ast::Expr& call() const { return call_; }
  // Aborts the search with a message naming the function.
  [[noreturn]] void fail(const std::string& message) const {
    throw EvalError{call_.text + "(): " + message, call_.pos};
  }

 private:
  const ast::Expr& call_;
  const EvalScope& scope_;
};

using FunctionImpl = Value (*)(const CallArgs&);

// Checks a call's arguments as written, before any row is read (throws EvalError).
using FunctionCheck = void (*)(const ast::Expr& call);

struct FunctionSpec {
  std::size_t min_arity = 0;
  std::size_t max_arity = 0;
  FunctionImpl impl = nullptr;
  bool returns_boolean = false;  // may only be used as a condition (R9.1)
  FunctionCheck check = nullptr;
};

inline constexpr std::size_t kAnyArity = std::numeric_limits<std::size_t>::max();

using FunctionTable = std::map<std::string, FunctionSpec, std::less<>>;

const FunctionTable& function_table();
const FunctionSpec* find_function(std::string_view name);

void register_conditional(FunctionTable& table);
void register_string(FunctionTable& table);
void register_conversion(FunctionTable& table);
void register_multivalue(FunctionTable& table);
void register_math(FunctionTable& table);
void register_regex(FunctionTable& table);
void register_time(FunctionTable& table);
void register_hash(FunctionTable& table);
void register_network(FunctionTable& table);
void register_json(FunctionTable& table);
void register_statistical(FunctionTable& table);

}  // namespace spelunk::functions
