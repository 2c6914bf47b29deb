// An EvalScope over one row of a Result at a time (eval, where, and any command that evaluates
// expressions per row). Column positions are looked up once per name, not per row.
#pragma once

#include <string>
#include <utility>
#include <vector>

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
  // Expressions read few fields: a linear cache beats hashing a freshly built string per read.
  int column(std::string_view name) {
    for (const auto& [cached, col] : columns_)
      if (cached == name) return col;
    int col = result_.find(name);
    columns_.emplace_back(std::string(name), col);
    return col;
  }

  const Result& result_;
  EvalScope scope_;
  std::size_t row_ = 0;
  std::vector<std::pair<std::string, int>> columns_;
};

}  // namespace spelunk::commands
