#include "evaluator/functions/registry.hpp"

namespace spelunk::functions {

const FunctionTable& function_table() {
  static const FunctionTable table = [] {
    FunctionTable t;
    register_conditional(t);
    register_string(t);
    register_conversion(t);
    register_multivalue(t);
    register_math(t);
    register_regex(t);
    register_time(t);
    register_hash(t);
    register_network(t);
    register_json(t);
    register_statistical(t);
    return t;
  }();
  return table;
}

const FunctionSpec* find_function(std::string_view name) {
  const auto& table = function_table();
  auto it = table.find(name);
  return it == table.end() ? nullptr : &it->second;
}

}  // namespace spelunk::functions
