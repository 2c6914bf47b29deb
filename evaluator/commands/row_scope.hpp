// An EvalScope over one row of a Result at a time (eval, where, and any command that evaluates
// expressions per row). Column positions are looked up once per name, not per row.
#pragma once

#include <string>
#include <unordered_map>

#include "evaluator/command.hpp"
#include "evaluator/eval.hpp"

namespace spelunk::commands {

class RowScope {
 public:
  RowScope(const Result& result, const ExecContext& ctx) : result_(result) {
    scope_.now_us = ctx.now_us;
    scope_.tz = ctx.tz;
    scope_.field = [this](std::string_view name) {
      int col = column(name);
      return col < 0 ? Value::null() : result_.get(static_cast<std::size_t>(col), row_);
    };
  }
  RowScope(const RowScope&) = delete;
  RowScope& operator=(const RowScope&) = delete;

  // The scope reading `row` (valid until the next call).
  const EvalScope& at(std::size_t row) {
    row_ = row;
    return scope_;
  }
  EvalScope& scope() { return scope_; }

 private:
  int column(std::string_view name) {
    auto it = columns_.find(std::string(name));
    if (it != columns_.end()) return it->second;
    int col = result_.find(name);
    columns_.emplace(std::string(name), col);
    return col;
  }

  const Result& result_;
  EvalScope scope_;
  std::size_t row_ = 0;
  std::unordered_map<std::string, int> columns_;
};

}  // namespace spelunk::commands
