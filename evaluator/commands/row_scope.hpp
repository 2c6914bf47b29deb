// An EvalScope over one row of a Result at a time (eval, where, and any command that evaluates
// expressions per row). Column positions are looked up once per name, not per row;
// searchmatch("...") parses its search string once and tests it against the current row.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "evaluator/command.hpp"
#include "evaluator/eval.hpp"

namespace spelunk::commands {

class RowScope {
 public:
  RowScope(const Result& result, const ExecContext& ctx);
  RowScope(const RowScope&) = delete;
  RowScope& operator=(const RowScope&) = delete;

  // The scope reading `row` (valid until the next call).
  const EvalScope& at(std::size_t row) {
    row_ = row;
    return scope_;
  }

 private:
  int column(std::string_view name);
  bool searchmatch(std::string_view search);

  const Result& result_;
  EvalScope scope_;
  std::size_t row_ = 0;
  std::vector<std::pair<std::string, int>> columns_;
  std::map<std::string, ast::SearchExpr, std::less<>> searches_;  // parsed searchmatch strings
};

}  // namespace spelunk::commands
